#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"

namespace mse::crypto {
namespace {

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

struct Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1, TEST 1 and TEST 2.
class Ed25519KnownAnswerTest : public ::testing::TestWithParam<Vector> {};

TEST_P(Ed25519KnownAnswerTest, SignsAndVerifiesAsTheRfc) {
  const Vector& v = GetParam();
  auto pair = Ed25519KeyPairFromSeed(Hex(v.seed));
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_EQ(HexEncode(pair->public_key), v.public_key);
  auto signature = Ed25519Sign(Hex(v.seed), Hex(v.message));
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(HexEncode(*signature), v.signature);
  EXPECT_TRUE(Ed25519Verify(Hex(v.public_key), Hex(v.message), Hex(v.signature)).ok());
}

INSTANTIATE_TEST_SUITE_P(
    Rfc8032, Ed25519KnownAnswerTest,
    ::testing::Values(Vector{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                             "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33ba"
                             "cc61e39701cf9b46bd"
                             "25bf5f0595bbe24655141438e7a100b"},
                      Vector{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                             "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996"
                             "e458f3613d0f11d8c3"
                             "87b2eaeb4302aeeb00d291612bb0c00"}));

TEST(Ed25519Test, RefusesAnotherMessageKeyOrTamperedSignature) {
  FakeRandom random;
  Ed25519KeyPair pair = GenerateEd25519KeyPair(random);
  Ed25519KeyPair other = GenerateEd25519KeyPair(random);
  Bytes message = ToBytes("uuid || enclave key || payload hash");
  auto signature = Ed25519Sign(pair.seed.view(), message);
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(Ed25519Verify(pair.public_key, message, *signature).ok());
  EXPECT_EQ(Ed25519Verify(other.public_key, message, *signature).code(), StatusCode::kUnauthenticated);
  Bytes changed = message;
  changed[0] ^= 1;
  EXPECT_EQ(Ed25519Verify(pair.public_key, changed, *signature).code(), StatusCode::kUnauthenticated);
  Ed25519Signature tampered = *signature;
  tampered[63] ^= 0x40;
  EXPECT_EQ(Ed25519Verify(pair.public_key, message, tampered).code(), StatusCode::kUnauthenticated);
}

TEST(Ed25519Test, WrongLengthsAreInvalidArguments) {
  EXPECT_EQ(Ed25519Sign(Bytes(31), {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519KeyPairFromSeed(Bytes(64)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519Verify(Bytes(31), {}, Bytes(64)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519Verify(Bytes(32), {}, Bytes(63)).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::crypto
