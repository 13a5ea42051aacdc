#include "crypto/fernet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/hash.h"

namespace mse::crypto {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr std::string_view kToken =
    "gAAAAABlU_EAAAECAwQFBgcICQoLDA0ODxBMgDJFqySNiNC9vDNOO1Wp274HSZ1T8isNm_ySKawqRrqBHXq-AqavZXwXHo"
    "dShw==";

Bytes Counting(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

FernetKey KatKey() { return FernetKey::FromText(kKeyText).value(); }

// formats.md §20 FERNET.
TEST(FernetKatTest, EncryptWithIvMatches) {
  auto token = KatKey().EncryptWithIv(AsBytes("Hello World!"), 1700000000, Counting(16));
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(*token, kToken);
}

TEST(FernetKatTest, DecryptMatches) {
  auto plaintext = KatKey().Decrypt(kToken);
  ASSERT_TRUE(plaintext.ok()) << plaintext.status().ToString();
  EXPECT_EQ(ToString(plaintext->view()), "Hello World!");
}

TEST(FernetKeyTest, TextRoundTripsAndToleratesStrayCharacters) {
  EXPECT_EQ(KatKey().ToText(), kKeyText);
  for (std::string text : {std::string(kKeyText) + "\n", std::string(kKeyText) + "\r\n",
                           " " + std::string(kKeyText) + " \n"}) {
    auto key = FernetKey::FromText(text);
    ASSERT_TRUE(key.ok()) << text;
    EXPECT_EQ(key->ToText(), kKeyText);
  }
}

TEST(FernetKeyTest, WrongLengthIsRejectedWithTheOriginalMessage) {
  for (std::string_view text : {"", "AAEC", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==",
                                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"}) {
    auto key = FernetKey::FromText(text);
    EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(key.status().message(), "Fernet key must be 32 url-safe base64-encoded bytes.");
  }
  EXPECT_FALSE(FernetKey::FromBytes(Counting(31)).ok());
}

TEST(FernetKeyTest, GenerateUsesTheRandomSource) {
  FakeRandom random;
  FernetKey key = FernetKey::Generate(random);
  EXPECT_EQ(key.ToText(), kKeyText);  // FakeRandom yields 00 01 .. 1f
  EXPECT_EQ(key.ToText().size(), 44u);
}

TEST(FernetTest, RoundTripsAnySizeAndIgnoresTtl) {
  FakeRandom random;
  FernetKey key = FernetKey::Generate(random);
  for (size_t n : {0, 1, 15, 16, 17, 1000}) {
    Bytes data = Counting(n, 3);
    auto token = key.Encrypt(data, /*unix_time=*/0, random);  // 1970: no TTL check
    ASSERT_TRUE(token.ok());
    auto plaintext = key.Decrypt(*token);
    ASSERT_TRUE(plaintext.ok()) << n << " " << plaintext.status().ToString();
    EXPECT_EQ(HexEncode(plaintext->view()), HexEncode(data));
  }
  auto token = key.Encrypt({}, 0, random);
  EXPECT_EQ(Base64UrlDecode(*token)->size(), 73u);
  EXPECT_TRUE(key.Decrypt(*token + "\n").ok());  // trailing newline from a file
}

void ExpectBadToken(const FernetKey& key, std::string_view token) {
  auto plaintext = key.Decrypt(token);
  EXPECT_EQ(plaintext.status().code(), StatusCode::kDataLoss) << token;
  EXPECT_THAT(plaintext.status().message(), StartsWith("invalid key or corrupted token"));
}

TEST(FernetTest, WrongKeyAndTamperingAreRejected) {
  FakeRandom random;
  Bytes skip(5);
  random.Fill(skip);  // a key other than the KAT key
  ExpectBadToken(FernetKey::Generate(random), kToken);
  Bytes raw = Base64UrlDecode(kToken).value();
  for (size_t pos : {1ul, 9ul, 25ul, 41ul, raw.size() - 1}) {
    Bytes bad = raw;
    bad[pos] ^= 0x01;
    ExpectBadToken(KatKey(), Base64UrlEncodePadded(bad));
  }
  ExpectBadToken(KatKey(), Base64UrlEncodePadded(ByteView(raw).first(72)));
  ExpectBadToken(KatKey(), "");
}

// A token with a valid HMAC must still be refused when its structure is bad:
// proves the checks after the HMAC run.
Bytes SignedToken(uint8_t version, ByteView ciphertext) {
  Bytes token = {version, 0, 0, 0, 0, 0x65, 0x53, 0xf1, 0};
  Bytes iv = Counting(16);
  token.insert(token.end(), iv.begin(), iv.end());
  token.insert(token.end(), ciphertext.begin(), ciphertext.end());
  Sha256Digest mac = HmacSha256(ByteView(Counting(32)).first(16), token);
  token.insert(token.end(), mac.begin(), mac.end());
  return token;
}

TEST(FernetTest, SignedButMalformedTokensAreRejected) {
  ExpectBadToken(KatKey(), Base64UrlEncodePadded(SignedToken(0x81, Counting(16))));
  ExpectBadToken(KatKey(), Base64UrlEncodePadded(SignedToken(0x80, Counting(17))));  // not blocks
  // Random block: the PKCS#7 padding almost surely fails (this one does).
  ExpectBadToken(KatKey(), Base64UrlEncodePadded(SignedToken(0x80, Counting(16, 0x55))));
}

TEST(FernetTest, IvOfWrongLengthIsRejected) {
  auto token = KatKey().EncryptWithIv(AsBytes("x"), 1, Counting(15));
  EXPECT_EQ(token.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("expected 16 bytes, found 15"));
}

}  // namespace
}  // namespace mse::crypto
