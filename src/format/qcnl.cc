#include "format/qcnl.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace mse::format {
namespace {

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

std::string StripComments(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    std::string_view trimmed = Trim(line);
    if (!trimmed.empty() && !trimmed.starts_with("//")) {
      out.append(line);
      out += '\n';
    }
    start = end + 1;
  }
  return out;
}

// "scheme://host[:port]" of a URL, or "" when it has no scheme or host.
std::string Origin(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return "";
  for (char c : url.substr(0, sep)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return "";
    }
  }
  std::string_view rest = url.substr(sep + 3);
  std::string_view netloc = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = netloc.rfind('@');  // never carry credentials along
  if (at != std::string_view::npos) netloc.remove_prefix(at + 1);
  if (netloc.empty() || netloc.front() == ':') return "";
  return std::string(url.substr(0, sep + 3)) + std::string(netloc);
}

}  // namespace

std::string PccsUrlFromQcnl(std::string_view conf_text) {
  nlohmann::json json = nlohmann::json::parse(StripComments(conf_text), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return kFallbackPccsUrl;
  auto it = json.find("pccs_url");
  if (it == json.end() || !it->is_string()) return kFallbackPccsUrl;
  std::string origin = Origin(it->get<std::string>());
  return origin.empty() ? kFallbackPccsUrl : origin;
}

std::string LoadDefaultPccsUrl(FileSystem& fs, const std::string& path) {
  auto text = fs.ReadFile(path);
  return text.ok() ? PccsUrlFromQcnl(*text) : kFallbackPccsUrl;
}

}  // namespace mse::format
