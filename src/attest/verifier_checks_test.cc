// One test per check: the re-keyed phala world (test_world.h) passes, and
// each test changes one input so that exactly that check fails.
#include <gtest/gtest.h>

#include "attest/test_util.h"
#include "attest/test_world.h"
#include "attest/verifier.h"
#include "base/encoding.h"
#include "crypto/hash.h"
#include "crypto/pki_rsa.h"

namespace mse::attest {
namespace {

using crypto::testing::TestP256Key;
using testing::At;
using testing::ReplaceAll;
using testing::TestWorld;

Verdict VerifyWorld(const TestWorld& w, const Policy& policy = TestWorld::AcceptAnyTcb(),
            const std::optional<RatlsBinding>& binding = std::nullopt) {
  return VerifyQuote(w.BuildQuote(), w.BuildCollateral(), policy, w.Anchors(), w.time, binding);
}

// The verdict failed at `check` with `failure`, and every earlier check passed.
void ExpectFailsAt(const Verdict& v, const std::string& check, const std::string& failure) {
  ASSERT_FALSE(v.ok) << RenderVerdictText(v);
  const Check* first = v.FirstFailure();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->name, check) << RenderVerdictText(v);
  EXPECT_EQ(v.failure, failure) << RenderVerdictText(v);
  for (const Check& c : v.checks) {
    if (&c == first) break;
    EXPECT_NE(c.outcome, CheckOutcome::kFailed) << c.name;
  }
}

TEST(VerifierChecksTest, RekeyedWorldPasses) {
  TestWorld w;
  Verdict v = VerifyWorld(w);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_EQ(v.anchor, "Test Root");
  EXPECT_EQ(*v.tcb_status, TcbStatus::kConfigurationAndSWHardeningNeeded);
}

TEST(VerifierChecksTest, QuoteFormat) {
  TestWorld w;
  Bytes quote = w.BuildQuote();
  quote[432] += 1;  // signature_data_len off by one
  Verdict v = VerifyQuote(quote, w.BuildCollateral(), TestWorld::AcceptAnyTcb(), w.Anchors(), w.time);
  ExpectFailsAt(v, "quote_format", "QUOTE_FORMAT");
  EXPECT_FALSE(v.quote_parsed);
}

TEST(VerifierChecksTest, RootPinned) {
  TestWorld w;  // a self-made root that signs a copy of the chain
  Verdict v = VerifyQuote(w.BuildQuote(), w.BuildCollateral(), TestWorld::AcceptAnyTcb(),
                          TrustAnchors::IntelOnly(), w.time);
  ExpectFailsAt(v, "root_pinned", "UNTRUSTED_ROOT");
}

TEST(VerifierChecksTest, SimulatedAnchorIsRecorded) {
  TestWorld w;
  TrustAnchors anchors = TrustAnchors::IntelOnly();
  anchors.AddSimulated("MSE Simulation Root CA", w.root_key.PublicPoint());
  Verdict v = VerifyQuote(w.BuildQuote(), w.BuildCollateral(), TestWorld::AcceptAnyTcb(), anchors,
                          w.time);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_TRUE(v.simulated);
  EXPECT_NE(RenderVerdictText(v).find("SIMULATED"), std::string::npos);
}

TEST(VerifierChecksTest, PckCaSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  crypto::testing::ReissueOptions options;
  options.issuer = &w.chain[2];
  w.chain[1] = crypto::testing::Reissue(w.chain[1], options, stray).value();
  ExpectFailsAt(VerifyWorld(w), "pck_ca_signature", "PCK_CHAIN_INVALID");
}

TEST(VerifierChecksTest, PckLeafSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  crypto::testing::ReissueOptions options;
  options.issuer = &w.chain[1];
  w.chain[0] = crypto::testing::Reissue(w.chain[0], options, stray).value();
  ExpectFailsAt(VerifyWorld(w), "pck_leaf_signature", "PCK_CHAIN_INVALID");
}

TEST(VerifierChecksTest, PckChainProfile) {
  TestWorld w;
  crypto::testing::NewCertificateOptions options;
  options.subject_cn = "Intel SGX PCK Banana CA";
  options.issuer = &w.chain[2];
  options.basic_constraints_ca = true;
  w.chain[1] = crypto::testing::MakeCertificate(options, w.ca_key, w.root_key).value();
  crypto::testing::ReissueOptions leaf;
  leaf.issuer = &w.chain[1];
  w.chain[0] = crypto::testing::Reissue(w.chain[0], leaf, w.ca_key).value();
  Verdict v = VerifyWorld(w);
  ExpectFailsAt(v, "pck_chain_profile", "PCK_CHAIN_INVALID");
  EXPECT_NE(v.FirstFailure()->detail.find("Banana"), std::string::npos);
}

TEST(VerifierChecksTest, PckChainValidity) {
  TestWorld w;
  w.time = At("2031-01-01T00:00:00Z");  // after the PCK leaf's notAfter (2030-09-20)
  ExpectFailsAt(VerifyWorld(w), "pck_chain_validity", "CERT_EXPIRED");
}

TEST(VerifierChecksTest, RootCrlSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  w.root_crl_signer = &stray;
  ExpectFailsAt(VerifyWorld(w), "root_crl_signature", "CRL_INVALID");
}

TEST(VerifierChecksTest, PckCaRevoked) {
  TestWorld w;
  w.root_crl_revoked = {w.chain[1].Serial()};
  ExpectFailsAt(VerifyWorld(w), "pck_ca_not_revoked", "INTERMEDIATE_REVOKED");
}

TEST(VerifierChecksTest, RootCrlExpiredUnlessAllowed) {
  TestWorld w;
  w.root_crl_next_update = At("2025-07-01T00:00:00Z");
  ExpectFailsAt(VerifyWorld(w), "root_crl_fresh", "COLLATERAL_EXPIRED");
  Policy allow = TestWorld::AcceptAnyTcb();
  allow.allow_expired_collateral = true;
  Verdict v = VerifyWorld(w, allow);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_TRUE(v.collateral_expired);
}

TEST(VerifierChecksTest, PckCrlSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  w.pck_crl_signer = &stray;
  ExpectFailsAt(VerifyWorld(w), "pck_crl_signature", "CRL_INVALID");
}

TEST(VerifierChecksTest, PckLeafRevoked) {
  TestWorld w;
  w.pck_crl_revoked = {Bytes{0x01}, w.chain[0].Serial()};
  ExpectFailsAt(VerifyWorld(w), "pck_leaf_not_revoked", "PCK_REVOKED");
}

TEST(VerifierChecksTest, PckCrlExpiredAndNotYetValid) {
  TestWorld w;
  w.pck_crl_next_update = At("2025-07-01T00:00:00Z");
  ExpectFailsAt(VerifyWorld(w), "pck_crl_fresh", "COLLATERAL_EXPIRED");
  // "Not yet valid" is never waived.
  w.pck_crl_this_update = At("2025-08-01T00:00:00Z");
  w.pck_crl_next_update = At("2025-09-01T00:00:00Z");
  Policy allow = TestWorld::AcceptAnyTcb();
  allow.allow_expired_collateral = true;
  Verdict v = VerifyWorld(w, allow);
  ExpectFailsAt(v, "pck_crl_fresh", "COLLATERAL_EXPIRED");
  EXPECT_NE(v.FirstFailure()->detail.find("not yet valid"), std::string::npos);
}

TEST(VerifierChecksTest, TcbSigningChain) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  crypto::testing::ReissueOptions options;
  options.issuer = &w.chain[2];
  w.tcb_chain[0] = crypto::testing::Reissue(w.tcb_chain[0], options, stray).value();
  ExpectFailsAt(VerifyWorld(w), "tcb_signing_chain", "TCB_SIGNING_INVALID");
}

TEST(VerifierChecksTest, TcbSigningRevoked) {
  TestWorld w;
  w.root_crl_revoked = {w.tcb_chain[0].Serial()};
  ExpectFailsAt(VerifyWorld(w), "tcb_signing_not_revoked", "TCB_SIGNING_REVOKED");
}

TEST(VerifierChecksTest, TcbSigningExpired) {
  TestWorld w;
  crypto::testing::ReissueOptions options;
  options.issuer = &w.chain[2];
  options.not_after = At("2025-07-01T00:00:00Z");
  w.tcb_chain[0] = crypto::testing::Reissue(w.tcb_chain[0], options, w.root_key).value();
  ExpectFailsAt(VerifyWorld(w), "tcb_signing_validity", "COLLATERAL_EXPIRED");
}

TEST(VerifierChecksTest, TcbInfoSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  w.collateral_signer = &stray;
  ExpectFailsAt(VerifyWorld(w), "tcb_info_signature", "TCB_INFO_INVALID");
}

TEST(VerifierChecksTest, TcbInfoFormat) {
  TestWorld w;
  w.tcb_info_span = ReplaceAll(w.tcb_info_span, "\"version\":3", "\"version\":2");
  ExpectFailsAt(VerifyWorld(w), "tcb_info_format", "TCB_INFO_INVALID");
}

TEST(VerifierChecksTest, TcbInfoForeignFmspc) {
  TestWorld w;
  w.tcb_info_span = ReplaceAll(w.tcb_info_span, "00A067110000", "00906ED50000");
  ExpectFailsAt(VerifyWorld(w), "tcb_info_fmspc", "TCB_INFO_MISMATCH");
}

TEST(VerifierChecksTest, TcbInfoForeignPceId) {
  TestWorld w;
  w.tcb_info_span = ReplaceAll(w.tcb_info_span, "\"pceId\":\"0000\"", "\"pceId\":\"0001\"");
  ExpectFailsAt(VerifyWorld(w), "tcb_info_pce_id", "TCB_INFO_MISMATCH");
}

TEST(VerifierChecksTest, TcbInfoExpired) {
  TestWorld w;
  w.time = At("2025-07-19T11:00:00Z");  // after tcbInfo.nextUpdate 2025-07-19T10:56:11Z
  ExpectFailsAt(VerifyWorld(w), "tcb_info_fresh", "COLLATERAL_EXPIRED");
}

TEST(VerifierChecksTest, QeIdentitySignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  Collateral c = w.BuildCollateral();
  c.qe_identity_body = "{\"enclaveIdentity\":" + w.qe_identity_span + ",\"signature\":\"" +
                       HexEncode(stray.SignRaw(AsBytes(w.qe_identity_span))) + "\"}";
  Verdict v = VerifyQuote(w.BuildQuote(), c, TestWorld::AcceptAnyTcb(), w.Anchors(), w.time);
  ExpectFailsAt(v, "qe_identity_signature", "QE_IDENTITY_INVALID");
}

TEST(VerifierChecksTest, QeIdentityFormat) {
  TestWorld w;
  w.qe_identity_span = ReplaceAll(w.qe_identity_span, "\"version\":2", "\"version\":3");
  ExpectFailsAt(VerifyWorld(w), "qe_identity_format", "QE_IDENTITY_INVALID");
  w.qe_identity_span = ReplaceAll(w.qe_identity_span, "\"id\":\"QE\"", "\"id\":\"TD_QE\"");
  ExpectFailsAt(VerifyWorld(w), "qe_identity_format", "QE_IDENTITY_MISMATCH");
}

TEST(VerifierChecksTest, QeIdentityExpired) {
  TestWorld w;
  w.time = At("2025-07-19T10:30:00Z");  // QE identity ended 10:01:18, TCB info 10:56:11
  ExpectFailsAt(VerifyWorld(w), "qe_identity_fresh", "COLLATERAL_EXPIRED");
}

TEST(VerifierChecksTest, QeReportSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  w.qe_report_signer = &stray;
  ExpectFailsAt(VerifyWorld(w), "qe_report_signature", "QE_REPORT_SIGNATURE");
}

TEST(VerifierChecksTest, QeReportDataBinding) {
  TestWorld w;
  w.qe_auth_data[0] ^= 1;  // report_data still binds the old auth data
  w.bind_qe_report_data = false;
  ExpectFailsAt(VerifyWorld(w), "qe_report_data", "QE_REPORT_DATA");
}

TEST(VerifierChecksTest, QeReportDataUpperHalfMustBeZero) {
  TestWorld w;
  Bytes quote = w.BuildQuote();
  // Rebuild with a non-zero upper half: bind, then flip a byte and re-sign.
  w.bind_qe_report_data = false;
  std::copy(quote.begin() + 564 + 320, quote.begin() + 564 + 352, w.qe_report.begin() + 320);
  w.qe_report[383] = 1;
  ExpectFailsAt(VerifyWorld(w), "qe_report_data", "QE_REPORT_DATA");
}

TEST(VerifierChecksTest, QuoteSignature) {
  TestWorld w;
  TestP256Key stray = TestP256Key::Generate();
  w.quote_signer = &stray;
  ExpectFailsAt(VerifyWorld(w), "quote_signature", "QUOTE_SIGNATURE");
}

TEST(VerifierChecksTest, QeIdentityMismatch) {
  TestWorld w;
  w.qe_identity_span = ReplaceAll(w.qe_identity_span, "8C4F5775D796503E", "8C4F5775D796503F");
  ExpectFailsAt(VerifyWorld(w), "qe_identity_match", "QE_IDENTITY_MISMATCH");
}

TEST(VerifierChecksTest, QeTcbUnmatchedIsRevoked) {
  TestWorld w;
  // QE ISVSVN 10 → no level reaches it once every level asks for 11+.
  w.qe_identity_span = ReplaceAll(w.qe_identity_span, "\"isvsvn\":[0-9]+", "\"isvsvn\":11");
  Verdict v = VerifyWorld(w);
  ExpectFailsAt(v, "tcb_status", "TCB_REVOKED");
  EXPECT_EQ(*v.qe_tcb_status, TcbStatus::kRevoked);
}

TEST(VerifierChecksTest, PlatformTcbNotSupported) {
  TestWorld w;
  w.tcb_info_span = ReplaceAll(w.tcb_info_span, "\"pcesvn\":[0-9]+", "\"pcesvn\":99");
  ExpectFailsAt(VerifyWorld(w), "platform_tcb_level", "TCB_NOT_SUPPORTED");
}

TEST(VerifierChecksTest, TcbStatusNotAcceptedAndRevoked) {
  TestWorld w;
  ExpectFailsAt(VerifyWorld(w, Policy()), "tcb_status", "TCB_STATUS_NOT_ACCEPTED");
  w.tcb_info_span = ReplaceAll(w.tcb_info_span, "ConfigurationAndSWHardeningNeeded", "Revoked");
  ExpectFailsAt(VerifyWorld(w), "tcb_status", "TCB_REVOKED");
}

TEST(VerifierChecksTest, DebugEnclave) {
  TestWorld w;
  w.isv_report[48] |= 0x02;  // ATTRIBUTES.flags DEBUG
  Verdict v = VerifyWorld(w);
  ExpectFailsAt(v, "debug_disabled", "DEBUG_ENCLAVE");
  EXPECT_TRUE(v.identity.debug);
}

TEST(VerifierChecksTest, MrSigner) {
  TestWorld w;
  Policy p = TestWorld::AcceptAnyTcb();
  const std::string pem = crypto::testing::GenerateRsaPublicKeyPem(3072, 3);
  p.expected_mr_signer = MrSignerFromPem(pem).value();
  Verdict v = VerifyWorld(w, p);
  ExpectFailsAt(v, "mr_signer", "MRSIGNER_MISMATCH");
  EXPECT_NE(v.FirstFailure()->detail.find("Enclave signer is wrong (read 815f42f1"),
            std::string::npos);
  p.expected_mr_signer =
      ParseMeasurementHex("815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6").value();
  EXPECT_TRUE(VerifyWorld(w, p).ok);
}

TEST(VerifierChecksTest, MrEnclave) {
  TestWorld w;
  Policy p = TestWorld::AcceptAnyTcb();
  p.expected_mr_enclave = Measurement{};
  Verdict v = VerifyWorld(w, p);
  ExpectFailsAt(v, "mr_enclave", "MRENCLAVE_MISMATCH");
  EXPECT_NE(v.FirstFailure()->detail.find("Code fingerprint is wrong"), std::string::npos);
  p.expected_mr_enclave =
      ParseMeasurementHex("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb").value();
  v = VerifyWorld(w, p);
  EXPECT_TRUE(v.ok);
  EXPECT_TRUE(v.mr_enclave_checked);
}

TEST(VerifierChecksTest, IsvProdIdAndSvn) {
  TestWorld w;
  Policy p = TestWorld::AcceptAnyTcb();
  p.min_isv_svn = 1;  // phala's enclave has ISVSVN 0
  ExpectFailsAt(VerifyWorld(w, p), "isv_prod_id_svn", "ISV_MISMATCH");
  p.min_isv_svn.reset();
  p.expected_isv_prod_id = 7;
  ExpectFailsAt(VerifyWorld(w, p), "isv_prod_id_svn", "ISV_MISMATCH");
}

TEST(VerifierChecksTest, RatlsBindingCheck) {
  TestWorld w;
  TestP256Key cert_key = TestP256Key::Generate();
  RatlsBinding binding{cert_key.PublicPoint()};
  ExpectFailsAt(VerifyWorld(w, TestWorld::AcceptAnyTcb(), binding), "ratls_binding", "RATLS_BINDING");
  const crypto::Sha256Digest digest = crypto::Sha256(cert_key.PublicPoint());
  std::copy(digest.begin(), digest.end(), w.isv_report.begin() + 320);
  Verdict v = VerifyWorld(w, TestWorld::AcceptAnyTcb(), binding);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_EQ(v.FindCheck("ratls_binding")->outcome, CheckOutcome::kPassed);
}

}  // namespace
}  // namespace mse::attest
