#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace mse::crypto {
namespace {

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

Bytes Counting(size_t n, uint8_t start) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

// draft-irtf-cfrg-xchacha-03 §A.3.1.
TEST(AeadTest, XChaCha20Poly1305KnownAnswer) {
  Bytes plaintext = ToBytes(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen "
      "would be it.");
  Bytes aad = Hex("50515253c0c1c2c3c4c5c6c7");
  Bytes key = Counting(32, 0x80);
  Bytes nonce = Hex("404142434445464748494a4b4c4d4e4f5051525354555657");
  auto sealed = AeadSeal(key, nonce, aad, plaintext);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(
      HexEncode(*sealed),
      "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6"
      "708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c9763"
      "7da9768812f615c68b13b52ec0875924c1c7987947deafd8780acf49");
  auto opened = AeadOpen(key, nonce, aad, *sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(ToString(opened->view()), ToString(plaintext));
}

TEST(AeadTest, OpenRefusesWrongKeyAssociatedDataOrTampering) {
  Bytes key = Counting(32, 1), nonce = Counting(24, 2), aad = ToBytes("header");
  Bytes sealed = AeadSeal(key, nonce, aad, ToBytes("state")).value();
  EXPECT_EQ(AeadOpen(Counting(32, 9), nonce, aad, sealed).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(AeadOpen(key, nonce, ToBytes("other"), sealed).status().code(), StatusCode::kDataLoss);
  sealed[0] ^= 1;
  EXPECT_EQ(AeadOpen(key, nonce, aad, sealed).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(AeadOpen(key, nonce, aad, Bytes(15)).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(AeadSeal(Bytes(31), nonce, aad, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AeadOpen(key, Bytes(12), aad, sealed).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::crypto
