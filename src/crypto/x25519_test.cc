#include "crypto/x25519.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"

namespace mse::crypto {
namespace {

using ::testing::HasSubstr;

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

Bytes Counting(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

constexpr std::string_view kHkdfSecret =
    "55bb302bc67f1f9721b6c1d3000e746208a1c8257cd0be0426d0fc1748a76339";
constexpr std::string_view kHkdfPublic =
    "7fe395837244af0b11b5b25c1df59b138c7ed95841d2ae474a67145920261b3a";

// formats.md §20 HKDF.
TEST(EnclaveKeyTest, DerivationMatchesKnownAnswer) {
  auto pair = DeriveEnclaveKeyPair(Counting(16), Counting(16, 0xa0));
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_EQ(HexEncode(pair->secret_key.view()), kHkdfSecret);
  EXPECT_EQ(HexEncode(pair->public_key), kHkdfPublic);
}

TEST(EnclaveKeyTest, UsesOnlyTheFirst16BytesOfTheSealKey) {
  Bytes seal_key = Counting(16);
  seal_key.resize(32, 0xee);
  auto pair = DeriveEnclaveKeyPair(seal_key, Counting(16, 0xa0));
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(HexEncode(pair->secret_key.view()), kHkdfSecret);
}

TEST(EnclaveKeyTest, ShortSealKeyIsRejected) {
  auto pair = DeriveEnclaveKeyPair(Counting(15), Counting(16));
  EXPECT_EQ(pair.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(pair.status().message(), HasSubstr("at least 16 bytes, found 15"));
}

TEST(EnclaveKeyTest, RandomSaltGivesDistinctKeys) {
  FakeRandom random;
  auto a = DeriveEnclaveKeyPair(Counting(16), random);
  auto b = DeriveEnclaveKeyPair(Counting(16), random);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(HexEncode(a->public_key), HexEncode(b->public_key));
  // The first salt FakeRandom hands out is 00..0f.
  auto expected = DeriveEnclaveKeyPair(Counting(16), Counting(16));
  EXPECT_EQ(HexEncode(a->secret_key.view()), HexEncode(expected->secret_key.view()));
}

struct HkdfVector {
  std::string name, ikm, salt, info;
  size_t length;
  std::string okm;
};

void PrintTo(const HkdfVector& v, std::ostream* os) { *os << v.name; }

class HkdfRfc5869Test : public ::testing::TestWithParam<HkdfVector> {};

TEST_P(HkdfRfc5869Test, MatchesRfc) {
  const auto& v = GetParam();
  auto okm = HkdfSha256(Hex(v.ikm), Hex(v.salt), Hex(v.info), v.length);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(HexEncode(okm->view()), v.okm);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc5869, HkdfRfc5869Test,
    ::testing::Values(
        HkdfVector{
            "Case1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
            "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
        HkdfVector{"Case3", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
                   "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61"
                   "a96c8"}),
    [](const auto& info) { return info.param.name; });

TEST(HkdfTest, RejectsImpossibleLengths) {
  EXPECT_EQ(HkdfSha256(Counting(16), {}, {}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256(Counting(16), {}, {}, 8161).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(HkdfSha256(Counting(16), {}, {}, 8160).ok());
}

TEST(X25519Test, GeneratedSecretIsStoredUnclamped) {
  FakeRandom random;  // yields 00 01 .. 1f: byte 0 would be clamped to 00, byte 31 to 5f
  X25519KeyPair pair = GenerateX25519KeyPair(random);
  EXPECT_EQ(HexEncode(pair.secret_key.view()), HexEncode(Counting(32)));
  auto pk = X25519PublicFromSecret(Counting(32));
  ASSERT_TRUE(pk.ok());
  EXPECT_EQ(pair.public_key, *pk);
}

TEST(X25519Test, PublicFromSecretMatchesKnownAnswers) {
  // formats.md §20 UNSEAL and SEAL give secret/public pairs.
  EXPECT_EQ(HexEncode(X25519PublicFromSecret(Bytes(32, 7)).value()),
            "13be4feaeaf204c7fd3358fc9c00721881d174278128227ec674f37f7fe97b6d");
  EXPECT_EQ(HexEncode(X25519PublicFromSecret(
                          Hex("050644edf653672409aeba7874685ebfefa3e0457a80fca052fe2a49a3c4aff7"))
                          .value()),
            "3f9ef35a36a83936fd44d9aaabac348e93eea2a7caa7cb7b2120ef31df0a5738");
  auto pair = X25519KeyPairFromSecret(Hex(kHkdfSecret));
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(HexEncode(pair->public_key), kHkdfPublic);
}

TEST(X25519Test, SecretOfWrongLengthIsRejected) {
  auto pk = X25519PublicFromSecret(Bytes(31, 1));
  EXPECT_EQ(pk.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(pk.status().message(), HasSubstr("expected 32 bytes, found 31"));
}

constexpr std::string_view kRdPoint =
    "04709cbcb5f5828f456086c4d771c95117c96bc862a994d037eea1e47a590602c336113047b27c1f33defd7f9b24bf"
    "c3"
    "b96a21e2b448df170ccd3e39a57cae814e";

// formats.md §20 RD.
TEST(ReportDataTest, BindsPointHashAndEnclaveKey) {
  Bytes point = Hex(kRdPoint);
  auto rd = ReportDataForKeyBytes(point, Hex(kHkdfPublic));
  ASSERT_TRUE(rd.ok()) << rd.status().ToString();
  EXPECT_EQ(HexEncode(*rd), "63fb8f5219bb2c2743a2e80f2d29f8f8c75f2edff008d02bcb396efcb19386f9" +
                                std::string(kHkdfPublic));
  P256UncompressedPoint typed_point;
  X25519PublicKey typed_pk;
  std::copy(point.begin(), point.end(), typed_point.begin());
  Bytes pk = Hex(kHkdfPublic);
  std::copy(pk.begin(), pk.end(), typed_pk.begin());
  EXPECT_EQ(ReportDataForKeys(typed_point, typed_pk), *rd);
}

TEST(ReportDataTest, RejectsMalformedInputs) {
  Bytes point = Hex(kRdPoint);
  Bytes compressed = point;
  compressed[0] = 0x02;
  auto bad_prefix = ReportDataForKeyBytes(compressed, Bytes(32));
  EXPECT_EQ(bad_prefix.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_prefix.status().message(), HasSubstr("found first byte 02"));
  EXPECT_EQ(ReportDataForKeyBytes(ByteView(point).first(33), Bytes(32)).status().code(),
            StatusCode::kInvalidArgument);
  auto short_pk = ReportDataForKeyBytes(point, Bytes(31));
  EXPECT_THAT(short_pk.status().message(), HasSubstr("expected 32 bytes, found 31"));
}

}  // namespace
}  // namespace mse::crypto
