#include "enclave/sealed_state.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::enclave {
namespace {

EnclaveState Sample(bool configured) {
  EnclaveState s;
  s.ratls_key_pem = SecretBytes(AsBytes("-----BEGIN PRIVATE KEY-----\nx\n"));
  s.enclave_secret_key = SecretBytes(Bytes(32, 0x42));
  s.certificate_pem = "-----BEGIN CERTIFICATE-----\ny\n";
  s.configured = configured;
  if (configured) {
    s.configuration.code_key = SecretBytes(Bytes(32, 0xaa));
    s.configuration.sealed_secrets_json = SecretBytes(AsBytes("{\"a\": 1}"));
  }
  return s;
}

std::string Text(const std::optional<SecretBytes>& v) { return v ? ToString(v->view()) : "<none>"; }

TEST(SealedStateTest, RecordRoundTrips) {
  for (bool configured : {false, true}) {
    SecretBytes record = EncodeState(Sample(configured));
    auto decoded = DecodeState(record.view());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(ToString(decoded->ratls_key_pem.view()), "-----BEGIN PRIVATE KEY-----\nx\n");
    EXPECT_EQ(decoded->enclave_secret_key.size(), 32u);
    EXPECT_EQ(decoded->certificate_pem, "-----BEGIN CERTIFICATE-----\ny\n");
    EXPECT_EQ(decoded->configured, configured);
    EXPECT_EQ(Text(decoded->configuration.code_key), configured ? std::string(32, '\xaa') : "<none>");
    EXPECT_EQ(Text(decoded->configuration.sealed_secrets_json), configured ? "{\"a\": 1}" : "<none>");
    EXPECT_EQ(Text(decoded->configuration.app_secrets_json), "<none>");
    EXPECT_EQ(Text(decoded->configuration.owner_key_pem), "<none>");
  }
}

TEST(SealedStateTest, RecordLayoutIsTheDocumentedOne) {
  EnclaveState s;
  s.ratls_key_pem = SecretBytes(AsBytes("K"));
  s.enclave_secret_key = SecretBytes(Bytes(32, 0));
  s.certificate_pem = "C";
  SecretBytes record = EncodeState(s);
  std::string expected = std::string("\x01\0\0\0\x01K", 6) + std::string("\x02\0\0\0\x20", 5) +
                         std::string(32, '\0') +
                         std::string(
                             "\x03\0\0\0\x01"
                             "C",
                             6) +
                         std::string("\x04\0\0\0\x01\0", 6);
  EXPECT_EQ(ToString(record.view()), expected);
}

TEST(SealedStateTest, MalformedRecordsAreDataLoss) {
  SecretBytes record = EncodeState(Sample(true));
  std::string bytes = ToString(record.view());
  for (std::string bad :
       {bytes.substr(0, 3), bytes.substr(0, bytes.size() - 1), std::string("\x09\0\0\0\0", 5),
        std::string("\x01\0\0\0\0\x01\0\0\0\0", 10), std::string("\x01\0\0\0\0", 5)}) {
    auto decoded = DecodeState(AsBytes(bad));
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << bad.size();
  }
}

TEST(SealedStateTest, SealsOpensAndRefusesAnotherKey) {
  FakeRandom random;
  auto sealer = StateSealer::FromSealKey(Bytes(16, 1));
  auto other = StateSealer::FromSealKey(Bytes(16, 2));
  ASSERT_TRUE(sealer.ok() && other.ok());
  auto sealed = sealer->Seal(Sample(true), random);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(ToString(ByteView(*sealed).first(20)), "mse-sealed-state-v1\n");
  EXPECT_EQ(ToString(*sealed).find("BEGIN PRIVATE KEY"), std::string::npos);
  auto opened = sealer->Open(*sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_TRUE(opened->configured);
  auto refused = other->Open(*sealed);
  EXPECT_EQ(refused.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(refused.status().message().find("does not open"), std::string::npos);
  Bytes renamed = *sealed;
  renamed[18] = '2';  // the header is authenticated too
  EXPECT_EQ(sealer->Open(renamed).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(StateSealer::FromSealKey(Bytes(8)).status().code(), StatusCode::kInvalidArgument);
}

TEST(SealedStateTest, SaveAndLoadThroughTheFileSystem) {
  FakeFileSystem fs;
  FakeRandom random;
  auto sealer = StateSealer::FromSealKey(Bytes(16, 3));
  ASSERT_TRUE(sealer.ok());
  auto none = LoadState(fs, "/key/state.sealed", *sealer);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(fs.CreateDirectories("/key", FileMode::kSecret).ok());
  ASSERT_TRUE(SaveState(fs, "/key/state.sealed", *sealer, Sample(false), random).ok());
  EXPECT_EQ(fs.files().at("/key/state.sealed").mode, FileMode::kSecret);
  auto loaded = LoadState(fs, "/key/state.sealed", *sealer);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_FALSE((*loaded)->configured);
  fs.FailCommits(true);
  EXPECT_FALSE(SaveState(fs, "/key/state.sealed", *sealer, Sample(true), random).ok());
  fs.FailCommits(false);
  EXPECT_FALSE((*LoadState(fs, "/key/state.sealed", *sealer))->configured);  // the old state is intact
}

}  // namespace
}  // namespace mse::enclave
