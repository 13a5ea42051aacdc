// The claims of mse-cloud's JWTs (docs/cloud-backend.md, "Tokens"; RFC 7519
// §4.1). Both kinds carry "token_use" ("access" or "id") so that an id
// token, signed by the same key for the same subject, is never accepted as
// a bearer token.
#ifndef MSE_CLOUD_AUTH_TOKEN_CLAIMS_H_
#define MSE_CLOUD_AUTH_TOKEN_CLAIMS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::cloud::auth {

struct AccessTokenClaims {
  std::string issuer;      // iss
  std::string user_id;     // sub
  std::string audience;    // aud
  std::string client_id;   // client_id (RFC 9068 §2.2)
  std::string scope;       // scope
  int64_t issued_at = 0;   // iat
  int64_t expires_at = 0;  // exp
};

struct IdTokenClaims {
  std::string issuer;      // iss
  std::string user_id;     // sub
  std::string client_id;   // aud
  std::string email;       // email
  int64_t issued_at = 0;   // iat
  int64_t expires_at = 0;  // exp
};

// Compact JSON objects. Text that is not valid UTF-8 is replaced (U+FFFD)
// rather than failing: callers validate their inputs before.
std::string AccessTokenClaimsJson(const AccessTokenClaims& claims);
std::string IdTokenClaimsJson(const IdTokenClaims& claims);

// Checks claims whose signature was already verified: a JSON object with
// "token_use" "access", "iss" equal to `issuer`, a non-empty string "sub",
// an integer "exp" later than `now` and, when present, an integer "nbf" not
// later than `now`. Returns sub; Unauthenticated naming the failed check.
StatusOr<std::string> CheckAccessTokenClaims(std::string_view claims_json, std::string_view issuer,
                                             int64_t now);

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_TOKEN_CLAIMS_H_
