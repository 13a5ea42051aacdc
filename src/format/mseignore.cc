#include "format/mseignore.h"

#include <fnmatch.h>

namespace mse::format {
namespace {

std::string_view TrimView(std::string_view s) {
  const char* kSpace = " \t\r\n\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

bool Glob(const std::string& pattern, std::string_view name) {
  return fnmatch(pattern.c_str(), std::string(name).c_str(), 0) == 0;
}

}  // namespace

MseIgnore MseIgnore::Parse(std::string_view text) {
  MseIgnore out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = TrimView(line);
    if (!trimmed.empty() && trimmed.front() != '#') out.patterns_.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

StatusOr<MseIgnore> MseIgnore::Load(FileSystem& fs, const std::string& code_dir) {
  std::string path = JoinPath(code_dir, ".mseignore");
  if (!fs.Exists(path)) return MseIgnore();
  auto text = fs.ReadFile(path);
  if (!text.ok()) return text.status().WithContext("reading " + path);
  return Parse(*text);
}

bool MseIgnore::Ignores(std::string_view basename, bool is_directory) const {
  for (const auto& pattern : patterns_) {
    if (!pattern.empty() && pattern.back() == '/') {
      if (is_directory && Glob(pattern.substr(0, pattern.size() - 1), basename)) return true;
    } else if (Glob(pattern, basename)) {
      return true;
    }
  }
  return false;
}

}  // namespace mse::format
