#include "cloud/auth/pkce.h"

#include <gtest/gtest.h>

#include <string>

namespace mse::cloud::auth {
namespace {

// RFC 7636 Appendix B.
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(PkceTest, Rfc7636AppendixB) {
  EXPECT_EQ(S256Challenge(kVerifier), kChallenge);
  EXPECT_TRUE(VerifyS256(kVerifier, kChallenge));
}

TEST(PkceTest, WrongVerifierFails) {
  std::string other = kVerifier;
  other[0] = 'e';
  EXPECT_FALSE(VerifyS256(other, kChallenge));
  EXPECT_FALSE(VerifyS256(kChallenge, kChallenge));  // "plain" does not exist
}

TEST(PkceTest, VerifierLengthAndAlphabet) {
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(43, 'a')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(128, '~')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(129, 'a')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(40, 'Z') + "-._"));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a') + "+"));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a') + "="));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a') + " "));
  // A too-short verifier fails even when its challenge matches.
  const std::string short_verifier(42, 'a');
  EXPECT_FALSE(VerifyS256(short_verifier, S256Challenge(short_verifier)));
}

TEST(PkceTest, ChallengeMustBeCanonicalBase64UrlDigest) {
  EXPECT_TRUE(IsValidS256Challenge(kChallenge));
  const std::string c = kChallenge;
  EXPECT_FALSE(IsValidS256Challenge(c.substr(0, 42)));
  EXPECT_FALSE(IsValidS256Challenge(c + "A"));
  EXPECT_FALSE(IsValidS256Challenge(c + "="));
  EXPECT_FALSE(IsValidS256Challenge(c.substr(0, 42) + "+"));
  // 'N' sets one of the two spare low bits: the same digest, non-canonical.
  EXPECT_FALSE(IsValidS256Challenge(c.substr(0, 42) + "N"));
  EXPECT_FALSE(VerifyS256(kVerifier, c.substr(0, 42) + "N"));
}

}  // namespace
}  // namespace mse::cloud::auth
