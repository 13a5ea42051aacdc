#include "crypto/p256.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::crypto {
namespace {

// formats.md §20, vector RD.
constexpr char kScalar[] = "f84d08e03e92e256404b4da13eeb84fc40bd6b691dce84cdd3601cfb591c032e";
constexpr char kPoint[] =
    "04709cbcb5f5828f456086c4d771c95117c96bc862a994d037eea1e47a590602c336113047b27c1f33defd7f9b24"
    "bfc3b96a21e2b448df170ccd3e39a57cae814e";
constexpr char kPointHash[] = "63fb8f5219bb2c2743a2e80f2d29f8f8c75f2edff008d02bcb396efcb19386f9";

TEST(P256Test, KnownScalarGivesSpecPointAndReportDataHash) {
  auto key = P256PrivateKey::FromScalar(*HexDecode(kScalar));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  P256Point point = key->PublicPoint();
  EXPECT_EQ(HexEncode(point), kPoint);
  EXPECT_EQ(HexEncode(Sha256(point)), kPointHash);
}

TEST(P256Test, GeneratedKeyRoundTripsThroughPkcs8Pem) {
  auto key = P256PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  SecretBytes pem = key->ToPkcs8Pem();
  std::string text(AsStringView(pem.view()));
  EXPECT_EQ(text.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  EXPECT_EQ(text.back(), '\n');
  auto loaded = P256PrivateKey::FromPkcs8Pem(text);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->PublicPoint(), key->PublicPoint());
  EXPECT_EQ(key->PublicPoint()[0], 0x04);
  auto other = P256PrivateKey::Generate();
  EXPECT_NE(other->PublicPoint(), key->PublicPoint());
}

TEST(P256Test, RejectsBadInput) {
  EXPECT_EQ(P256PrivateKey::FromPkcs8Pem("not a key").status().code(), StatusCode::kInvalidArgument);
  // An Ed25519 PKCS#8 key is a valid PEM private key, but not P-256.
  constexpr char kEd25519[] =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"
      "-----END PRIVATE KEY-----\n";
  auto ed = P256PrivateKey::FromPkcs8Pem(kEd25519);
  EXPECT_EQ(ed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ed.status().message().find("P-256"), std::string::npos);
  EXPECT_FALSE(P256PrivateKey::FromScalar(Bytes(31, 1)).ok());
  EXPECT_FALSE(P256PrivateKey::FromScalar(Bytes(32, 0)).ok());
}

}  // namespace
}  // namespace mse::crypto
