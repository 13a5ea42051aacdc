// PKCE (RFC 7636) with the S256 method only: mse-cloud's authorization codes
// are bound to a challenge, and the token endpoint wants its verifier
// (docs/cloud-backend.md, "Tokens"). "plain" does not exist here.
#ifndef MSE_CLOUD_AUTH_PKCE_H_
#define MSE_CLOUD_AUTH_PKCE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace mse::cloud::auth {

inline constexpr size_t kMinCodeVerifierLength = 43;
inline constexpr size_t kMaxCodeVerifierLength = 128;
inline constexpr size_t kS256ChallengeLength = 43;  // base64url of 32 bytes, unpadded

// RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
bool IsValidCodeVerifier(std::string_view verifier);

// A canonical unpadded base64url SHA-256 digest: 43 characters of the
// base64url alphabet, the last one carrying no stray low bits.
bool IsValidS256Challenge(std::string_view challenge);

// BASE64URL(SHA-256(ASCII(verifier))), RFC 7636 §4.2.
std::string S256Challenge(std::string_view verifier);

// True when the verifier is well-formed and its S256 transform equals the
// challenge; the comparison takes the same time wherever they differ.
bool VerifyS256(std::string_view verifier, std::string_view challenge);

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_PKCE_H_
