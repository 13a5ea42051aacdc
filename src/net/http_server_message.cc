// The non-Beast half of http_server.h: header lookup and response helpers.
#include <nlohmann/json.hpp>

#include "net/http_server.h"

namespace mse::net {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

ServerResponse ServerResponse::Text(int status, std::string body, std::string content_type) {
  ServerResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

ServerResponse ServerResponse::JsonError(int status, std::string_view message) {
  nlohmann::json body = {{"error", std::string(message)}};
  // "replace" keeps invalid UTF-8 from throwing; the text is for humans.
  return Text(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
              "application/json");
}

}  // namespace mse::net
