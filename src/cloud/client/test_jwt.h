// Test-only: unsigned JWTs with a given payload (the client never checks
// signatures, Q-75).
#ifndef MSE_CLOUD_CLIENT_TEST_JWT_H_
#define MSE_CLOUD_CLIENT_TEST_JWT_H_

#include <string>

#include "base/encoding.h"

namespace mse::cloud::testing {

inline std::string MakeJwt(const std::string& payload_json) {
  return Base64UrlEncode(AsBytes(R"({"alg":"ES256","typ":"JWT"})")) + "." +
         Base64UrlEncode(AsBytes(payload_json)) + ".c2lnbmF0dXJl";
}

}  // namespace mse::cloud::testing

#endif  // MSE_CLOUD_CLIENT_TEST_JWT_H_
