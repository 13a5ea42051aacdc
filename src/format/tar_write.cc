// Writing tars: the code/test tar builder and member lists (formats.md §12).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "format/internal/archive_util.h"
#include "format/tar.h"

namespace mse::format {
namespace {

namespace fs = std::filesystem;
using internal::ArchiveError;

class TarOutput {
 public:
  static StatusOr<TarOutput> Open(const std::string& tar_path) {
    MSE_ASSIGN_OR_RETURN(auto out, internal::AtomicOutput::Create(tar_path));
    internal::ArchiveWriter a(archive_write_new());
    if (!a || archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
        archive_write_add_filter_none(a.get()) != ARCHIVE_OK ||
        archive_write_open_fd(a.get(), out->fd()) != ARCHIVE_OK) {
      return ArchiveError(a.get(), "creating " + tar_path);
    }
    return TarOutput(tar_path, std::move(a), std::move(out));
  }

  Status Add(const std::string& source, const std::string& name) {
    int fd = open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoError("opening " + source, errno);
    Status s = AddOpen(fd, source, name);
    close(fd);
    return s;
  }

  Status Finish() {
    if (archive_write_close(a_.get()) != ARCHIVE_OK) {
      return ArchiveError(a_.get(), "finishing " + path_);
    }
    return out_->Commit();
  }

 private:
  TarOutput(std::string path, internal::ArchiveWriter a, std::unique_ptr<internal::AtomicOutput> out)
      : path_(std::move(path)), out_(std::move(out)), a_(std::move(a)) {}

  Status AddOpen(int fd, const std::string& source, const std::string& name) {
    struct stat st;
    if (fstat(fd, &st) != 0) return ErrnoError("reading " + source, errno);
    if (!S_ISREG(st.st_mode)) return InvalidArgumentError(source + " is not a regular file");
    internal::ArchiveEntry entry(archive_entry_new());
    archive_entry_copy_stat(entry.get(), &st);
    archive_entry_set_nlink(entry.get(), 1);
    archive_entry_set_pathname(entry.get(), name.c_str());
    if (archive_write_header(a_.get(), entry.get()) != ARCHIVE_OK) {
      return ArchiveError(a_.get(), "adding " + source + " to " + path_);
    }
    char buffer[64 * 1024];
    int64_t total = 0;
    while (true) {
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoError("reading " + source, errno);
      if (n == 0) break;
      total += n;
      if (total > st.st_size) return DataLossError(source + " grew while being archived");
      if (archive_write_data(a_.get(), buffer, static_cast<size_t>(n)) != n) {
        return ArchiveError(a_.get(), "writing " + source + " into " + path_);
      }
    }
    if (total != st.st_size) return DataLossError(source + " shrank while being archived");
    if (archive_write_finish_entry(a_.get()) != ARCHIVE_OK) {
      return ArchiveError(a_.get(), "writing " + source + " into " + path_);
    }
    return Status::Ok();
  }

  std::string path_;
  // Declared before a_ so that the archive is freed before its fd closes.
  std::unique_ptr<internal::AtomicOutput> out_;
  internal::ArchiveWriter a_;
};

// Relative paths of the regular files to ship, hidden and excluded pruned.
Status Collect(const fs::path& root, const fs::path& rel, const TarExclude& exclude,
               std::vector<fs::path>& out) {
  std::error_code ec;
  auto listing_error = [&] {
    return InvalidArgumentError("listing " + (root / rel).string() + ": " + ec.message());
  };
  fs::directory_iterator it(root / rel, ec);
  if (ec) return listing_error();
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (name.starts_with(".")) continue;
    fs::file_status st = entry.symlink_status(ec);
    if (ec) return InvalidArgumentError("reading " + entry.path().string() + ": " + ec.message());
    bool is_dir = fs::is_directory(st);
    if (exclude && exclude(name, is_dir)) continue;
    if (is_dir) {
      MSE_RETURN_IF_ERROR(Collect(root, rel / name, exclude, out));
    } else if (fs::is_regular_file(st)) {
      out.push_back(rel / name);
    }
  }
  if (ec) return listing_error();
  return Status::Ok();
}

}  // namespace

bool IsTestsTarExcluded(std::string_view basename, bool /*is_directory*/) {
  return basename == "__pycache__" || basename == ".pytest_cache";
}

Status BuildDirectoryTar(const std::string& root_dir, const std::string& tar_path,
                         const TarExclude& exclude) {
  std::error_code ec;
  if (!fs::is_directory(root_dir, ec)) {
    return NotFoundError("cannot archive " + root_dir + ": not a directory");
  }
  std::vector<fs::path> files;
  MSE_RETURN_IF_ERROR(Collect(root_dir, fs::path(), exclude, files));
  std::sort(files.begin(), files.end());  // path order: component by component
  std::vector<TarMember> members;
  for (const auto& rel : files) {
    members.push_back({rel.generic_string(), (fs::path(root_dir) / rel).string()});
  }
  return WriteTar(members, tar_path);
}

Status WriteTar(const std::vector<TarMember>& members, const std::string& tar_path) {
  MSE_ASSIGN_OR_RETURN(TarOutput out, TarOutput::Open(tar_path));
  for (const auto& m : members) MSE_RETURN_IF_ERROR(out.Add(m.source_path, m.member_name));
  return out.Finish();
}

}  // namespace mse::format
