// VerifyQuote on the real Intel-signed vectors of /work/shared/vectors/dcap.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attest/test_util.h"
#include "attest/verifier.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

using testing::At;
using testing::LoadVectorCollateral;
using testing::ReadQuote;
using testing::ReadVectorFile;

Policy AcceptAnyTcb() {
  Policy p;
  p.accepted_tcb = {TcbStatus::kUpToDate,
                    TcbStatus::kSWHardeningNeeded,
                    TcbStatus::kConfigurationNeeded,
                    TcbStatus::kConfigurationAndSWHardeningNeeded,
                    TcbStatus::kOutOfDate,
                    TcbStatus::kOutOfDateConfigurationNeeded};
  return p;
}

Verdict VerifySet(const std::string& set, const Policy& policy) {
  const auto expected = nlohmann::json::parse(ReadVectorFile(set, "expected.json"));
  const std::string at = expected["time"]["verification_instant"].get<std::string>();
  return VerifyQuote(ReadQuote(set), LoadVectorCollateral(set), policy, TrustAnchors::IntelOnly(),
                     At(at.c_str()));
}

void ExpectIdentity(const std::string& set, const Verdict& v) {
  const auto expected = nlohmann::json::parse(ReadVectorFile(set, "expected.json"));
  EXPECT_EQ(HexEncode(v.identity.mr_enclave), expected["report_body"]["mrenclave"]);
  EXPECT_EQ(HexEncode(v.identity.mr_signer), expected["report_body"]["mrsigner"]);
  EXPECT_EQ(v.fmspc, expected["pck"]["fmspc"]);
  ASSERT_TRUE(v.tcb_status.has_value());
  EXPECT_EQ(TcbStatusName(*v.tcb_status),
            expected["tcb"]["final_tcb_status_converged"].get<std::string>());
  EXPECT_EQ(TcbStatusName(*v.platform_tcb_status),
            expected["tcb"]["platform_tcb_status"].get<std::string>());
  EXPECT_EQ(TcbStatusName(*v.qe_tcb_status), expected["tcb"]["qe_tcb_status"].get<std::string>());
  std::vector<std::string> advisories =
      expected["tcb"]["matched_sgx_tcb_level"]["advisoryIDs"].get<std::vector<std::string>>();
  EXPECT_EQ(v.advisory_ids, advisories);
  EXPECT_EQ(v.anchor, "Intel SGX Root CA");
  EXPECT_FALSE(v.simulated);
}

TEST(VerifierVectorsTest, PhalaPassesWhenItsTcbIsAccepted) {
  Verdict v = VerifySet("phala-sgx-v3", AcceptAnyTcb());
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  ExpectIdentity("phala-sgx-v3", v);
  EXPECT_FALSE(v.collateral_expired);
}

TEST(VerifierVectorsTest, PhalaDefaultPolicyRefusesConfigurationAndSWHardeningNeeded) {
  Verdict v = VerifySet("phala-sgx-v3", Policy());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "TCB_STATUS_NOT_ACCEPTED");
  ASSERT_NE(v.FirstFailure(), nullptr);
  EXPECT_EQ(v.FirstFailure()->name, "tcb_status");
  EXPECT_EQ(v.FirstFailure()->step, "V13");
  EXPECT_NE(v.next_step.find("ConfigurationAndSWHardeningNeeded (INTEL-SA-00289, INTEL-SA-00615)"),
            std::string::npos)
      << v.next_step;
  EXPECT_NE(v.next_step.find("--accept-tcb ConfigurationAndSWHardeningNeeded"), std::string::npos);
}

// evidence.json written by earlier versions of the original CLI: tcb_info
// (and qe_identity) as base64 of the hex text of the body, with and without
// the final newline the original's files have.
TEST(VerifierVectorsTest, EvidenceBodiesInHexInBase64FormVerify) {
  const Collateral c = LoadVectorCollateral("zkdcap-sgx-v3");
  auto fields = CollateralToEvidence(c);
  ASSERT_TRUE(fields.ok()) << fields.status().ToString();
  fields->tcb_info = Base64Encode(AsBytes(HexEncode(AsBytes(c.tcb_info_body)) + "\n"));
  fields->qe_identity = Base64Encode(AsBytes(HexEncode(AsBytes(c.qe_identity_body))));
  auto collateral = CollateralFromEvidence(*fields);
  ASSERT_TRUE(collateral.ok()) << collateral.status().ToString();
  EXPECT_EQ(collateral->tcb_info_body, c.tcb_info_body);
  const auto expected = nlohmann::json::parse(ReadVectorFile("zkdcap-sgx-v3", "expected.json"));
  const std::string at = expected["time"]["verification_instant"].get<std::string>();
  Verdict v = VerifyQuote(ReadQuote("zkdcap-sgx-v3"), *collateral, Policy(), TrustAnchors::IntelOnly(), At(at.c_str()));
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  ExpectIdentity("zkdcap-sgx-v3", v);
}

TEST(VerifierVectorsTest, EvidenceBodyThatIsNeitherFormNamesTheField) {
  auto fields = CollateralToEvidence(LoadVectorCollateral("zkdcap-sgx-v3"));
  ASSERT_TRUE(fields.ok());
  for (const std::string& bad : {Base64Encode(AsBytes(std::string("not json, not hex"))), std::string("%%%")}) {
    fields->qe_identity = bad;
    auto collateral = CollateralFromEvidence(*fields);
    ASSERT_FALSE(collateral.ok()) << bad;
    EXPECT_NE(collateral.status().message().find("evidence `qe_identity`"), std::string::npos)
        << collateral.status().message();
  }
}

TEST(VerifierVectorsTest, ZkdcapPassesWithDefaultPolicy) {
  Verdict v = VerifySet("zkdcap-sgx-v3", Policy());
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  ExpectIdentity("zkdcap-sgx-v3", v);
  EXPECT_FALSE(v.warnings.empty());  // SWHardeningNeeded is accepted with a warning
}

TEST(VerifierVectorsTest, MobilecoinStalePckCrl) {
  Verdict v = VerifySet("mobilecoin-sgx-v3", Policy());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "COLLATERAL_EXPIRED");
  EXPECT_EQ(v.FirstFailure()->name, "pck_crl_fresh");
  EXPECT_NE(v.FirstFailure()->detail.find("PCK CRL (Intel SGX PCK Processor CA) expired"),
            std::string::npos)
      << v.FirstFailure()->detail;
  EXPECT_NE(v.FirstFailure()->detail.find("2023-05-21T22:00:36Z"), std::string::npos);

  Policy allow;
  allow.allow_expired_collateral = true;
  v = VerifySet("mobilecoin-sgx-v3", allow);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_TRUE(v.collateral_expired);
  EXPECT_EQ(v.FindCheck("pck_crl_fresh")->outcome, CheckOutcome::kWarning);
  ExpectIdentity("mobilecoin-sgx-v3", v);
}

TEST(VerifierVectorsTest, CosmianStalePckCrlAndOutOfDate) {
  Verdict v = VerifySet("cosmian-sgx-ra-v3", Policy());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.FirstFailure()->name, "pck_crl_fresh");
  EXPECT_EQ(v.FirstFailure()->detail.find("PCK CRL (Intel SGX PCK Platform CA) expired"), 0u)
      << v.FirstFailure()->detail;

  Policy stale_ok;
  stale_ok.allow_expired_collateral = true;
  v = VerifySet("cosmian-sgx-ra-v3", stale_ok);
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "TCB_STATUS_NOT_ACCEPTED");

  stale_ok.accepted_tcb = ParseAcceptTcb("OutOfDate").value();
  v = VerifySet("cosmian-sgx-ra-v3", stale_ok);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_TRUE(v.collateral_expired);
  ExpectIdentity("cosmian-sgx-ra-v3", v);
  EXPECT_EQ(v.pck_ca_type, "platform");
}

TEST(VerifierVectorsTest, OpenEnclaveBadPckCaFailsItsSignature) {
  Verdict v = VerifyQuote(ReadQuote("oe-sgx-v3-2019-bad-pckca"), Collateral(), AcceptAnyTcb(),
                          TrustAnchors::IntelOnly(), At("2023-01-17T10:52:08Z"));
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "PCK_CHAIN_INVALID");
  EXPECT_EQ(v.FirstFailure()->name, "pck_ca_signature");
  EXPECT_EQ(v.FirstFailure()->step, "V3");
  EXPECT_EQ(v.FindCheck("root_pinned")->outcome, CheckOutcome::kPassed);
  EXPECT_EQ(v.FindCheck("quote_signature")->outcome, CheckOutcome::kSkipped);
}

struct TamperCase {
  const char* set;
  const char* check;
  const char* failure;
};

class TamperedTest : public ::testing::TestWithParam<TamperCase> {};

TEST_P(TamperedTest, FailsNamingTheExpectedCheck) {
  const std::string set = std::string("tampered/") + GetParam().set;
  Verdict v = VerifyQuote(ReadQuote(set), LoadVectorCollateral(set), AcceptAnyTcb(),
                          TrustAnchors::IntelOnly(), At("2025-07-04T10:28:44Z"));
  ASSERT_FALSE(v.ok);
  ASSERT_NE(v.FirstFailure(), nullptr);
  EXPECT_EQ(v.FirstFailure()->name, GetParam().check) << RenderVerdictText(v);
  EXPECT_EQ(v.failure, GetParam().failure);
  EXPECT_FALSE(v.next_step.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Dcap, TamperedTest,
    ::testing::Values(TamperCase{"sgx-mrenclave-flip", "quote_signature", "QUOTE_SIGNATURE"},
                      TamperCase{"sgx-pck-cert-flip", "pck_leaf_signature", "PCK_CHAIN_INVALID"},
                      TamperCase{"sgx-pckcrl-wrong-ca", "pck_crl_signature", "CRL_INVALID"},
                      TamperCase{"sgx-qeauth-flip", "qe_report_data", "QE_REPORT_DATA"},
                      TamperCase{"sgx-qeidentity-tdqe", "qe_identity_format",
                                 "QE_IDENTITY_MISMATCH"},
                      TamperCase{"sgx-qereport-flip", "qe_report_signature", "QE_REPORT_SIGNATURE"},
                      TamperCase{"sgx-quote-sig-flip", "quote_signature", "QUOTE_SIGNATURE"},
                      TamperCase{"sgx-tcbinfo-edited", "tcb_info_signature", "TCB_INFO_INVALID"},
                      TamperCase{"sgx-tcbinfo-other-fmspc", "tcb_info_fmspc", "TCB_INFO_MISMATCH"},
                      TamperCase{"sgx-tcbinfo-reserialized", "tcb_info_signature",
                                 "TCB_INFO_INVALID"},
                      TamperCase{"sgx-truncated", "quote_format", "QUOTE_FORMAT"}),
    [](const auto& info) {
      std::string name = info.param.set;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST(VerifierVectorsTest, VerdictRendersTextAndJson) {
  Verdict v = VerifySet("phala-sgx-v3", Policy());
  std::string text = RenderVerdictText(v);
  EXPECT_NE(text.find("✔ quote_signature (V10)"), std::string::npos) << text;
  EXPECT_NE(text.find("✘ tcb_status (V13) TCB_STATUS_NOT_ACCEPTED"), std::string::npos) << text;
  EXPECT_NE(text.find("next step: platform TCB is ConfigurationAndSWHardeningNeeded"),
            std::string::npos);
  auto json = nlohmann::json::parse(RenderVerdictJson(v));
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["failure"], "TCB_STATUS_NOT_ACCEPTED");
  EXPECT_EQ(json["tcb_status"], "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(json["qvl_result"], "CONFIG_AND_SW_HARDENING_NEEDED");
  EXPECT_EQ(json["fmspc"], "00A067110000");
  EXPECT_EQ(json["checks"].size(), AllChecks().size());
  EXPECT_EQ(json["checks"][0]["name"], "ratls_certificate");
  EXPECT_EQ(json["checks"][0]["result"], "skipped");
  EXPECT_EQ(json["checks"][1]["name"], "quote_format");
  EXPECT_EQ(json["checks"][1]["step"], "V1");
  EXPECT_EQ(json["checks"][1]["result"], "passed");
}

}  // namespace
}  // namespace mse::attest
