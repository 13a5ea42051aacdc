#include "format/provider_binding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/hash.h"

namespace mse::format {
namespace {

using ::testing::HasSubstr;

constexpr char kUuid[] = "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21";

BindingEnclave Enclave() {
  BindingEnclave e;
  e.app_id = kUuid;
  e.ratls_public_key.fill(0x11);
  e.ratls_public_key[0] = 0x04;
  e.enclave_public_key.fill(0x22);
  return e;
}

class ProviderBindingTest : public ::testing::Test {
 protected:
  ProviderBindingTest() : provider_(GenerateProviderKeyPair(random_)) {
    fields_.sealed_secrets = AsBytes(sealed_);
    fields_.code_secret_key = ByteView(code_key_);
  }
  std::string Sign(const BindingEnclave& enclave, const BoundFields& fields) {
    return SignProviderBinding(provider_.seed.view(), enclave, fields).value();
  }

  FakeRandom random_;
  ProviderKeyPair provider_;
  std::string sealed_ = "sealed box bytes";
  Bytes code_key_ = Bytes(32, 0xab);
  BoundFields fields_;
};

TEST_F(ProviderBindingTest, RoundTrips) {
  std::string signature = Sign(Enclave(), fields_);
  EXPECT_EQ(Base64UrlDecode(signature)->size(), 64u);
  EXPECT_TRUE(VerifyProviderBinding(provider_.public_key, Enclave(), fields_, signature).ok());
  // The app id is compared as a UUID, whatever its spelling.
  BindingEnclave upper = Enclave();
  upper.app_id = "{2F0C7F4E4B7A4C439A577D1E0B6F3A21}";
  EXPECT_TRUE(VerifyProviderBinding(provider_.public_key, upper, fields_, signature).ok());
}

TEST_F(ProviderBindingTest, RefusesAnythingChanged) {
  std::string signature = Sign(Enclave(), fields_);
  auto refused = [&](const BindingEnclave& e, const BoundFields& f, const ProviderPublicKey& k) {
    Status s = VerifyProviderBinding(k, e, f, signature);
    EXPECT_EQ(s.code(), StatusCode::kUnauthenticated) << s.ToString();
  };
  BindingEnclave other_id = Enclave();
  other_id.app_id = "00000000-0000-0000-0000-000000000000";
  refused(other_id, fields_, provider_.public_key);
  BindingEnclave other_tls = Enclave();
  other_tls.ratls_public_key[64] ^= 1;
  refused(other_tls, fields_, provider_.public_key);
  BindingEnclave other_x25519 = Enclave();
  other_x25519.enclave_public_key[0] ^= 1;
  refused(other_x25519, fields_, provider_.public_key);
  BoundFields no_key = fields_;
  no_key.code_secret_key.reset();
  refused(Enclave(), no_key, provider_.public_key);
  BoundFields other_sealed = fields_;
  other_sealed.sealed_secrets = AsBytes(std::string_view("sealed box bytez"));
  refused(Enclave(), other_sealed, provider_.public_key);
  BoundFields with_tls = fields_;
  with_tls.ssl_private_key = "-----BEGIN PRIVATE KEY-----\n";
  refused(Enclave(), with_tls, provider_.public_key);
  refused(Enclave(), fields_, GenerateProviderKeyPair(random_).public_key);
}

TEST_F(ProviderBindingTest, FieldsDoNotShiftIntoEachOther) {
  // The sealed secrets ending with what would be the start of the key item
  // must not hash like a split elsewhere: every item is length-prefixed.
  BoundFields a, b;
  Bytes joined = {1, 2, 3, 4};
  a.sealed_secrets = ByteView(joined).first(2);
  a.code_secret_key = ByteView(joined).last(2);
  b.sealed_secrets = ByteView(joined).first(3);
  b.code_secret_key = ByteView(joined).last(1);
  EXPECT_NE(ProviderPayloadHash(a), ProviderPayloadHash(b));
  BoundFields empty;
  BoundFields empty_strings;
  empty_strings.sealed_secrets = ByteView();
  empty_strings.ssl_private_key = "";
  EXPECT_EQ(ProviderPayloadHash(empty), ProviderPayloadHash(empty_strings));
}

TEST(ProviderBindingLayoutTest, MessageIsTheDocumentedBytes) {
  BoundFields fields;
  fields.code_secret_key = AsBytes(std::string_view("K"));
  auto message = ProviderBindingMessage(Enclave(), fields);
  ASSERT_TRUE(message.ok());
  ASSERT_EQ(message->size(), kProviderBindingMessageSize);
  std::string payload =
      std::string("mse-provider-payload-v1\n") + '\0' + '\x01' + std::string(7, '\0') + '\x01' + "K" + '\0';
  Bytes expected = ToBytes("mse-provider-binding-v1\n");
  Bytes uuid = HexDecode("2f0c7f4e4b7a4c439a577d1e0b6f3a21").value();
  expected.insert(expected.end(), uuid.begin(), uuid.end());
  BindingEnclave e = Enclave();
  expected.insert(expected.end(), e.ratls_public_key.begin(), e.ratls_public_key.end());
  expected.insert(expected.end(), e.enclave_public_key.begin(), e.enclave_public_key.end());
  crypto::Sha256Digest hash = crypto::Sha256(AsBytes(payload));
  expected.insert(expected.end(), hash.begin(), hash.end());
  EXPECT_EQ(HexEncode(*message), HexEncode(expected));
}

TEST(ProviderBindingLayoutTest, BadInputsAreNamed) {
  BindingEnclave e = Enclave();
  e.app_id = "not-a-uuid";
  EXPECT_THAT(ProviderBindingMessage(e, {}).status().message(), HasSubstr("not a UUID"));
  FakeRandom random;
  ProviderKeyPair p = GenerateProviderKeyPair(random);
  Status s = VerifyProviderBinding(p.public_key, Enclave(), {}, "AAAA");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("64-byte"));
  EXPECT_EQ(SignProviderBinding(Bytes(31), Enclave(), {}).status().code(), StatusCode::kInvalidArgument);
}

TEST(ProviderPublicKeyTest, ParsesTheTomlForm) {
  std::string hex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  auto key = ParseProviderPublicKey("ed25519:" + hex);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->Text(), "ed25519:" + hex);
  auto upper =
      ParseProviderPublicKey("ed25519:D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, *key);
  EXPECT_THAT(ParseProviderPublicKey(hex).status().message(), HasSubstr("ed25519:"));
  EXPECT_THAT(ParseProviderPublicKey("ed25519:" + hex.substr(2)).status().message(),
              HasSubstr("62 characters"));
  EXPECT_FALSE(ParseProviderPublicKey("ed25519:" + hex.substr(0, 62) + "zz").ok());
  EXPECT_FALSE(ParseProviderPublicKey("x25519:" + hex).ok());
}

TEST(ProviderPublicKeyTest, KeyPairFromSeedMatchesGeneration) {
  FakeRandom random;
  ProviderKeyPair generated = GenerateProviderKeyPair(random);
  auto again = ProviderKeyPairFromSeed(generated.seed.view());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key, generated.public_key);
}

constexpr char kHex[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

TEST(FindProviderPublicKeyTest, ReadsTheTopLevelLineForm) {
  std::string key = std::string("ed25519:") + kHex;
  for (std::string text :
       {"name = \"a\"\nprovider_public_key = \"" + key + "\"\n",
        "  provider_public_key=  '" + key + "'   # the provider's\r\n[cloud]\n",
        "# provider_public_key = \"nope\"\nname = \"provider_public_key\"\nprovider_public_key = \"" + key +
            "\""}) {
    auto found = FindProviderPublicKey(text, "mse.toml");
    ASSERT_TRUE(found.ok()) << found.status().ToString() << "\n" << text;
    ASSERT_TRUE(found->has_value()) << text;
    EXPECT_EQ((*found)->Text(), key);
  }
  auto none =
      FindProviderPublicKey("name = \"a\"\n[cloud]\nprovider_public_key = \"" + key + "\"\n", "mse.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());  // inside a table: not the top-level key
}

TEST(FindProviderPublicKeyTest, RefusesOtherFormsNamingTheLine) {
  std::string key = std::string("ed25519:") + kHex;
  for (std::string text :
       {"\"provider_public_key\" = \"" + key + "\"", std::string("provider_public_key.x = 1"),
        "provider_public_key = \"\"\"" + key, "provider_public_key = \"" + key + "\" extra",
        std::string("provider_public_key = \"ed25519:\\u0061\""),
        "provider_public_key = \"" + key + "\"\nprovider_public_key = \"" + key + "\"",
        std::string("provider_public_key = \"abc\"")}) {
    auto found = FindProviderPublicKey(text, "mse.toml");
    EXPECT_EQ(found.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(found.status().message().find("mse.toml:"), std::string::npos) << found.status().message();
  }
}

}  // namespace
}  // namespace mse::format
