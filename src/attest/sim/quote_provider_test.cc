// Acceptance of simulated quotes by the repository's parser and verifier,
// unchanged: trusted only with the simulation root as an anchor.
#include "attest/sim/quote_provider.h"

#include <gtest/gtest.h>

#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/verifier.h"
#include "base/fake_env.h"
#include "crypto/cert_builder.h"
#include "crypto/hash.h"

namespace mse::attest::sim {
namespace {

std::array<uint8_t, 64> ReportData() {
  std::array<uint8_t, 64> data{};
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(0xa0 + i);
  return data;
}

SimEnclaveIdentity Identity() {
  SimEnclaveIdentity id;
  id.mr_enclave = crypto::Sha256(AsBytes(std::string_view("code")));
  id.mr_signer = crypto::Sha256(AsBytes(std::string_view("signer")));
  return id;
}

class SimQuoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto platform = SimPlatform::Init(env_.fs, env_.clock, env_.random, "/sim/a");
    ASSERT_TRUE(platform.ok()) << platform.status().message();
    platform_ = std::make_unique<SimPlatform>(*std::move(platform));
    auto provider = SimQuoteProvider::Create(*platform_, Identity());
    ASSERT_TRUE(provider.ok());
    auto quote = provider->GetQuote(ReportData());
    ASSERT_TRUE(quote.ok()) << quote.status().message();
    quote_ = *std::move(quote);
  }

  Verdict Verify(const TrustAnchors& anchors, UnixSeconds at) {
    return VerifyQuote(quote_, platform_->collateral(), Policy{}, anchors, at);
  }
  TrustAnchors SimAnchors() {
    TrustAnchors anchors = TrustAnchors::IntelOnly();
    AddSimRoot(anchors, *platform_);
    return anchors;
  }
  UnixSeconds Now() { return env_.clock.NowUnixSeconds(); }

  FakeEnv env_;
  std::unique_ptr<SimPlatform> platform_;
  Bytes quote_;
};

TEST_F(SimQuoteTest, ParsesAsAnIntelV3Quote) {
  auto q = ParseQuote(quote_);
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->version, 3);
  EXPECT_EQ(q->att_key_type, 2);
  EXPECT_EQ(q->qe_vendor_id, kIntelQeVendorId);
  EXPECT_EQ(q->signature_data_len, quote_.size() - 436);
  EXPECT_EQ(q->isv_report.mr_enclave, Identity().mr_enclave);
  EXPECT_EQ(q->isv_report.mr_signer, Identity().mr_signer);
  EXPECT_EQ(q->isv_report.isv_prod_id, 1);
  EXPECT_EQ(q->isv_report.isv_svn, 10);
  EXPECT_EQ(q->isv_report.report_data, ReportData());
  EXPECT_FALSE(q->isv_report.debug());
  EXPECT_EQ(q->qe_auth_data, SimQeAuthData());
  EXPECT_EQ(q->cert_data_type, 5);
  EXPECT_EQ(q->cert_data.back(), 0);  // one NUL after the PEM chain
  ASSERT_EQ(q->pck_chain.size(), 3u);
  EXPECT_EQ(q->root().SubjectCommonName(), kSimRootCommonName);
}

TEST_F(SimQuoteTest, VerifiesWithTheSimRootAllowedAndSaysSimulated) {
  Verdict v = Verify(SimAnchors(), Now());
  ASSERT_TRUE(v.ok) << v.failure << ": " << RenderVerdictText(v);
  EXPECT_TRUE(v.simulated);
  EXPECT_EQ(v.tcb_status, TcbStatus::kUpToDate);
  EXPECT_EQ(v.qe_tcb_status, TcbStatus::kUpToDate);
  EXPECT_EQ(v.identity.mr_enclave, Identity().mr_enclave);
  EXPECT_EQ(v.identity.report_data, ReportData());
  EXPECT_EQ(v.fmspc, "53494D000001");
  EXPECT_NE(RenderVerdictText(v).find("SIMULATED"), std::string::npos);
  EXPECT_NE(RenderVerdictJson(v).find("\"simulated\": true"), std::string::npos);
}

TEST_F(SimQuoteTest, ExpectedIdentityIsChecked) {
  Policy policy;
  policy.expected_mr_enclave = Identity().mr_enclave;
  policy.expected_mr_signer = Identity().mr_signer;
  EXPECT_TRUE(VerifyQuote(quote_, platform_->collateral(), policy, SimAnchors(), Now()).ok);
  policy.expected_mr_enclave->at(0) ^= 1;
  Verdict v = VerifyQuote(quote_, platform_->collateral(), policy, SimAnchors(), Now());
  EXPECT_EQ(v.failure, "MRENCLAVE_MISMATCH");
}

TEST_F(SimQuoteTest, RefusedWithoutTheSimRootAndSaysWhatToPass) {
  Verdict v = Verify(TrustAnchors::IntelOnly(), Now());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "UNTRUSTED_ROOT");
  EXPECT_FALSE(v.simulated);
  ExplainSimulatedRoot(quote_, v);
  EXPECT_NE(v.next_step.find("--allow-simulation"), std::string::npos) << v.next_step;
  EXPECT_NE(v.next_step.find("SIMULATED"), std::string::npos);
}

TEST_F(SimQuoteTest, AnotherPlatformsRootIsNotTrusted) {
  auto other = SimPlatform::Init(env_.fs, env_.clock, env_.random, "/sim/b");
  ASSERT_TRUE(other.ok());
  TrustAnchors anchors = TrustAnchors::IntelOnly();
  AddSimRoot(anchors, *other);
  Verdict v = Verify(anchors, Now());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "UNTRUSTED_ROOT");
  // Platform B's collateral does not help either, even with both roots.
  AddSimRoot(anchors, *platform_);
  v = VerifyQuote(quote_, other->collateral(), Policy{}, anchors, Now());
  EXPECT_FALSE(v.ok);
}

TEST_F(SimQuoteTest, ExpiredCollateralIsStaleUntilRenewed) {
  env_.clock.Set(Now() + kCollateralValiditySeconds + 86400);
  Verdict v = Verify(SimAnchors(), Now());
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "COLLATERAL_EXPIRED");
  auto renewed = platform_->Renew(env_.fs, env_.clock);
  ASSERT_TRUE(renewed.ok() && *renewed);
  v = Verify(SimAnchors(), Now());
  EXPECT_TRUE(v.ok) << v.failure << ": " << RenderVerdictText(v);
  auto reloaded = SimPlatform::Load(env_.fs, "/sim/a");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_TRUE(VerifyQuote(quote_, reloaded->collateral(), Policy{}, SimAnchors(), Now()).ok);
}

TEST_F(SimQuoteTest, TamperedQuoteFailsItsSignature) {
  quote_[112] ^= 1;  // MRENCLAVE
  EXPECT_EQ(Verify(SimAnchors(), Now()).failure, "QUOTE_SIGNATURE");
}

TEST_F(SimQuoteTest, ExportedRootWorksAsAnchor) {
  auto anchor = SimAnchorFromPem(platform_->RootPem());
  ASSERT_TRUE(anchor.ok());
  TrustAnchors anchors = TrustAnchors::IntelOnly();
  anchors.anchors.push_back(*anchor);
  EXPECT_TRUE(Verify(anchors, Now()).ok);
}

TEST_F(SimQuoteTest, RatlsCertificateWithSimQuoteVerifiesEndToEnd) {
  auto tls_key = crypto::P256PrivateKey::Generate();
  ASSERT_TRUE(tls_key.ok());
  std::array<uint8_t, 64> report_data{};
  const crypto::P256Point point = tls_key->PublicPoint();
  const crypto::Sha256Digest binding = crypto::Sha256(point);
  std::copy(binding.begin(), binding.end(), report_data.begin());
  for (size_t i = 32; i < 64; ++i) report_data[i] = static_cast<uint8_t>(i);
  auto provider = SimQuoteProvider::Create(*platform_, Identity());
  ASSERT_TRUE(provider.ok());
  auto quote = provider->GetQuote(report_data);
  ASSERT_TRUE(quote.ok());
  crypto::RatlsCertificateSpec spec{"CN=localhost", "localhost", Now() - 60, Now() + 86400, *quote};
  auto pem = crypto::BuildRatlsCertificatePem(*tls_key, spec, env_.random);
  ASSERT_TRUE(pem.ok()) << pem.status().message();
  std::optional<EnclaveKey> enclave_key;
  Verdict v = VerifyRatlsCertificate(AsBytes(*pem), platform_->collateral(), Policy{}, SimAnchors(), Now(),
                                     &enclave_key);
  ASSERT_TRUE(v.ok) << v.failure << ": " << RenderVerdictText(v);
  EXPECT_TRUE(v.simulated);
  ASSERT_TRUE(enclave_key.has_value());
  EXPECT_EQ((*enclave_key)[0], 32);
  v = VerifyRatlsCertificate(AsBytes(*pem), platform_->collateral(), Policy{}, TrustAnchors::IntelOnly(),
                             Now());
  EXPECT_EQ(v.failure, "UNTRUSTED_ROOT");
}

TEST(SimQuoteProviderTest, DebugEnclaveIsRefused) {
  FakeEnv env;
  auto platform = SimPlatform::Init(env.fs, env.clock, env.random, "/sim");
  ASSERT_TRUE(platform.ok());
  SimEnclaveIdentity id = Identity();
  id.flags |= kAttributeDebug;
  auto provider = SimQuoteProvider::Create(*platform, id);
  EXPECT_EQ(provider.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::attest::sim
