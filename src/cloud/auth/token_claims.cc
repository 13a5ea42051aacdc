#include "cloud/auth/token_claims.h"

#include <nlohmann/json.hpp>

namespace mse::cloud::auth {
namespace {

using nlohmann::json;

std::string Dump(const json& object) {
  // replace: never throw on bytes that are not UTF-8 (our code does not throw).
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The member as a string, or nullptr when absent or of another type.
const std::string* StringMember(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

// The member as an integer (JSON numbers without a fraction), if present.
bool IntegerMember(const json& object, const char* name, int64_t* out) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) return false;
  *out = it->get<int64_t>();
  return true;
}

}  // namespace

std::string AccessTokenClaimsJson(const AccessTokenClaims& c) {
  return Dump(json{{"iss", c.issuer},
                   {"sub", c.user_id},
                   {"aud", c.audience},
                   {"client_id", c.client_id},
                   {"scope", c.scope},
                   {"iat", c.issued_at},
                   {"exp", c.expires_at},
                   {"token_use", "access"}});
}

std::string IdTokenClaimsJson(const IdTokenClaims& c) {
  return Dump(json{{"iss", c.issuer},
                   {"sub", c.user_id},
                   {"aud", c.client_id},
                   {"email", c.email},
                   {"iat", c.issued_at},
                   {"exp", c.expires_at},
                   {"token_use", "id"}});
}

StatusOr<std::string> CheckAccessTokenClaims(std::string_view claims_json, std::string_view issuer,
                                             int64_t now) {
  const json claims = json::parse(claims_json, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return UnauthenticatedError("token claims are not a JSON object");
  const std::string* use = StringMember(claims, "token_use");
  if (use == nullptr || *use != "access") return UnauthenticatedError("not an access token");
  const std::string* iss = StringMember(claims, "iss");
  if (iss == nullptr || *iss != issuer) return UnauthenticatedError("token issued by someone else");
  const std::string* sub = StringMember(claims, "sub");
  if (sub == nullptr || sub->empty()) return UnauthenticatedError("token has no subject");
  int64_t exp = 0;
  if (!IntegerMember(claims, "exp", &exp)) return UnauthenticatedError("token has no expiry");
  if (now >= exp) return UnauthenticatedError("token expired");
  int64_t nbf = 0;
  if (claims.contains("nbf") && (!IntegerMember(claims, "nbf", &nbf) || nbf > now)) {
    return UnauthenticatedError("token not valid yet");
  }
  return *sub;
}

}  // namespace mse::cloud::auth
