// Env: every operating-system call of mse goes through these small
// interfaces (STYLE.md, conventions 5 and 7), so logic is tested with fakes
// (fake_env.h) and faults can be injected.
//
// Writes are atomic: data goes to a temporary file beside the target, which is
// renamed over the target only on Commit(). A writer destroyed without
// Commit() removes its temporary file and leaves the old target untouched.
#ifndef MSE_BASE_ENV_H_
#define MSE_BASE_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"

namespace mse {

// Permission class of a file we create. kSecret files are 0600 from the
// moment they exist (never briefly world-readable).
enum class FileMode { kNormal, kExecutable, kSecret };

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to buffer.size() bytes; returns 0 at end of file.
  virtual StatusOr<size_t> Read(MutableByteView buffer) = 0;
  virtual StatusOr<uint64_t> Size() = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(ByteView data) = 0;
  // Overwrites bytes already written (e.g. a MAC placed before the data it
  // authenticates). offset + data.size() must not exceed what was appended.
  virtual Status WriteAt(uint64_t offset, ByteView data) = 0;
  // Flushes, fsyncs and renames into place. After a failure nothing changed.
  virtual Status Commit() = 0;
};

struct DirEntry {
  std::string name;  // base name
  bool is_directory = false;
  bool is_regular = false;
  bool is_symlink = false;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual StatusOr<std::unique_ptr<ReadableFile>> OpenForRead(const std::string& path) = 0;
  // Creates the temporary file now; the target appears on Commit().
  virtual StatusOr<std::unique_ptr<WritableFile>> CreateAtomic(const std::string& path,
                                                                FileMode mode) = 0;

  virtual StatusOr<std::vector<DirEntry>> ListDirectory(const std::string& path) = 0;
  virtual bool Exists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  // mkdir -p; new directories get `mode` (0700 for secret, 0755 otherwise).
  virtual Status CreateDirectories(const std::string& path, FileMode mode) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  virtual Status RemoveAll(const std::string& path) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  virtual Status SetMode(const std::string& path, FileMode mode) = 0;
  // Creates a fresh directory under `parent` with the given prefix (0700).
  virtual StatusOr<std::string> MakeTempDirectory(const std::string& parent,
                                                  std::string_view prefix) = 0;

  // Conveniences built on the primitives above.
  StatusOr<std::string> ReadFile(const std::string& path);
  StatusOr<SecretBytes> ReadSecretFile(const std::string& path);
  Status WriteFile(const std::string& path, ByteView data, FileMode mode = FileMode::kNormal);
  Status WriteFile(const std::string& path, std::string_view data,
                   FileMode mode = FileMode::kNormal) {
    return WriteFile(path, AsBytes(data), mode);
  }
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnixNanos() = 0;
  int64_t NowUnixSeconds() { return NowUnixNanos() / 1'000'000'000; }
  virtual void SleepMillis(int64_t millis) = 0;
};

class Random {
 public:
  virtual ~Random() = default;
  // Cryptographically secure bytes.
  virtual void Fill(MutableByteView out) = 0;
  Bytes Generate(size_t n) {
    Bytes b(n);
    Fill(b);
    return b;
  }
};

// The set of interfaces a command or server runs against. Not owning.
struct Env {
  FileSystem* fs;
  Clock* clock;
  Random* random;
};

// The real implementations (POSIX, getrandom, system clock). Process-wide.
FileSystem& RealFileSystem();
Clock& RealClock();
Random& RealRandom();
Env RealEnv();

// Path helpers (pure string manipulation, POSIX separators).
std::string JoinPath(std::string_view a, std::string_view b);
std::string BaseName(std::string_view path);
std::string DirName(std::string_view path);
// "~" and "~/x" expanded with $HOME.
std::string ExpandUser(std::string_view path);
// Absolute and lexically normal, against the working directory (Docker bind
// mounts need absolute paths).
std::string AbsolutePath(std::string_view path);

}  // namespace mse

#endif  // MSE_BASE_ENV_H_
