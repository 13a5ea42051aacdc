// Conveniences and path helpers shared by every FileSystem implementation.
#include <cstdlib>
#include <filesystem>

#include "base/env.h"

namespace mse {

StatusOr<std::string> FileSystem::ReadFile(const std::string& path) {
  MSE_ASSIGN_OR_RETURN(auto file, OpenForRead(path));
  std::string out;
  uint8_t buffer[64 * 1024];
  while (true) {
    MSE_ASSIGN_OR_RETURN(size_t n, file->Read(buffer));
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(buffer), n);
  }
  return out;
}

StatusOr<SecretBytes> FileSystem::ReadSecretFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  SecretBytes secret(AsBytes(*text));
  WipeMemory(text->data(), text->size());
  return secret;
}

Status FileSystem::WriteFile(const std::string& path, ByteView data, FileMode mode) {
  MSE_ASSIGN_OR_RETURN(auto file, CreateAtomic(path, mode));
  MSE_RETURN_IF_ERROR(file->Append(data));
  return file->Commit();
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty() || (!b.empty() && b.front() == '/')) return std::string(b);
  std::string out(a);
  if (out.back() != '/') out += '/';
  out += b;
  return out;
}

std::string BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string DirName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string ExpandUser(std::string_view path) {
  if (path.empty() || path.front() != '~') return std::string(path);
  if (path.size() > 1 && path[1] != '/') return std::string(path);  // ~user: left as is
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + std::string(path.substr(1));
}

std::string AbsolutePath(std::string_view path) {
  return std::filesystem::absolute(std::filesystem::path(path)).lexically_normal().string();
}

}  // namespace mse
