// ES256 JSON Web Tokens (RFC 7519, signed per RFC 7515 / RFC 7518 §3.4) for
// mse-cloud's access and id tokens (docs/cloud-backend.md, "Tokens"). Keys are
// P-256 in PEM: PKCS#8 for the private key, SubjectPublicKeyInfo for the
// public one. Signatures are JOSE raw r ‖ s (64 bytes), never DER.
//
// Only ES256 exists here: a token whose header names any other algorithm
// ("none", HS256 with the public key as an HMAC secret, RS256, …) is refused.
// Claims are not interpreted: the caller checks iss, aud, exp… with its Clock.
#ifndef MSE_CRYPTO_JWT_H_
#define MSE_CRYPTO_JWT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

// Longer tokens are refused before any parsing.
inline constexpr size_t kMaxJwtBytes = 8 * 1024;

// A new P-256 key whose private scalar comes from `random`, as unencrypted
// PKCS#8 PEM (final newline included). Internal only if OpenSSL fails.
StatusOr<SecretBytes> GenerateJwtSigningKeyPem(Random& random);

// The SPKI PEM ("-----BEGIN PUBLIC KEY-----") of a PKCS#8 P-256 private key.
// InvalidArgument when the text is not a P-256 private key in PEM.
StatusOr<std::string> JwtPublicKeyPem(std::string_view private_key_pem);

// "<b64url header>.<b64url claims>.<b64url r ‖ s>" with header
// {"alg":"ES256","typ":"JWT"} plus "kid" when key_id is not empty.
// InvalidArgument when claims_json is not a JSON object, when it or key_id
// holds a NUL byte, or when the key is not a P-256 PKCS#8 PEM; Internal when
// libjwt fails.
StatusOr<std::string> SignJwtEs256(std::string_view claims_json, std::string_view private_key_pem,
                                   std::string_view key_id);

// Checks the token's form (three base64url segments, at most kMaxJwtBytes),
// that its header says "alg":"ES256", and its signature under the key; then
// returns the claims, re-serialized as compact JSON. Unauthenticated, with
// the reason, for every token that fails; InvalidArgument when the key is
// not a P-256 SubjectPublicKeyInfo PEM.
StatusOr<std::string> VerifyJwtEs256(std::string_view token, std::string_view public_key_pem);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_JWT_H_
