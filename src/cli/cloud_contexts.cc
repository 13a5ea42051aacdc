#include "cli/cloud_contexts.h"

#include <algorithm>
#include <cctype>

namespace mse::cli {

StatusOr<std::string> NormalizeAppId(const std::string& text) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  std::string out;
  size_t pos = 0;
  bool ok = text.size() == 36;
  for (size_t g = 0; ok && g < 5; ++g) {
    for (size_t i = 0; i < kGroups[g]; ++i, ++pos) {
      if (!std::isxdigit(static_cast<unsigned char>(text[pos]))) ok = false;
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos]))));
    }
    if (g < 4) {
      if (text[pos] != '-') ok = false;
      out.push_back('-');
      ++pos;
    }
  }
  if (!ok) return InvalidArgumentError("'" + text + "' is not an application UUID (8-4-4-4-12 hex digits)");
  return out;
}

StatusOr<std::vector<std::string>> ListContextIds(FileSystem& fs, const std::string& conf) {
  std::vector<std::string> ids;
  const std::string root = JoinPath(conf, "context");
  if (!fs.IsDirectory(root)) return ids;
  MSE_ASSIGN_OR_RETURN(auto entries, fs.ListDirectory(root));
  for (const auto& e : entries) {
    if (!e.is_directory || !NormalizeAppId(e.name).ok()) continue;
    if (fs.Exists(format::ContextFilePath(conf, e.name))) ids.push_back(e.name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

StatusOr<format::CloudContext> LoadAppContext(FileSystem& fs, const std::string& conf,
                                              const std::string& id) {
  if (!fs.Exists(format::ContextFilePath(conf, id)))
    return NotFoundError("Can't find context for UUID: " + id);
  return format::LoadContext(fs, conf, id);
}

Status RemoveAppContext(FileSystem& fs, const std::string& conf, const std::string& id) {
  const std::string dir = format::ContextDirectory(conf, id);
  if (!fs.IsDirectory(dir)) return NotFoundError("Can't find context for UUID: " + id);
  return fs.RemoveAll(dir).WithContext("removing " + dir);
}

Status CopyFile(FileSystem& fs, const std::string& from, const std::string& to, FileMode mode) {
  MSE_ASSIGN_OR_RETURN(auto in, fs.OpenForRead(from));
  MSE_ASSIGN_OR_RETURN(auto out, fs.CreateAtomic(to, mode));
  Bytes buffer(1 << 16);
  while (true) {
    MSE_ASSIGN_OR_RETURN(size_t n, in->Read(buffer));
    if (n == 0) break;
    MSE_RETURN_IF_ERROR(out->Append(ByteView(buffer.data(), n)));
  }
  return out->Commit();
}

Status SaveAppContext(FileSystem& fs, const std::string& conf, const std::string& id,
                      const format::CloudContext& context, const std::string& app_tar) {
  MSE_RETURN_IF_ERROR(format::SaveContext(fs, conf, id, context));
  if (app_tar.empty()) return Status::Ok();
  const std::string copy = JoinPath(format::ContextDirectory(conf, id), "app.tar");
  return CopyFile(fs, app_tar, copy, FileMode::kSecret).WithContext("copying " + app_tar + " to " + copy);
}

std::string ContextCertificatePath(const std::string& conf, const std::string& id) {
  return JoinPath(format::ContextDirectory(conf, id), "ratls.pem");
}

}  // namespace mse::cli
