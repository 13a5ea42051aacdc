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
  int calls = 0;
  ReportData last{};
  NoAttestationQuoteProvider inner;
};

class IdentityTest : public ::testing::Test {
 protected:
  IdentityTest() : env_{&fs_, &clock_, &random_} { paths_.key_path = "/key"; }
  StatusOr<EnclaveIdentity> Load() {
    return LoadOrCreateIdentity(paths_, {"CN=test", "localhost", 0}, quotes_, env_);
  }
  FakeFileSystem fs_;
  FakeClock clock_;
  FakeRandom random_;
  Env env_;
  EnclavePaths paths_;
  RecordingQuoteProvider quotes_;
};

TEST_F(IdentityTest, CreatesPersistsAndReuses) {
  auto first = Load();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->reused);
  EXPECT_EQ(quotes_.calls, 1);
  for (const char* file : {"/key/key.ratls.pem", "/key/cert.ratls.pem", "/key/enclave.key",
                           "/key/enclave.pub"}) {
    ASSERT_TRUE(fs_.files().count(file)) << file;
    EXPECT_EQ(fs_.files().at(file).mode, FileMode::kSecret) << file;
  }
  EXPECT_EQ(fs_.files().at("/key/enclave.key").data.size(), 32u);
  // report_data = SHA-256(point) || X25519 public key.
  crypto::Sha256Digest hash = crypto::Sha256(first->tls_key.PublicPoint());
  EXPECT_TRUE(std::equal(hash.begin(), hash.end(), quotes_.last.begin()));
  EXPECT_TRUE(std::equal(first->enclave_key.public_key.begin(), first->enclave_key.public_key.end(),
                         quotes_.last.begin() + 32));

  auto second = Load();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->reused);
  EXPECT_EQ(quotes_.calls, 1);
  EXPECT_EQ(second->certificate_pem, first->certificate_pem);
  EXPECT_EQ(second->tls_key.PublicPoint(), first->tls_key.PublicPoint());
  EXPECT_EQ(second->enclave_key.public_key, first->enclave_key.public_key);
}

TEST_F(IdentityTest, MismatchedPublicKeyIsDataLoss) {
  ASSERT_TRUE(Load().ok());
  ASSERT_TRUE(fs_.WriteFile("/key/enclave.pub", std::string(32, 'x'), FileMode::kSecret).ok());
  EXPECT_EQ(Load().status().code(), StatusCode::kDataLoss);
}

// A provider whose platform is broken (e.g. missing simulated platform files).
class FailingQuoteProvider : public QuoteProvider {
 public:
  StatusOr<Bytes> GetQuote(const ReportData&) override {
    return FailedPreconditionError("simulated platform file /sim/root_ca.pem is missing");
  }
};

TEST_F(IdentityTest, QuoteFailureIsReportedAndNoCertificateWritten) {
  FailingQuoteProvider failing;
  auto identity = LoadOrCreateIdentity(paths_, {"CN=test", "localhost", 0}, failing, env_);
  EXPECT_EQ(identity.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(identity.status().message().find("root_ca.pem is missing"), std::string::npos);
  EXPECT_FALSE(fs_.Exists("/key/cert.ratls.pem"));
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

}  // namespace
}  // namespace mse::enclave
