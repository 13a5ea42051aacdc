#include "crypto/password.h"

#include <gtest/gtest.h>

#include <string>

namespace mse::crypto {
namespace {

constexpr char kPassword[] = "correct horse battery staple";
// Made by PyNaCl (nacl.pwhash.argon2id.str) at the INTERACTIVE limits: a
// hash written by another implementation verifies with ours.
constexpr char kPyNaClHash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$VHRKD0U/ETT/g7wJONCVDg$fgEofMcfbLeZw/mevsCp8XSxYx6FDCIJCQUBvf7KFNc";
// PyNaCl again, argon2id at the smallest limits (t=1, m=8 KiB).
constexpr char kWeakHash[] =
    "$argon2id$v=19$m=8,t=1,p=1$iMuuHG6Wf+h1T5/9/jBmjA$mfx4aeiFAizcB0a/xlV0F4DlIu1odi7vUDCE/Ys8DiA";
// PyNaCl, argon2i (not id): we never accept it.
constexpr char kArgon2iHash[] =
    "$argon2i$v=19$m=32768,t=4,p=1$EbLlbomELh6smL2f5zzeNA$tHFwET7wJrbSE0f6ou0UItOYP5tdQoATuYaK0octkTo";

TEST(PasswordTest, HashThenVerify) {
  auto hash = HashPassword(kPassword);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

TEST(PasswordTest, SaltMakesHashesDiffer) {
  auto a = HashPassword(kPassword);
  auto b = HashPassword(kPassword);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, VerifiesHashFromPyNaCl) {
  EXPECT_TRUE(VerifyPassword(kPyNaClHash, kPassword));
  EXPECT_FALSE(VerifyPassword(kPyNaClHash, "Correct horse battery staple"));
  EXPECT_FALSE(PasswordNeedsRehash(kPyNaClHash));
}

TEST(PasswordTest, EmptyAndOverlongPasswordsRefused) {
  EXPECT_EQ(HashPassword("").status().code(), StatusCode::kInvalidArgument);
  const std::string longest(kMaxPasswordBytes, 'x');
  auto ok = HashPassword(longest);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(VerifyPassword(*ok, longest));
  const std::string too_long(kMaxPasswordBytes + 1, 'x');
  auto refused = HashPassword(too_long);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("1024"), std::string::npos);
  EXPECT_FALSE(VerifyPassword(*ok, too_long));
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  const std::string good = kPyNaClHash;
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(VerifyPassword("not a hash", kPassword));
  EXPECT_FALSE(VerifyPassword(good.substr(0, good.size() - 5), kPassword));
  std::string with_nul = good;
  with_nul.insert(20, 1, '\0');
  EXPECT_FALSE(VerifyPassword(with_nul, kPassword));
  std::string flipped = good;
  flipped[good.size() - 3] = flipped[good.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(flipped, kPassword));
  EXPECT_FALSE(VerifyPassword(good + std::string(200, 'A'), kPassword));
  EXPECT_FALSE(VerifyPassword(kArgon2iHash, kPassword));
}

TEST(PasswordTest, NeedsRehashForOtherParametersOrAlgorithms) {
  EXPECT_TRUE(VerifyPassword(kWeakHash, kPassword));
  EXPECT_TRUE(PasswordNeedsRehash(kWeakHash));
  EXPECT_TRUE(PasswordNeedsRehash(kArgon2iHash));
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
  EXPECT_TRUE(PasswordNeedsRehash(""));
}

}  // namespace
}  // namespace mse::crypto
