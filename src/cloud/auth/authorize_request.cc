#include "cloud/auth/authorize_request.h"

#include <array>
#include <utility>

#include "cloud/auth/pkce.h"

namespace mse::cloud::auth {
namespace {

constexpr size_t kMaxRedirectUri = 2048;
constexpr size_t kMaxClientId = 256;
constexpr size_t kMaxScope = 1024;
constexpr size_t kMaxAudience = 1024;
constexpr size_t kMaxState = 1024;

// RFC 6749 Appendix A: VSCHAR is %x20-7E.
bool IsVisibleAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// RFC 6749 §3.3: scope-tokens of NQCHAR (%x21 / %x23-5B / %x5D-7E) joined by spaces.
bool IsScope(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && (c < 0x21 || c > 0x7e || c == '"' || c == '\\')) return false;
  }
  return true;
}

bool IsPort(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return false;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

OAuthError Invalid(std::string description) { return {"invalid_request", std::move(description)}; }

// client_id and redirect_uri: errors here must never be redirected.
std::optional<OAuthError> CheckClient(const AuthorizeRequest& r) {
  if (r.client_id.empty()) return Invalid("client_id is required");
  if (r.client_id.size() > kMaxClientId || !IsVisibleAscii(r.client_id)) {
    return Invalid("client_id must be at most 256 printable ASCII characters");
  }
  if (r.redirect_uri.empty()) return Invalid("redirect_uri is required");
  Status s = CheckLoopbackRedirectUri(r.redirect_uri);
  if (!s.ok()) return Invalid(s.message());
  return std::nullopt;
}

std::optional<OAuthError> CheckGrantParameters(const AuthorizeRequest& r) {
  if (r.response_type != "code") {
    return OAuthError{"unsupported_response_type", "response_type must be \"code\""};
  }
  if (r.code_challenge_method != "S256") return Invalid("PKCE is required: code_challenge_method=S256");
  if (!IsValidS256Challenge(r.code_challenge)) {
    return Invalid("code_challenge must be the 43-character base64url SHA-256 of the verifier");
  }
  if (r.scope.size() > kMaxScope || !IsScope(r.scope)) return OAuthError{"invalid_scope", "malformed scope"};
  if (r.audience.size() > kMaxAudience || !IsVisibleAscii(r.audience)) return Invalid("malformed audience");
  if (r.state.size() > kMaxState || !IsVisibleAscii(r.state)) {
    return Invalid("state must be at most 1024 printable ASCII characters");
  }
  return std::nullopt;
}

}  // namespace

net::FormFields AuthorizeRequestFields(const AuthorizeRequest& r) {
  return {{"response_type", r.response_type},
          {"client_id", r.client_id},
          {"redirect_uri", r.redirect_uri},
          {"scope", r.scope},
          {"audience", r.audience},
          {"state", r.state},
          {"code_challenge", r.code_challenge},
          {"code_challenge_method", r.code_challenge_method}};
}

AuthorizeCheck CheckAuthorizeRequest(const net::FormFields& fields) {
  AuthorizeCheck check;
  AuthorizeRequest& r = check.request;
  const std::array<std::pair<const char*, std::string*>, 8> params = {{
      {"response_type", &r.response_type},
      {"client_id", &r.client_id},
      {"redirect_uri", &r.redirect_uri},
      {"scope", &r.scope},
      {"audience", &r.audience},
      {"state", &r.state},
      {"code_challenge", &r.code_challenge},
      {"code_challenge_method", &r.code_challenge_method},
  }};
  for (const auto& [name, out] : params) {
    if (net::CountFormField(fields, name) > 1) {
      check.error = Invalid(std::string(name) + " is repeated");  // §3.1: at most once
      return check;
    }
    *out = std::string(net::FindFormField(fields, name).value_or(""));
  }
  check.error = CheckClient(r);
  if (check.error) return check;
  check.redirectable = true;
  check.error = CheckGrantParameters(r);
  return check;
}

Status CheckLoopbackRedirectUri(std::string_view uri) {
  if (uri.size() > kMaxRedirectUri) return InvalidArgumentError("redirect_uri is longer than 2048 bytes");
  for (char c : uri) {
    // No controls, spaces or non-ASCII; no fragment (RFC 6749 §3.1.2); no
    // backslash, which browsers read as '/' and could move the host.
    if (c <= 0x20 || c > 0x7e || c == '#' || c == '\\') {
      return InvalidArgumentError("redirect_uri holds a character that is not allowed");
    }
  }
  constexpr std::string_view kScheme = "http://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return InvalidArgumentError("redirect_uri must start with http:// (a loopback address)");
  }
  const std::string_view rest = uri.substr(kScheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  std::string_view host = authority;
  std::string_view port;
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.substr(colon).find(']') == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!IsPort(port)) return InvalidArgumentError("redirect_uri has a bad port");
  }
  if (host != "localhost" && host != "127.0.0.1" && host != "[::1]") {
    return InvalidArgumentError("redirect_uri must be on localhost, 127.0.0.1 or [::1]");
  }
  return Status::Ok();
}

std::string RedirectWithParameters(std::string_view redirect_uri, const net::FormFields& fields) {
  std::string out(redirect_uri);
  if (fields.empty()) return out;
  const bool has_query = out.find('?') != std::string::npos;
  if (!has_query) {
    out.push_back('?');
  } else if (out.back() != '?' && out.back() != '&') {
    out.push_back('&');
  }
  return out + net::FormEncode(fields);
}

}  // namespace mse::cloud::auth
