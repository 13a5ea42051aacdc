#include "crypto/code_dir.h"

#include <algorithm>
#include <vector>

#include "crypto/secretbox.h"

namespace mse::crypto {
namespace {

constexpr std::string_view kRequirements = "requirements.txt";
constexpr std::string_view kEncSuffix = ".enc";
constexpr int kMaxDepth = 64;  // a deeper tree is almost surely a symlink loop

// Remembers what a call created under an output directory so a failure can
// undo it. Not copyable.
class OutputTracker {
 public:
  explicit OutputTracker(FileSystem& fs) : fs_(fs) {}
  OutputTracker(const OutputTracker&) = delete;
  OutputTracker& operator=(const OutputTracker&) = delete;

  // mkdir -p, recording each directory that did not exist.
  Status CreateDirectories(const std::string& dir) {
    std::vector<std::string> missing;
    for (std::string d = dir; !d.empty() && !fs_.IsDirectory(d); d = DirName(d)) {
      missing.push_back(d);
      if (d == "/" || d == ".") break;
    }
    MSE_RETURN_IF_ERROR(fs_.CreateDirectories(dir, FileMode::kNormal));
    created_.insert(created_.end(), missing.rbegin(), missing.rend());
    return Status::Ok();
  }
  void AddFile(const std::string& path) { created_.push_back(path); }

  // Removes everything recorded except `keep`, newest first; best effort.
  void Undo(const std::string& keep) {
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
      if (*it != keep) (void)fs_.RemoveAll(*it);
    }
    created_.clear();
  }

 private:
  FileSystem& fs_;
  std::vector<std::string> created_;
};

std::string JoinRel(const std::string& rel_dir, const std::string& name) {
  return rel_dir.empty() ? name : rel_dir + "/" + name;
}

// dir/rel, or dir itself for the top level (no trailing '/').
std::string Under(const std::string& dir, const std::string& rel) {
  return rel.empty() ? dir : JoinPath(dir, rel);
}

Status TooDeep(const std::string& dir) {
  return FailedPreconditionError(dir +
                                 ": directories nested more than 64 levels deep (symlink loop?)");
}

StatusOr<std::vector<DirEntry>> SortedEntries(FileSystem& fs, const std::string& dir) {
  MSE_ASSIGN_OR_RETURN(std::vector<DirEntry> entries, fs.ListDirectory(dir));
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

Status CopyFile(FileSystem& fs, const std::string& from, const std::string& to) {
  MSE_ASSIGN_OR_RETURN(auto in, fs.OpenForRead(from));
  MSE_ASSIGN_OR_RETURN(auto out, fs.CreateAtomic(to, FileMode::kNormal));
  Bytes buffer(64 * 1024);
  while (true) {
    MSE_ASSIGN_OR_RETURN(size_t n, in->Read(buffer));
    if (n == 0) break;
    MSE_RETURN_IF_ERROR(out->Append(ByteView(buffer).first(n)));
  }
  return out->Commit();
}

struct EncryptJob {
  FileSystem& fs;
  Random& random;
  const std::string& src_dir;
  const std::string& dst_dir;
  ByteView key;
  const IgnoreFunction& ignore;
  const NonceMap* given;
  OutputTracker& tracker;
  NonceMap nonces;

  Status File(const std::string& rel, const std::string& name) {
    std::string src = JoinPath(src_dir, rel), dst = JoinPath(dst_dir, rel);
    if (name == kRequirements) {
      MSE_RETURN_IF_ERROR(CopyFile(fs, src, dst));
      tracker.AddFile(dst);
      return Status::Ok();
    }
    Bytes nonce;
    if (given != nullptr) {
      auto it = given->find(rel);
      if (it == given->end()) return NotFoundError("nonce not found for " + rel);
      nonce = it->second;
    } else {
      nonce = random.Generate(kSecretboxNonceSize);
    }
    MSE_RETURN_IF_ERROR(EncryptFile(fs, src, dst + std::string(kEncSuffix), key, nonce));
    tracker.AddFile(dst + std::string(kEncSuffix));
    nonces[rel] = std::move(nonce);
    return Status::Ok();
  }

  Status Tree(const std::string& rel_dir, int depth) {
    std::string src_path = Under(src_dir, rel_dir);
    if (depth > kMaxDepth) return TooDeep(src_path);
    MSE_RETURN_IF_ERROR(tracker.CreateDirectories(Under(dst_dir, rel_dir)));
    MSE_ASSIGN_OR_RETURN(auto entries, SortedEntries(fs, src_path));
    for (const DirEntry& entry : entries) {
      if (entry.name.empty() || entry.name[0] == '.') continue;
      std::string rel = JoinRel(rel_dir, entry.name);
      std::string src = JoinPath(src_dir, rel);
      bool is_dir = entry.is_directory || (entry.is_symlink && fs.IsDirectory(src));
      if (ignore && ignore(rel, entry.name, is_dir)) continue;
      if (is_dir) {
        MSE_RETURN_IF_ERROR(Tree(rel, depth + 1));
      } else if (entry.is_regular || entry.is_symlink) {
        MSE_RETURN_IF_ERROR(File(rel, entry.name));
      } else {
        return InvalidArgumentError(src + ": not a regular file or directory, cannot encrypt it");
      }
    }
    return Status::Ok();
  }
};

struct DecryptJob {
  FileSystem& fs;
  const std::string& app_dir;
  const std::string& module_dir;
  ByteView key;
  OutputTracker& tracker;

  Status Tree(const std::string& rel_dir, int depth) {
    std::string src_path = Under(app_dir, rel_dir);
    if (depth > kMaxDepth) return TooDeep(src_path);
    MSE_ASSIGN_OR_RETURN(auto entries, SortedEntries(fs, src_path));
    for (const DirEntry& entry : entries) {
      std::string rel = JoinRel(rel_dir, entry.name);
      std::string src = JoinPath(app_dir, rel);
      if (entry.is_directory || (entry.is_symlink && fs.IsDirectory(src))) {
        MSE_RETURN_IF_ERROR(Tree(rel, depth + 1));
        continue;
      }
      if (!entry.name.ends_with(kEncSuffix)) continue;
      if (entry.name.size() == kEncSuffix.size()) {
        return InvalidArgumentError("cannot decrypt " + src + ": no file name before .enc");
      }
      std::string dst = JoinPath(module_dir, rel.substr(0, rel.size() - kEncSuffix.size()));
      MSE_RETURN_IF_ERROR(tracker.CreateDirectories(DirName(dst)));
      MSE_RETURN_IF_ERROR(DecryptFile(fs, src, dst, key));
      tracker.AddFile(dst);
    }
    return Status::Ok();
  }
};

}  // namespace

StatusOr<NonceMap> EncryptDirectory(FileSystem& fs, Random& random, const std::string& src_dir,
                                    const std::string& dst_dir, ByteView key,
                                    const IgnoreFunction& ignore, const NonceMap* given) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("code key", key, kSecretboxKeySize));
  if (!fs.IsDirectory(src_dir)) return NotFoundError("code directory " + src_dir + " not found");
  OutputTracker tracker(fs);
  EncryptJob job{fs, random, src_dir, dst_dir, key, ignore, given, tracker, {}};
  Status status = job.Tree("", 0);
  if (!status.ok()) {
    tracker.Undo("");
    return status;
  }
  return std::move(job.nonces);
}

Status DecryptDirectory(FileSystem& fs, const std::string& app_dir, const std::string& module_dir,
                        ByteView key) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("code key", key, kSecretboxKeySize));
  if (!fs.IsDirectory(app_dir)) {
    return NotFoundError("application directory " + app_dir + " not found");
  }
  OutputTracker tracker(fs);
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(module_dir, FileMode::kNormal));
  DecryptJob job{fs, app_dir, module_dir, key, tracker};
  Status status = job.Tree("", 0);
  if (!status.ok()) tracker.Undo(module_dir);
  return status;
}

}  // namespace mse::crypto
