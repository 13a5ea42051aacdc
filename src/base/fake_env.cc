#include "base/fake_env.h"

#include <algorithm>

namespace mse {
namespace {

class FakeReadableFile : public ReadableFile {
 public:
  explicit FakeReadableFile(std::string data) : data_(std::move(data)) {}
  StatusOr<size_t> Read(MutableByteView buffer) override {
    size_t n = std::min(buffer.size(), data_.size() - pos_);
    std::copy_n(data_.data() + pos_, n, buffer.data());
    pos_ += n;
    return n;
  }
  StatusOr<uint64_t> Size() override { return data_.size(); }

 private:
  std::string data_;
  size_t pos_ = 0;
};

}  // namespace

class FakeWritableFile : public WritableFile {
 public:
  FakeWritableFile(FakeFileSystem* fs, std::string path, FileMode mode)
      : fs_(fs), path_(std::move(path)), mode_(mode) {
    ++fs_->open_temporaries_;
  }
  ~FakeWritableFile() override {
    if (!committed_) --fs_->open_temporaries_;
  }

  Status Append(ByteView data) override {
    MSE_RETURN_IF_ERROR(fs_->CountWrite());
    data_.append(AsStringView(data));
    return Status::Ok();
  }

  Status WriteAt(uint64_t offset, ByteView data) override {
    MSE_RETURN_IF_ERROR(fs_->CountWrite());
    if (offset + data.size() > data_.size()) {
      return InternalError("WriteAt past the end of " + path_);
    }
    std::copy(data.begin(), data.end(), data_.begin() + static_cast<ptrdiff_t>(offset));
    return Status::Ok();
  }

  Status Commit() override {
    if (fs_->fail_commits_) return DataLossError("cannot rename into " + path_ + ": injected");
    if (!fs_->IsDirectory(DirName(path_))) {
      return NotFoundError("cannot create " + path_ + ": no such directory");
    }
    fs_->files_[path_] = FakeFileSystem::File{std::move(data_), mode_};
    committed_ = true;
    --fs_->open_temporaries_;
    return Status::Ok();
  }

 private:
  FakeFileSystem* fs_;
  std::string path_;
  FileMode mode_;
  std::string data_;
  bool committed_ = false;
};

Status FakeFileSystem::CountWrite() {
  if (write_count_++ == fail_write_at_) return DataLossError("No space left on device (injected)");
  return Status::Ok();
}

StatusOr<std::unique_ptr<ReadableFile>> FakeFileSystem::OpenForRead(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return NotFoundError("cannot open " + path + ": No such file or directory");
  return std::unique_ptr<ReadableFile>(new FakeReadableFile(it->second.data));
}

StatusOr<std::unique_ptr<WritableFile>> FakeFileSystem::CreateAtomic(const std::string& path,
                                                                      FileMode mode) {
  if (!IsDirectory(DirName(path))) {
    return NotFoundError("cannot create " + path + ": No such file or directory");
  }
  return std::unique_ptr<WritableFile>(new FakeWritableFile(this, path, mode));
}

StatusOr<std::vector<DirEntry>> FakeFileSystem::ListDirectory(const std::string& path) {
  if (!IsDirectory(path)) return NotFoundError("cannot list " + path);
  std::vector<DirEntry> out;
  for (const auto& [name, file] : files_) {
    if (DirName(name) == path) out.push_back(DirEntry{BaseName(name), false, true, false});
  }
  for (const auto& dir : dirs_) {
    if (dir != path && DirName(dir) == path) out.push_back(DirEntry{BaseName(dir), true, false, false});
  }
  return out;
}

bool FakeFileSystem::Exists(const std::string& path) {
  return files_.count(path) > 0 || dirs_.count(path) > 0;
}

bool FakeFileSystem::IsDirectory(const std::string& path) { return dirs_.count(path) > 0; }

Status FakeFileSystem::CreateDirectories(const std::string& path, FileMode mode) {
  if (path.empty() || IsDirectory(path)) return Status::Ok();
  if (files_.count(path)) return AlreadyExistsError(path + " exists and is not a directory");
  MSE_RETURN_IF_ERROR(CreateDirectories(DirName(path), mode));
  dirs_.insert(path);
  return Status::Ok();
}

Status FakeFileSystem::RemoveFile(const std::string& path) {
  if (files_.erase(path) == 0) return NotFoundError("cannot remove " + path);
  return Status::Ok();
}

Status FakeFileSystem::RemoveAll(const std::string& path) {
  std::string prefix = path + "/";
  std::erase_if(files_, [&](const auto& kv) { return kv.first == path || kv.first.rfind(prefix, 0) == 0; });
  std::erase_if(dirs_, [&](const auto& d) { return d == path || d.rfind(prefix, 0) == 0; });
  return Status::Ok();
}

Status FakeFileSystem::Rename(const std::string& from, const std::string& to) {
  if (IsDirectory(from)) {  // move the whole subtree
    if (Exists(to)) return AlreadyExistsError("cannot rename " + from + " to " + to + ": exists");
    std::string prefix = from + "/";
    std::map<std::string, File> moved;
    for (auto it = files_.begin(); it != files_.end();) {
      if (it->first.rfind(prefix, 0) == 0) {
        moved[to + it->first.substr(from.size())] = std::move(it->second);
        it = files_.erase(it);
      } else {
        ++it;
      }
    }
    files_.merge(moved);
    std::set<std::string> dirs;
    for (auto it = dirs_.begin(); it != dirs_.end();) {
      if (*it == from || it->rfind(prefix, 0) == 0) {
        dirs.insert(to + it->substr(from.size()));
        it = dirs_.erase(it);
      } else {
        ++it;
      }
    }
    dirs_.merge(dirs);
    return Status::Ok();
  }
  auto it = files_.find(from);
  if (it == files_.end()) return NotFoundError("cannot rename " + from);
  File file = std::move(it->second);
  files_.erase(it);
  files_[to] = std::move(file);
  return Status::Ok();
}

Status FakeFileSystem::SetMode(const std::string& path, FileMode mode) {
  if (IsDirectory(path)) return Status::Ok();
  auto it = files_.find(path);
  if (it == files_.end()) return NotFoundError("cannot chmod " + path);
  it->second.mode = mode;
  return Status::Ok();
}

StatusOr<std::string> FakeFileSystem::MakeTempDirectory(const std::string& parent,
                                                        std::string_view prefix) {
  std::string dir = JoinPath(parent, std::string(prefix) + std::to_string(temp_counter_++));
  MSE_RETURN_IF_ERROR(CreateDirectories(dir, FileMode::kSecret));
  return dir;
}

}  // namespace mse
