// Safe tar extraction (formats.md §12, Q-31): validate every header first,
// then extract into a temporary directory and move the result into place.
#include <stdlib.h>

#include <cerrno>
#include <filesystem>

#include "format/internal/archive_util.h"
#include "format/tar.h"

namespace mse::format {
namespace {

namespace fs = std::filesystem;
using internal::ArchiveError;

// Only the filters formats.md §12 names, built into libarchive: never the
// filters that run an external program (lrzip, lzop, grzip, ...).
bool SupportFilters(archive* a, const ExtractLimits& limits) {
  if (archive_read_support_filter_none(a) != ARCHIVE_OK) return false;
  if (!limits.allow_compression) return true;
  return archive_read_support_filter_gzip(a) == ARCHIVE_OK &&
         archive_read_support_filter_bzip2(a) == ARCHIVE_OK &&
         archive_read_support_filter_xz(a) == ARCHIVE_OK;
}

StatusOr<internal::ArchiveReader> OpenForRead(const std::string& tar_path, const ExtractLimits& limits) {
  internal::ArchiveReader a(archive_read_new());
  if (!a || !SupportFilters(a.get(), limits) || archive_read_support_format_tar(a.get()) != ARCHIVE_OK) {
    return ArchiveError(a.get(), "opening " + tar_path);
  }
  if (archive_read_open_filename(a.get(), tar_path.c_str(), size_t{64} * 1024) != ARCHIVE_OK) {
    return ArchiveError(a.get(), tar_path);
  }
  return a;
}

// ARCHIVE_OK and ARCHIVE_EOF pass; warnings are tolerated.
StatusOr<bool> NextHeader(archive* a, archive_entry** entry, const std::string& tar_path) {
  int r = archive_read_next_header(a, entry);
  if (r == ARCHIVE_EOF) return false;
  if (r < ARCHIVE_WARN) return ArchiveError(a, tar_path);
  return true;
}

struct Budget {
  uint64_t members = 0;
  uint64_t bytes = 0;
};

bool IsCompressed(archive* a) { return archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE; }

// A compression bomb is refused while it is read: once the decompressed
// stream passed ratio_floor_bytes it may not exceed max_compression_ratio
// times the compressed bytes consumed.
Status CheckRatio(archive* a, const std::string& tar_path, const ExtractLimits& limits) {
  if (!IsCompressed(a)) return Status::Ok();
  int64_t out = archive_filter_bytes(a, 0);
  int64_t in = archive_filter_bytes(a, -1);
  if (out < 0 || in <= 0 || static_cast<uint64_t>(out) <= limits.ratio_floor_bytes) return Status::Ok();
  uint64_t ratio = static_cast<uint64_t>(out) / static_cast<uint64_t>(in);
  if (ratio < limits.max_compression_ratio) return Status::Ok();
  return OutOfRangeError(tar_path + ": the " + archive_filter_name(a, 0) + " stream expands more than " +
                         std::to_string(limits.max_compression_ratio) + " times (" + std::to_string(out) +
                         " bytes from " + std::to_string(in) + "): refused as a compression bomb");
}

// Skips the current member's data; a compressed stream is decompressed
// block by block so that the ratio is checked as it grows.
Status SkipData(archive* a, const std::string& tar_path, const ExtractLimits& limits) {
  if (!IsCompressed(a)) {
    if (archive_read_data_skip(a) != ARCHIVE_OK) return ArchiveError(a, tar_path);
    return Status::Ok();
  }
  const void* block;
  size_t size;
  la_int64_t offset;
  while (true) {
    int r = archive_read_data_block(a, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return Status::Ok();
    if (r < ARCHIVE_WARN) return ArchiveError(a, tar_path);
    MSE_RETURN_IF_ERROR(CheckRatio(a, tar_path, limits));
  }
}

Status CheckMember(archive* e_archive, archive_entry* e, const std::string& tar_path,
                   const ExtractLimits& limits, Budget& budget) {
  const char* raw = archive_entry_pathname(e);
  std::string name = raw ? raw : "";
  std::string prefix = tar_path + ": member '" + name + "' ";
  if (name.empty()) return InvalidArgumentError(tar_path + ": a member has an empty name");
  if (name.front() == '/') return InvalidArgumentError(prefix + "has an absolute path");
  for (const auto& part : fs::path(name)) {
    if (part == "..") return InvalidArgumentError(prefix + "escapes the destination directory");
  }
  if (archive_entry_hardlink(e) != nullptr) return InvalidArgumentError(prefix + "is a hard link");
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
    case AE_IFDIR:
      break;
    case AE_IFLNK:
      return InvalidArgumentError(prefix + "is a symbolic link");
    default:
      return InvalidArgumentError(prefix + "is a device, FIFO or socket");
  }
  uint64_t size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
  if (size > limits.max_member_size) {
    return OutOfRangeError(prefix + "is " + std::to_string(size) + " bytes, over the limit of " +
                           std::to_string(limits.max_member_size));
  }
  MSE_RETURN_IF_ERROR(CheckRatio(e_archive, tar_path, limits));
  budget.bytes += size;
  if (++budget.members > limits.max_members || budget.bytes > limits.max_total_size) {
    return OutOfRangeError(tar_path + ": the archive exceeds the extraction limits (" +
                           std::to_string(limits.max_members) + " members, " +
                           std::to_string(limits.max_total_size) + " bytes)");
  }
  return Status::Ok();
}

// Pass 1: headers only. Returns member names.
StatusOr<std::vector<std::string>> ValidateOpened(internal::ArchiveReader a, const std::string& tar_path,
                                                  const ExtractLimits& limits) {
  std::vector<std::string> names;
  Budget budget;
  archive_entry* entry = nullptr;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool more, NextHeader(a.get(), &entry, tar_path));
    if (!more) break;
    MSE_RETURN_IF_ERROR(CheckMember(a.get(), entry, tar_path, limits, budget));
    names.emplace_back(archive_entry_pathname(entry));
    MSE_RETURN_IF_ERROR(SkipData(a.get(), tar_path, limits));
  }
  return names;
}

StatusOr<std::vector<std::string>> Validate(const std::string& tar_path, const ExtractLimits& limits) {
  MSE_ASSIGN_OR_RETURN(auto a, OpenForRead(tar_path, limits));
  return ValidateOpened(std::move(a), tar_path, limits);
}

Status CopyData(archive* in, archive* out, const std::string& what, const std::string& tar_path,
                const ExtractLimits& limits) {
  const void* block;
  size_t size;
  la_int64_t offset;
  while (true) {
    int r = archive_read_data_block(in, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return Status::Ok();
    if (r < ARCHIVE_WARN) return ArchiveError(in, what);
    MSE_RETURN_IF_ERROR(CheckRatio(in, tar_path, limits));
    if (archive_write_data_block(out, block, size, offset) < ARCHIVE_WARN) {
      return ArchiveError(out, what);
    }
  }
}

// Pass 2: the same checks again (the file may have changed), libarchive's
// own guards on top, everything under `temp_dir`.
Status ExtractInto(const std::string& tar_path, const std::string& temp_dir, const ExtractLimits& limits) {
  MSE_ASSIGN_OR_RETURN(auto in, OpenForRead(tar_path, limits));
  internal::ArchiveWriter out(archive_write_disk_new());
  // Names were checked relative; they are written prefixed with temp_dir, so
  // libarchive's "no absolute path" guard cannot be used here.
  archive_write_disk_set_options(
      out.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  Budget budget;
  archive_entry* entry = nullptr;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool more, NextHeader(in.get(), &entry, tar_path));
    if (!more) break;
    MSE_RETURN_IF_ERROR(CheckMember(in.get(), entry, tar_path, limits, budget));
    std::string name = archive_entry_pathname(entry);
    std::string what = tar_path + ": extracting member '" + name + "'";
    bool is_dir = archive_entry_filetype(entry) == AE_IFDIR;
    // No set-id bits; the owner can always read and write what we extract.
    archive_entry_set_perm(entry, (archive_entry_perm(entry) & 0777) | (is_dir ? 0700 : 0600));
    archive_entry_set_pathname(entry, (temp_dir + "/" + name).c_str());
    if (archive_write_header(out.get(), entry) < ARCHIVE_WARN) return ArchiveError(out.get(), what);
    MSE_RETURN_IF_ERROR(CopyData(in.get(), out.get(), what, tar_path, limits));
    if (archive_write_finish_entry(out.get()) < ARCHIVE_WARN) return ArchiveError(out.get(), what);
  }
  if (archive_write_close(out.get()) != ARCHIVE_OK) return ArchiveError(out.get(), tar_path);
  return Status::Ok();
}

// Moves the top-level entries of `temp_dir` into `dest`, refusing to
// replace anything.
Status MoveInto(const fs::path& temp_dir, const fs::path& dest) {
  std::error_code ec;
  std::vector<fs::path> tops;
  fs::directory_iterator it(temp_dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    tops.push_back(it->path().filename());
  }
  if (ec) return InternalError("listing " + temp_dir.string() + ": " + ec.message());
  for (const auto& name : tops) {
    if (fs::exists(fs::symlink_status(dest / name, ec))) {
      return AlreadyExistsError((dest / name).string() + " already exists; extract into an empty directory");
    }
  }
  for (const auto& name : tops) {
    fs::rename(temp_dir / name, dest / name, ec);
    if (ec) return InternalError("moving into " + (dest / name).string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace

ExtractLimits CodeTreeExtractLimits() {
  ExtractLimits limits;
  limits.max_member_size = uint64_t{256} << 20;
  limits.max_total_size = uint64_t{1} << 30;
  limits.max_members = 100'000;
  limits.allow_compression = false;
  return limits;
}

StatusOr<std::vector<std::string>> ExtractTarSafely(const std::string& tar_path, const std::string& dest_dir,
                                                    const ExtractLimits& limits) {
  MSE_ASSIGN_OR_RETURN(auto names, Validate(tar_path, limits));
  std::error_code ec;
  bool created = fs::create_directories(dest_dir, ec);
  if (ec) return InvalidArgumentError("creating " + dest_dir + ": " + ec.message());
  std::string pattern = (fs::path(dest_dir) / ".mse-extract-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    return ErrnoError("creating a temporary directory in " + dest_dir, errno);
  }
  // Canonical, so that libarchive's symlink guard only sees the members' own
  // path components, not a symlink the user has in the destination path.
  fs::path temp_dir = fs::canonical(buffer.data(), ec);
  if (ec) {
    fs::remove(buffer.data(), ec);
    return InternalError("resolving " + std::string(buffer.data()) + ": " + ec.message());
  }
  Status s = ExtractInto(tar_path, temp_dir.string(), limits);
  if (s.ok()) s = MoveInto(temp_dir, dest_dir);
  fs::remove_all(temp_dir, ec);
  if (!s.ok() && created) fs::remove_all(dest_dir, ec);
  if (!s.ok()) return s;
  return names;
}

StatusOr<std::vector<std::string>> ValidateTarInMemory(std::string_view data, const std::string& what,
                                                      const ExtractLimits& limits) {
  internal::ArchiveReader a(archive_read_new());
  if (!a || archive_read_support_filter_none(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_tar(a.get()) != ARCHIVE_OK ||
      archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
    return InvalidArgumentError(what + " is not an uncompressed tar archive" +
                                (a ? std::string(": ") + (archive_error_string(a.get()) ? archive_error_string(a.get()) : "")
                                   : std::string()));
  }
  auto names = ValidateOpened(std::move(a), what, limits);
  if (names.ok() && names->empty()) return InvalidArgumentError(what + " holds no file");
  return names;
}

}  // namespace mse::format
