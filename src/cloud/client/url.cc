#include "cloud/client/url.h"

namespace mse::cloud {

std::map<std::string, std::string> ParseQuery(std::string_view target) {
  std::map<std::string, std::string> out;
  auto fields = net::ParseForm(net::SplitTarget(target).query);
  if (!fields.ok()) return out;
  for (auto& [name, value] : *fields) out.emplace(std::move(name), std::move(value));
  return out;
}

std::string WithoutTrailingSlash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

}  // namespace mse::cloud
