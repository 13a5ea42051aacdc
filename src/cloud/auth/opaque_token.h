// Random secrets handed to clients (authorization codes, refresh tokens) and
// how the store keeps them: only their SHA-256, so a leaked database holds no
// usable token (docs/cloud-backend.md, "Tokens").
#ifndef MSE_CLOUD_AUTH_OPAQUE_TOKEN_H_
#define MSE_CLOUD_AUTH_OPAQUE_TOKEN_H_

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"

namespace mse::cloud::auth {

// 32 bytes from `random`, unpadded base64url (43 characters).
std::string NewOpaqueToken(Random& random);

// Lowercase hex SHA-256 of the token text: the store's token_hash/code_hash.
std::string HashToken(std::string_view token);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string NewUuid(Random& random);

// A UUID (version 8, RFC 9562 custom) derived from `seed`: the same seed
// gives the same UUID, so a row id can be recomputed from what names it.
std::string DerivedUuid(std::string_view domain, std::string_view seed);

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_OPAQUE_TOKEN_H_
