#include "attest/decode.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attest/collateral.h"
#include "attest/ratls.h"
#include "attest/test_util.h"
#include "attest/test_world.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::attest {
namespace {

TEST(DecodeTest, QuoteShowsEveryField) {
  auto report = DecodeAttestationInput(testing::ReadQuote("phala-sgx-v3"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->kind, "quote");
  auto j = nlohmann::json::parse(report->json);
  EXPECT_EQ(j["isv_report"]["mr_enclave"],
            "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  EXPECT_EQ(j["pck_extension"]["fmspc"], "00A067110000");
  EXPECT_EQ(j["pck_chain"].size(), 3u);
  EXPECT_NE(report->text.find("mr_signer: 815f42f1"), std::string::npos) << report->text;
  EXPECT_NE(report->text.find("pck_extension:\n"), std::string::npos);
}

TEST(DecodeTest, RejectsGarbage) {
  EXPECT_FALSE(DecodeAttestationInput(AsBytes("hello")).ok());
  EXPECT_FALSE(DecodeAttestationInput(AsBytes("{not json")).ok());
}

TEST(DecodeTest, RatlsCertificateAndEvidence) {
  testing::TestWorld w;
  crypto::testing::TestP256Key key = crypto::testing::TestP256Key::Generate();
  const crypto::Sha256Digest digest = crypto::Sha256(key.PublicPoint());
  std::copy(digest.begin(), digest.end(), w.isv_report.begin() + 320);
  crypto::testing::NewCertificateOptions options;
  options.extensions = {{kRatlsQuoteOid, w.BuildQuote()}};
  const std::string pem = crypto::testing::MakeCertificate(options, key, key).value().ToPem();
  auto report = DecodeAttestationInput(AsBytes(pem));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->kind, "ratls_certificate");
  auto j = nlohmann::json::parse(report->json);
  EXPECT_EQ(j["binding"]["report_data_matches"], true);
  EXPECT_EQ(j["certificate"]["self_signed"], true);

  auto fields = CollateralToEvidence(w.BuildCollateral()).value();
  nlohmann::ordered_json evidence{{"input_args", {{"size", 4096}}},
                                  {"ratls_certificate", pem},
                                  {"root_ca_crl", fields.root_ca_crl},
                                  {"pck_platform_crl", fields.pck_platform_crl},
                                  {"tcb_info", fields.tcb_info},
                                  {"qe_identity", fields.qe_identity},
                                  {"tcb_cert", fields.tcb_cert},
                                  {"signer_pk", crypto::testing::GenerateRsaPublicKeyPem(3072, 3)}};
  report = DecodeAttestationInput(AsBytes(evidence.dump(4)));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->kind, "evidence");
  j = nlohmann::json::parse(report->json);
  EXPECT_EQ(j["tcb_info"]["fmspc"], "00A067110000");
  EXPECT_EQ(j["qe_identity"]["id"], "QE");
  EXPECT_EQ(j["input_args"]["size"], 4096);
  EXPECT_EQ(j["signer_pk"]["mr_signer"].get<std::string>().size(), 64u);
}

}  // namespace
}  // namespace mse::attest
