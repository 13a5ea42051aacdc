// The real Env: POSIX files, getrandom(2), the system clock.
#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "base/env.h"

namespace mse {
namespace {

mode_t FileModeBits(FileMode mode) {
  switch (mode) {
    case FileMode::kSecret: return 0600;
    case FileMode::kExecutable: return 0755;
    case FileMode::kNormal: return 0644;
  }
  return 0644;
}

class PosixReadableFile : public ReadableFile {
 public:
  PosixReadableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixReadableFile() override { ::close(fd_); }

  StatusOr<size_t> Read(MutableByteView buffer) override {
    while (true) {
      ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return ErrnoError("cannot read " + path_, errno);
    }
  }

  StatusOr<uint64_t> Size() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoError("cannot stat " + path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  int fd_;
  std::string path_;
};

class PosixAtomicFile : public WritableFile {
 public:
  PosixAtomicFile(int fd, std::string temp, std::string target)
      : fd_(fd), temp_(std::move(temp)), target_(std::move(target)) {}
  ~PosixAtomicFile() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temp_.c_str());
  }

  Status Append(ByteView data) override { return WriteAll(data, -1); }

  Status WriteAt(uint64_t offset, ByteView data) override {
    return WriteAll(data, static_cast<off_t>(offset));
  }

  Status Commit() override {
    if (committed_) return InternalError("file " + target_ + " committed twice");
    if (::fsync(fd_) != 0) return ErrnoError("cannot sync " + target_, errno);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return ErrnoError("cannot close " + target_, errno);
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      return ErrnoError("cannot rename into " + target_, errno);
    }
    committed_ = true;
    return Status::Ok();
  }

 private:
  // offset < 0: append at the current position.
  Status WriteAll(ByteView data, off_t offset) {
    if (fd_ < 0) return InternalError("write to closed file " + target_);
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = offset < 0 ? ::write(fd_, data.data() + done, data.size() - done)
                             : ::pwrite(fd_, data.data() + done, data.size() - done,
                                        offset + static_cast<off_t>(done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("cannot write " + target_, errno);
      }
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  int fd_;
  std::string temp_;
  std::string target_;
  bool committed_ = false;
};

class PosixFileSystem : public FileSystem {
 public:
  StatusOr<std::unique_ptr<ReadableFile>> OpenForRead(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoError("cannot open " + path, errno);
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return InvalidArgumentError(path + " is a directory, expected a file");
    }
    return std::unique_ptr<ReadableFile>(new PosixReadableFile(fd, path));
  }

  StatusOr<std::unique_ptr<WritableFile>> CreateAtomic(const std::string& path,
                                                        FileMode mode) override {
    std::string temp = JoinPath(DirName(path), "." + BaseName(path) + ".tmp-XXXXXX");
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return ErrnoError("cannot create a temporary file for " + path, errno);
    // mkostemp creates 0600; widen only non-secret files.
    if (mode != FileMode::kSecret && ::fchmod(fd, FileModeBits(mode)) != 0) {
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return ErrnoError("cannot set the mode of " + path, err);
    }
    return std::unique_ptr<WritableFile>(new PosixAtomicFile(fd, temp, path));
  }

  StatusOr<std::vector<DirEntry>> ListDirectory(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return ErrnoError("cannot list " + path, errno);
    std::vector<DirEntry> entries;
    while (struct dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st;
      DirEntry entry{name};
      if (::lstat(JoinPath(path, name).c_str(), &st) == 0) {
        entry.is_directory = S_ISDIR(st.st_mode);
        entry.is_regular = S_ISREG(st.st_mode);
        entry.is_symlink = S_ISLNK(st.st_mode);
      }
      entries.push_back(std::move(entry));
    }
    ::closedir(dir);
    return entries;
  }

  bool Exists(const std::string& path) override {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
  }

  bool IsDirectory(const std::string& path) override {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  Status CreateDirectories(const std::string& path, FileMode mode) override {
    if (path.empty() || IsDirectory(path)) return Status::Ok();
    std::string parent = DirName(path);
    if (parent != path) MSE_RETURN_IF_ERROR(CreateDirectories(parent, mode));
    if (::mkdir(path.c_str(), mode == FileMode::kSecret ? 0700 : 0755) != 0 && errno != EEXIST) {
      return ErrnoError("cannot create directory " + path, errno);
    }
    return Status::Ok();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return ErrnoError("cannot remove " + path, errno);
    return Status::Ok();
  }

  Status RemoveAll(const std::string& path) override {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) return InternalError("cannot remove " + path + ": " + ec.message());
    return Status::Ok();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return ErrnoError("cannot rename " + from + " to " + to, errno);
    }
    return Status::Ok();
  }

  Status SetMode(const std::string& path, FileMode mode) override {
    if (::chmod(path.c_str(), FileModeBits(mode)) != 0) {
      return ErrnoError("cannot change the mode of " + path, errno);
    }
    return Status::Ok();
  }

  StatusOr<std::string> MakeTempDirectory(const std::string& parent,
                                          std::string_view prefix) override {
    std::string templ = JoinPath(parent, std::string(prefix) + "XXXXXX");
    if (::mkdtemp(templ.data()) == nullptr) {
      return ErrnoError("cannot create a temporary directory in " + parent, errno);
    }
    return templ;
  }
};

class SystemClock : public Clock {
 public:
  int64_t NowUnixNanos() override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void SleepMillis(int64_t millis) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(millis));
  }
};

class OsRandom : public Random {
 public:
  void Fill(MutableByteView out) override {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        // getrandom cannot fail on Linux >= 3.17 once the pool is ready.
        std::perror("getrandom");
        std::abort();
      }
      done += static_cast<size_t>(n);
    }
  }
};

}  // namespace

FileSystem& RealFileSystem() {
  static PosixFileSystem* fs = new PosixFileSystem();
  return *fs;
}
Clock& RealClock() {
  static SystemClock* clock = new SystemClock();
  return *clock;
}
Random& RealRandom() {
  static OsRandom* random = new OsRandom();
  return *random;
}
Env RealEnv() { return Env{&RealFileSystem(), &RealClock(), &RealRandom()}; }

}  // namespace mse
