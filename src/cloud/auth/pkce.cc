#include "cloud/auth/pkce.h"

#include "base/bytes.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::cloud::auth {
namespace {

bool IsAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < kMinCodeVerifierLength || verifier.size() > kMaxCodeVerifierLength) return false;
  for (char c : verifier) {
    if (!IsAlnum(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  }
  return true;
}

bool IsValidS256Challenge(std::string_view challenge) {
  if (challenge.size() != kS256ChallengeLength) return false;
  for (char c : challenge) {
    if (!IsAlnum(c) && c != '-' && c != '_') return false;
  }
  // 32 bytes are 256 bits; 43 characters carry 258, so the last character's
  // two low bits are zero in the one canonical encoding.
  constexpr std::string_view kCanonicalLast = "AEIMQUYcgkosw048";
  return kCanonicalLast.find(challenge.back()) != std::string_view::npos;
}

std::string S256Challenge(std::string_view verifier) {
  return Base64UrlEncode(crypto::Sha256(AsBytes(verifier)));
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier) || !IsValidS256Challenge(challenge)) return false;
  // The challenge is not secret, but the comparison is constant-time anyway
  // so that it leaks nothing about how close a guessed verifier came.
  return ConstantTimeEquals(AsBytes(S256Challenge(verifier)), AsBytes(challenge));
}

}  // namespace mse::cloud::auth
