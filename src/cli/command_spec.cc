#include "cli/command_spec.h"

#include <cstdlib>

namespace mse::cli {

bool ParsedArgs::Flag(const std::string& key) const {
  auto it = values_.find(key);
  return it != values_.end() && !it->second.empty() && it->second.front() == "true";
}

std::optional<std::string> ParsedArgs::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

std::string ParsedArgs::GetOr(const std::string& key, const std::string& fallback) const {
  auto value = Get(key);
  return value ? *value : fallback;
}

std::vector<std::string> ParsedArgs::GetAll(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

StatusOr<int64_t> ParsedArgs::GetInt(const std::string& key) const {
  auto text = Get(key);
  if (!text) return UsageError("option --" + key + " is required");
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno == ERANGE) {
    return UsageError("invalid value '" + *text + "' for --" + key + ": expected an integer");
  }
  return static_cast<int64_t>(value);
}

std::string CommandContext::ConfPath() const {
  const char* conf = getenv("MSE_CONF_PATH");
  if (conf != nullptr && *conf != '\0') return ExpandUser(conf);
  return ExpandUser("~/.config/mse");
}

StatusOr<std::string> CommandContext::EnsureConfPath() const {
  std::string path = ConfPath();
  MSE_RETURN_IF_ERROR(env.fs->CreateDirectories(path, FileMode::kSecret));
  return path;
}

bool IsPositional(const OptionSpec& option) {
  return option.arity == Arity::kPositional || option.arity == Arity::kPositionalOptional ||
         option.arity == Arity::kPositionalMany;
}

std::string CanonicalKey(const OptionSpec& option) {
  if (IsPositional(option)) return option.names;
  std::string first_long;
  std::string first;
  size_t start = 0;
  while (start <= option.names.size()) {
    size_t comma = option.names.find(',', start);
    std::string name = option.names.substr(start, comma == std::string::npos ? std::string::npos
                                                                             : comma - start);
    if (first.empty()) first = name;
    if (first_long.empty() && name.rfind("--", 0) == 0) first_long = name;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::string chosen = first_long.empty() ? first : first_long;
  size_t dashes = chosen.find_first_not_of('-');
  return dashes == std::string::npos ? chosen : chosen.substr(dashes);
}

}  // namespace mse::cli
