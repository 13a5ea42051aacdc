#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/ecdsa.h"
#include "crypto/pki_rsa.h"
#include "crypto/pki_testing.h"
#include "crypto/x509.h"

namespace mse::crypto {
namespace {

TEST(EcdsaTest, RawToDerAddsLeadingZeroAndStripsZeros) {
  Bytes raw(64, 0);
  raw[0] = 0x80;   // r: top bit set -> 33-byte INTEGER
  raw[63] = 0x01;  // s: 1 -> one-byte INTEGER
  auto der = RawEcdsaSignatureToDer(raw);
  ASSERT_TRUE(der.ok());
  EXPECT_EQ(HexEncode(*der),
            "30260221008000000000000000000000000000000000000000000000000000000000000000"
            "020101");
  EXPECT_FALSE(RawEcdsaSignatureToDer(Bytes(63)).ok());
}

TEST(EcdsaTest, SignVerifyAndRejectTampering) {
  auto key = testing::TestP256Key::Generate();
  Bytes message = ToBytes("attest me");
  Bytes sig = key.SignRaw(message);
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_TRUE(VerifyEcdsaP256Sha256(key.PublicPoint(), message, sig).ok());
  message[0] ^= 1;
  EXPECT_EQ(VerifyEcdsaP256Sha256(key.PublicPoint(), message, sig).code(),
            StatusCode::kUnauthenticated);
  P256Point bad = key.PublicPoint();
  bad[64] ^= 1;  // off the curve
  EXPECT_EQ(VerifyEcdsaP256Sha256(bad, message, sig).code(), StatusCode::kInvalidArgument);
}

TEST(EcdsaTest, PointFromXYValidates) {
  auto key = testing::TestP256Key::Generate();
  P256Point point = key.PublicPoint();
  auto again = P256PointFromXY(ByteView(point).subspan(1));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, point);
  EXPECT_FALSE(P256PointFromXY(Bytes(64, 0)).ok());
  EXPECT_FALSE(P256PointFromXY(Bytes(63, 1)).ok());
}

TEST(MrSignerTest, Sha256OfLittleEndianModulus) {
  std::string pem = testing::GenerateRsaPublicKeyPem(3072, 3);
  auto mrsigner = ComputeMrSigner(pem);
  ASSERT_TRUE(mrsigner.ok()) << mrsigner.status().ToString();
  // Independent recomputation: parse the SPKI DER by hand (modulus INTEGER).
  auto blocks = ParsePemBlocks(pem);
  ASSERT_TRUE(blocks.ok());
  const Bytes& der = (*blocks)[0].der;
  // RSA-3072 SPKI: ... 02 82 01 81 00 <384-byte modulus> 02 01 03.
  size_t pos = 0;
  for (; pos + 4 < der.size(); ++pos) {
    if (der[pos] == 0x02 && der[pos + 1] == 0x82 && der[pos + 2] == 0x01 && der[pos + 3] == 0x81)
      break;
  }
  ASSERT_LT(pos + 5 + 384, der.size() + 1);
  Bytes modulus(der.begin() + static_cast<ptrdiff_t>(pos + 5),
                der.begin() + static_cast<ptrdiff_t>(pos + 5 + 384));
  Bytes le(modulus.rbegin(), modulus.rend());
  EXPECT_EQ(*mrsigner, Sha256(le));
}

TEST(MrSignerTest, RejectsNonRsaAndGarbage) {
  EXPECT_FALSE(ComputeMrSigner("not a pem").ok());
  auto key = testing::TestP256Key::Generate();
  auto result = ComputeMrSigner(key.PrivateKeyPem());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("not an RSA key"), std::string::npos);
}

}  // namespace
}  // namespace mse::crypto
