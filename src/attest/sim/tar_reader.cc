#include "attest/sim/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <memory>
#include <vector>

namespace mse::attest::sim {
namespace {

struct CallbackState {
  const ByteSource* source;
  Bytes buffer = Bytes(64 * 1024);
  Status error;
};

la_ssize_t ReadCallback(struct archive* a, void* data, const void** out) {
  auto* state = static_cast<CallbackState*>(data);
  auto n = (*state->source)(state->buffer);
  if (!n.ok()) {
    state->error = n.status();
    archive_set_error(a, EIO, "%s", n.status().message().c_str());
    return -1;
  }
  *out = state->buffer.data();
  return static_cast<la_ssize_t>(*n);
}

TarEntry::Type TypeOf(struct archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return TarEntry::Type::kHardlink;
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return TarEntry::Type::kFile;
    case AE_IFDIR:
      return TarEntry::Type::kDirectory;
    case AE_IFLNK:
      return TarEntry::Type::kSymlink;
    default:
      return TarEntry::Type::kOther;
  }
}

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

}  // namespace

Status ForEachTarEntry(const ByteSource& source, const std::string& what, const TarVisitor& visit) {
  std::unique_ptr<struct archive, ArchiveFree> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_all(a.get());
  CallbackState state{&source};
  auto fail = [&](const char* step) {
    if (!state.error.ok()) return state.error;
    return InvalidArgumentError(what + ": " + step + ": libarchive: " +
                                std::string(archive_error_string(a.get()) != nullptr
                                                ? archive_error_string(a.get())
                                                : "unknown error"));
  };
  if (archive_read_open(a.get(), &state, nullptr, ReadCallback, nullptr) != ARCHIVE_OK) {
    return fail("not a tar archive");
  }
  struct archive_entry* entry = nullptr;
  while (true) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return fail("bad entry header");
    TarEntry e;
    const char* path = archive_entry_pathname(entry);
    e.path = path != nullptr ? path : "";
    e.type = TypeOf(entry);
    const char* target =
        e.type == TarEntry::Type::kHardlink ? archive_entry_hardlink(entry) : archive_entry_symlink(entry);
    if (target != nullptr) e.link_target = target;
    ByteSource data = [&](MutableByteView buffer) -> StatusOr<size_t> {
      const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
      if (n < 0) return fail(("reading " + e.path).c_str());
      return static_cast<size_t>(n);
    };
    MSE_RETURN_IF_ERROR(visit(e, data));
  }
  return Status::Ok();
}

StatusOr<ByteSource> FileSource(FileSystem& fs, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> file, fs.OpenForRead(path));
  std::shared_ptr<ReadableFile> shared(std::move(file));
  return ByteSource([shared](MutableByteView buffer) { return shared->Read(buffer); });
}

crypto::Sha256Digest HashSource(const ByteSource& source, Status* error) {
  crypto::Sha256Hasher hasher;
  Bytes buffer(64 * 1024);
  while (true) {
    auto n = source(buffer);
    if (!n.ok()) {
      *error = n.status();
      return {};
    }
    if (*n == 0) break;
    hasher.Update(ByteView(buffer).first(*n));
  }
  return hasher.Finish();
}

StatusOr<crypto::Sha256Digest> HashFile(FileSystem& fs, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(ByteSource source, FileSource(fs, path));
  Status error;
  crypto::Sha256Digest digest = HashSource(source, &error);
  if (!error.ok()) return error;
  return digest;
}

StatusOr<std::string> ReadSource(const ByteSource& source, size_t limit, const std::string& what) {
  std::string out;
  Bytes buffer(64 * 1024);
  while (true) {
    MSE_ASSIGN_OR_RETURN(size_t n, source(buffer));
    if (n == 0) return out;
    out.append(reinterpret_cast<const char*>(buffer.data()), n);
    if (out.size() > limit) {
      return InvalidArgumentError(what + " is larger than " + std::to_string(limit) + " bytes");
    }
  }
}

std::string NormalizeAbsolute(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out.append(part);
  }
  return out.empty() ? "/" : out;
}

}  // namespace mse::attest::sim
