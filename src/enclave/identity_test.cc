#include "enclave/identity.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/fake_env.h"
#include "crypto/hash.h"

namespace mse::enclave {
namespace {

class RecordingQuoteProvider : public QuoteProvider {
 public:
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override {
    calls++;
    last = report_data;
    return inner.GetQuote(report_data);
  }
  StatusOr<SecretBytes> GetSealKey() override { return inner.GetSealKey(); }
  int calls = 0;
  ReportData last{};
  NoAttestationQuoteProvider inner;
};

class IdentityTest : public ::testing::Test {
 protected:
  IdentityTest() : env_{&fs_, &clock_, &random_} { paths_.key_path = "/key"; }
  StatusOr<LoadedState> Load(QuoteProvider& quotes, ByteView seal_key) {
    auto sealer = StateSealer::FromSealKey(seal_key);
    if (!sealer.ok()) return sealer.status();
    return LoadOrCreateState(paths_, {"CN=test", "localhost", 0}, *sealer, seal_key, quotes, env_);
  }
  StatusOr<LoadedState> Load() { return Load(quotes_, Bytes(16, 0x5e)); }
  FakeFileSystem fs_;
  FakeClock clock_;
  FakeRandom random_;
  Env env_;
  EnclavePaths paths_;
  RecordingQuoteProvider quotes_;
};

TEST_F(IdentityTest, CreatesSealsAndReuses) {
  auto first = Load();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->identity.reused);
  EXPECT_FALSE(first->state.configured);
  EXPECT_EQ(quotes_.calls, 1);
  // Only the sealed state and public copies: no plain key file.
  ASSERT_TRUE(fs_.files().count("/key/state.sealed"));
  EXPECT_EQ(fs_.files().at("/key/state.sealed").mode, FileMode::kSecret);
  EXPECT_EQ(fs_.files().at("/key/cert.ratls.pem").data, first->identity.certificate_pem);
  EXPECT_EQ(fs_.files().at("/key/enclave.pub").data.size(), 32u);
  for (const char* file : {"/key/key.ratls.pem", "/key/enclave.key", "/key/code.key", "/key/key.pem"}) {
    EXPECT_FALSE(fs_.Exists(file)) << file;
  }
  EXPECT_EQ(fs_.files().at("/key/state.sealed").data.find("PRIVATE KEY"), std::string::npos);
  // report_data = SHA-256(point) || X25519 public key.
  crypto::Sha256Digest hash = crypto::Sha256(first->identity.tls_key.PublicPoint());
  EXPECT_TRUE(std::equal(hash.begin(), hash.end(), quotes_.last.begin()));
  EXPECT_TRUE(std::equal(first->identity.enclave_key.public_key.begin(),
                         first->identity.enclave_key.public_key.end(), quotes_.last.begin() + 32));

  auto second = Load();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->identity.reused);
  EXPECT_EQ(quotes_.calls, 1);
  EXPECT_EQ(second->identity.certificate_pem, first->identity.certificate_pem);
  EXPECT_EQ(second->identity.tls_key.PublicPoint(), first->identity.tls_key.PublicPoint());
  EXPECT_EQ(second->identity.enclave_key.public_key, first->identity.enclave_key.public_key);
}

TEST_F(IdentityTest, AnotherSealKeyCannotOpenTheStateNorReplaceIt) {
  ASSERT_TRUE(Load().ok());
  std::string sealed = fs_.files().at("/key/state.sealed").data;
  auto other = Load(quotes_, Bytes(16, 0x77));  // another measurement
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(other.status().message().find("does not open with this enclave's sealing key"), std::string::npos)
      << other.status().message();
  EXPECT_EQ(fs_.files().at("/key/state.sealed").data, sealed);  // left as it was
  EXPECT_EQ(quotes_.calls, 1);
}

TEST_F(IdentityTest, AlteredStateIsDataLoss) {
  ASSERT_TRUE(Load().ok());
  std::string sealed = fs_.files().at("/key/state.sealed").data;
  sealed[sealed.size() - 1] ^= 1;
  ASSERT_TRUE(fs_.WriteFile("/key/state.sealed", sealed, FileMode::kSecret).ok());
  EXPECT_EQ(Load().status().code(), StatusCode::kDataLoss);
}

TEST_F(IdentityTest, EnclaveKeyIsDerivedFromTheSealKey) {
  auto loaded = Load();
  ASSERT_TRUE(loaded.ok());
  // formats.md §16: a random salt, so not reproducible, but never the seal key itself.
  EXPECT_EQ(loaded->identity.enclave_key.secret_key.size(), 32u);
  auto derived = crypto::X25519PublicFromSecret(loaded->state.enclave_secret_key.view());
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(*derived, loaded->identity.enclave_key.public_key);
}

TEST_F(IdentityTest, LegacyPlainKeyFilesAreRemoved) {
  ASSERT_TRUE(fs_.CreateDirectories("/key", FileMode::kSecret).ok());
  for (const char* file : {"/key/key.ratls.pem", "/key/enclave.key", "/key/code.key", "/key/key.pem"}) {
    ASSERT_TRUE(fs_.WriteFile(file, "secret", FileMode::kSecret).ok());
  }
  RemoveLegacyKeyFiles(paths_, fs_);
  for (const char* file : {"/key/key.ratls.pem", "/key/enclave.key", "/key/code.key", "/key/key.pem"}) {
    EXPECT_FALSE(fs_.Exists(file)) << file;
  }
}

// A provider whose platform is broken (e.g. missing simulated platform files).
class FailingQuoteProvider : public QuoteProvider {
 public:
  StatusOr<Bytes> GetQuote(const ReportData&) override {
    return FailedPreconditionError("simulated platform file /sim/root_ca.pem is missing");
  }
  StatusOr<SecretBytes> GetSealKey() override { return SecretBytes(16); }
};

TEST_F(IdentityTest, QuoteFailureIsReportedAndNothingWritten) {
  FailingQuoteProvider failing;
  auto loaded = Load(failing, Bytes(16, 1));
  EXPECT_EQ(loaded.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(loaded.status().message().find("root_ca.pem is missing"), std::string::npos);
  EXPECT_FALSE(fs_.Exists("/key/cert.ratls.pem"));
  EXPECT_FALSE(fs_.Exists("/key/state.sealed"));
}

TEST(NoAttestationQuoteProviderTest, PlacesReportDataAtDcapOffset) {
  NoAttestationQuoteProvider provider;
  ReportData data;
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i + 1);
  auto quote = provider.GetQuote(data);
  ASSERT_TRUE(quote.ok());
  ASSERT_EQ(quote->size(), 432u);
  EXPECT_EQ((*quote)[0], 3);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), quote->begin() + 368));
  EXPECT_EQ(MakeQuoteProvider("tpm", SimMeasurementInputs{}).status().code(), StatusCode::kInvalidArgument);
}

TEST(NoAttestationQuoteProviderTest, SealKeyFollowsTheMeasurement) {
  std::array<uint8_t, 32> a{}, b{};
  b[0] = 1;
  auto key_a = NoAttestationQuoteProvider(a).GetSealKey();
  ASSERT_TRUE(key_a.ok());
  EXPECT_EQ(key_a->size(), 16u);
  EXPECT_FALSE(ConstantTimeEquals(key_a->view(), NoAttestationQuoteProvider(b).GetSealKey()->view()));
  EXPECT_TRUE(ConstantTimeEquals(key_a->view(), NoAttestationQuoteProvider(a).GetSealKey()->view()));
}

}  // namespace
}  // namespace mse::enclave
