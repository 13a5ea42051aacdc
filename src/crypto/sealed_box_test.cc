#include "crypto/sealed_box.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/x25519.h"

namespace mse::crypto {
namespace {

using ::testing::HasSubstr;

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

// formats.md §20 UNSEAL.
TEST(SealedBoxKatTest, OpensTheUnsealVector) {
  Bytes sealed =
      Hex("d59c9d3d308bc1391383505b04f9c6105022cfba25884d8736ffbd05ce38511352f9ab743328d3821793dc0a"
          "15d60ba6"
          "73ac5d9ca88f99aeb07f2496584b14220095f16652e1657fe810f049d068edbb509632aeb6b62606a8ae99c6"
          "113cb2"
          "35b92f765e7c644be50bb90ae92b");
  ASSERT_EQ(sealed.size(), 109u);
  auto opened = SealedBoxOpen(Bytes(32, 7), sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ToString(opened->view()),
            R"({"result_sk": "AXIKImqLJa5SZms7o6mb_nL1QLro_GDNcpIJQ71CgMk="})");
}

// formats.md §20 SEAL (deterministic with the given ephemeral secret).
TEST(SealedBoxKatTest, SealMatchesTheSealVector) {
  Bytes recipient_sk = Hex("050644edf653672409aeba7874685ebfefa3e0457a80fca052fe2a49a3c4aff7");
  Bytes recipient_pk = Hex("3f9ef35a36a83936fd44d9aaabac348e93eea2a7caa7cb7b2120ef31df0a5738");
  Bytes ephemeral_sk = Hex("e89763bca39d1765a6c0dae1ce538f545656a3f1414e2f5febc74b38e4878b6a");
  std::string message =
      R"({"code_secret_key": "27004157347e7000674c10a3db3aaa6816918e745959fdb686ec513c9643c597"})";
  ASSERT_EQ(message.size(), 87u);
  auto sealed = SealedBoxSealWithEphemeralSecret(recipient_pk, ephemeral_sk, AsBytes(message));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(
      HexEncode(*sealed),
      "b0d3e387cccb6599f7b6c9e6bd885e6b9a17d1e1be2cffec5fddce46399bf30e"
      "328459642d0df4d1ebf9fa6aec515cf3"
      "3c90ac55eaad6e0336d577d8810086aa7f325825bb3f53d94d9a3d7bb9a825a72ee646fbd14cb82b5b9a880e478b"
      "02400aa705988723502b8b6c586ea0190c810e261963f50604349ad969607f52093436d42dc61fcfee");
  EXPECT_EQ(
      Base64UrlEncode(*sealed),
      "sNPjh8zLZZn3tsnmvYhea5oX0eG-LP_sX93ORjmb8w4yhFlkLQ300ev5-"
      "mrsUVzzPJCsVeqtbgM21XfYgQCGqn8yWCW7P1"
      "PZTZo9e7moJacu5kb70Uy4K1uaiA5HiwJACqcFmIcjUCuLbFhuoBkMgQ4mGWP1BgQ0mtlpYH9SCTQ21C3GH8_u");
  auto opened = SealedBoxOpen(recipient_sk, *sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(ToString(opened->view()), message);
}

class SealedBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeRandom key_random;
    pair_ = GenerateX25519KeyPair(key_random);
  }
  X25519KeyPair pair_;
};

TEST_F(SealedBoxTest, RoundTripIsDeterministicWithAFakeRandom) {
  FakeRandom r1, r2;
  auto a = SealedBoxSeal(pair_.public_key, AsBytes("hello enclave"), r1);
  auto b = SealedBoxSeal(pair_.public_key, AsBytes("hello enclave"), r2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->size(), 13u + kSealedBoxOverhead);
  auto c = SealedBoxSeal(pair_.public_key, AsBytes("hello enclave"), r1);  // fresh ephemeral
  EXPECT_NE(*a, *c);
  auto opened = SealedBoxOpen(pair_.secret_key.view(), *a);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ToString(opened->view()), "hello enclave");
}

TEST_F(SealedBoxTest, EmptyMessageRoundTrips) {
  FakeRandom r;
  auto sealed = SealedBoxSeal(pair_.public_key, {}, r);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), kSealedBoxOverhead);
  auto opened = SealedBoxOpen(pair_.secret_key.view(), *sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->empty());
}

TEST_F(SealedBoxTest, AllZeroRecipientIsRefused) {
  FakeRandom r;
  auto sealed = SealedBoxSeal(Bytes(32, 0), AsBytes("x"), r);
  EXPECT_EQ(sealed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(sealed.status().message(), HasSubstr("this enclave does not support sealed secrets"));
  auto kat = SealedBoxSealWithEphemeralSecret(Bytes(32, 0), Bytes(32, 1), AsBytes("x"));
  EXPECT_EQ(kat.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SealedBoxTest, LowOrderRecipientIsRefused) {
  Bytes one(32, 0);
  one[0] = 1;  // u = 1 has order 4: the shared secret would be zero
  FakeRandom r;
  auto sealed = SealedBoxSeal(one, AsBytes("x"), r);
  EXPECT_EQ(sealed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(sealed.status().message(), HasSubstr("low-order"));
}

TEST_F(SealedBoxTest, KeysOfWrongLengthAreNamed) {
  FakeRandom r;
  auto seal = SealedBoxSeal(Bytes(31, 5), AsBytes("x"), r);
  EXPECT_EQ(seal.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(seal.status().message(),
              HasSubstr("recipient public key: expected 32 bytes, found 31"));
  auto open = SealedBoxOpen(Bytes(64, 5), Bytes(60, 0));
  EXPECT_EQ(open.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(open.status().message(), HasSubstr("private key: expected 32 bytes, found 64"));
  auto eph = SealedBoxSealWithEphemeralSecret(pair_.public_key, Bytes(16, 1), AsBytes("x"));
  EXPECT_EQ(eph.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SealedBoxTest, WrongKeyTamperingAndTruncationFail) {
  FakeRandom r;
  Bytes sealed = SealedBoxSeal(pair_.public_key, AsBytes("secret value"), r).value();
  Bytes other_sk(32, 0x42);
  auto wrong = SealedBoxOpen(other_sk, sealed);
  EXPECT_EQ(wrong.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(wrong.status().message(), HasSubstr("wrong private key or corrupted data"));
  for (size_t pos : {0ul, 31ul, 32ul, 47ul, 48ul, sealed.size() - 1}) {
    Bytes bad = sealed;
    bad[pos] ^= 0x01;
    EXPECT_EQ(SealedBoxOpen(pair_.secret_key.view(), bad).status().code(), StatusCode::kDataLoss)
        << pos;
  }
  auto truncated = SealedBoxOpen(pair_.secret_key.view(), ByteView(sealed).first(47));
  EXPECT_EQ(truncated.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(truncated.status().message(), HasSubstr("at least 48 bytes, found 47"));
}

}  // namespace
}  // namespace mse::crypto
