// In-memory fakes of the Env interfaces, for tests of every domain.
// FakeFileSystem can inject faults: fail the Nth write, or fail on commit,
// to prove that callers leave nothing half-written.
#ifndef MSE_BASE_FAKE_ENV_H_
#define MSE_BASE_FAKE_ENV_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "base/env.h"

namespace mse {

class FakeFileSystem : public FileSystem {
 public:
  struct File {
    std::string data;
    FileMode mode = FileMode::kNormal;
  };

  StatusOr<std::unique_ptr<ReadableFile>> OpenForRead(const std::string& path) override;
  StatusOr<std::unique_ptr<WritableFile>> CreateAtomic(const std::string& path,
                                                        FileMode mode) override;
  StatusOr<std::vector<DirEntry>> ListDirectory(const std::string& path) override;
  bool Exists(const std::string& path) override;
  bool IsDirectory(const std::string& path) override;
  Status CreateDirectories(const std::string& path, FileMode mode) override;
  Status RemoveFile(const std::string& path) override;
  Status RemoveAll(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status SetMode(const std::string& path, FileMode mode) override;
  StatusOr<std::string> MakeTempDirectory(const std::string& parent,
                                          std::string_view prefix) override;

  // Fault injection: the write call number `n` (0-based, counted over all
  // files from now on) fails with DataLoss ("disk full").
  void FailWriteNumber(int n) { fail_write_at_ = write_count_ + n; }
  void FailCommits(bool fail) { fail_commits_ = fail; }

  const std::map<std::string, File>& files() const { return files_; }
  // Number of uncommitted temporary files alive (must be 0 after a failure).
  int open_temporaries() const { return open_temporaries_; }

 private:
  friend class FakeWritableFile;
  Status CountWrite();

  std::map<std::string, File> files_;
  std::set<std::string> dirs_{"/"};
  int write_count_ = 0;
  int fail_write_at_ = -1;
  bool fail_commits_ = false;
  int open_temporaries_ = 0;
  int temp_counter_ = 0;
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t unix_seconds = 1700000000) : nanos_(unix_seconds * 1'000'000'000) {}
  int64_t NowUnixNanos() override { return nanos_; }
  void SleepMillis(int64_t millis) override { nanos_ += millis * 1'000'000; }
  void Set(int64_t unix_seconds) { nanos_ = unix_seconds * 1'000'000'000; }

 private:
  int64_t nanos_;
};

// Deterministic "random": a counter stream. Never use outside tests.
class FakeRandom : public Random {
 public:
  void Fill(MutableByteView out) override {
    for (auto& b : out) b = static_cast<uint8_t>(next_++);
  }

 private:
  uint8_t next_ = 0;
};

struct FakeEnv {
  FakeFileSystem fs;
  FakeClock clock;
  FakeRandom random;
  Env env() { return Env{&fs, &clock, &random}; }
};

}  // namespace mse

#endif  // MSE_BASE_FAKE_ENV_H_
