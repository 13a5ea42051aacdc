#include "attest/quote.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attest/pck_extension.h"
#include "attest/test_util.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

using testing::ReadQuote;
using testing::ReadVectorFile;

class QuoteVectorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(QuoteVectorTest, ParsesEveryFieldOfExpectedJson) {
  const auto expected = nlohmann::json::parse(ReadVectorFile(GetParam(), "expected.json"));
  Bytes raw = ReadQuote(GetParam());
  auto quote = ParseQuote(raw);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  const auto& eq = expected["quote"];
  EXPECT_EQ(raw.size(), eq["length"].get<size_t>());
  EXPECT_EQ(quote->version, eq["version"].get<int>());
  EXPECT_EQ(quote->qe_svn, eq["qe_svn"].get<int>());
  EXPECT_EQ(quote->pce_svn, eq["pce_svn"].get<int>());
  EXPECT_EQ(HexEncode(quote->user_data), eq["user_data"].get<std::string>());
  EXPECT_EQ(HexEncode(quote->attestation_key), eq["attest_pk"].get<std::string>());
  EXPECT_EQ(HexEncode(quote->qe_auth_data), eq["qe_auth_data"].get<std::string>());
  EXPECT_EQ(eq["trailing_bytes_after_sig_data"].get<size_t>(), 0u);  // the parser refuses any
  const auto& body = expected["report_body"];
  const ReportBody& r = quote->isv_report;
  EXPECT_EQ(HexEncode(r.mr_enclave), body["mrenclave"].get<std::string>());
  EXPECT_EQ(HexEncode(r.mr_signer), body["mrsigner"].get<std::string>());
  EXPECT_EQ(r.isv_prod_id, body["isvprodid"].get<int>());
  EXPECT_EQ(r.isv_svn, body["isvsvn"].get<int>());
  EXPECT_EQ(r.debug(), body["debug"].get<bool>());
  EXPECT_EQ(HexEncode(r.attributes), body["attributes"].get<std::string>());
  EXPECT_EQ(HexEncode(r.cpu_svn), body["cpusvn"].get<std::string>());
  EXPECT_EQ(HexEncode(r.report_data), body["report_data"].get<std::string>());
  const auto& qe = expected["qe_report"];
  EXPECT_EQ(HexEncode(quote->qe_report.mr_signer), qe["mrsigner"].get<std::string>());
  EXPECT_EQ(quote->qe_report.isv_svn, qe["isvsvn"].get<int>());
  EXPECT_EQ(HexEncode(quote->qe_report.report_data), qe["report_data"].get<std::string>());
  EXPECT_EQ(HexEncode(quote->qe_report.attributes), qe["attributes"].get<std::string>());

  const auto& pck = expected["pck"];
  EXPECT_EQ(HexEncode(quote->pck_leaf().Serial()), pck["serial_hex"].get<std::string>());
  EXPECT_EQ(quote->pck_ca().SubjectCommonName(), pck["ca_cn"].get<std::string>());
  auto ext = PckExtensionFromCertificate(quote->pck_leaf());
  ASSERT_TRUE(ext.ok()) << ext.status().ToString();
  EXPECT_EQ(ext->FmspcHex(), pck["fmspc"].get<std::string>());
  EXPECT_EQ(ext->PceIdHex(), pck["pceid"].get<std::string>());
  EXPECT_EQ(ext->pcesvn, pck["pcesvn"].get<int>());
  EXPECT_EQ(HexEncode(ext->cpusvn), pck["cpusvn"].get<std::string>());
  EXPECT_EQ(HexEncode(ext->ppid), pck["ppid"].get<std::string>());
  EXPECT_EQ(ext->SgxTypeName(), pck["sgx_type"].get<std::string>());
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(ext->tcb_components[i], pck["tcb_comps"][i].get<int>()) << "component " << i + 1;
  }
  if (pck["platform_instance_id"].is_string()) {
    ASSERT_TRUE(ext->platform_instance_id.has_value());
    EXPECT_EQ(HexEncode(*ext->platform_instance_id), pck["platform_instance_id"].get<std::string>());
    EXPECT_EQ(ext->dynamic_platform, pck["config"]["dynamic_platform"].get<bool>());
    EXPECT_EQ(ext->cached_keys, pck["config"]["cached_keys"].get<bool>());
    EXPECT_EQ(ext->smt_enabled, pck["config"]["smt_enabled"].get<bool>());
  } else {
    EXPECT_FALSE(ext->platform_instance_id.has_value());
  }
  auto ca_type = PckCaTypeFromCommonName(quote->pck_ca().SubjectCommonName());
  ASSERT_TRUE(ca_type.ok());
  EXPECT_EQ(PckCaTypeName(*ca_type), pck["ca_type"].get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Dcap, QuoteVectorTest,
                         ::testing::Values("phala-sgx-v3", "zkdcap-sgx-v3", "mobilecoin-sgx-v3",
                                           "cosmian-sgx-ra-v3", "oe-sgx-v3-2019-bad-pckca"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(QuoteTest, CosmianQuoteMatchesSpecTable) {
  auto quote = ParseQuote(ReadQuote("cosmian-sgx-ra-v3"));
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->raw.size(), 4734u);
  EXPECT_EQ(quote->signature_data_len, 4298u);
  EXPECT_EQ(quote->cert_data.size(), 3682u);
  EXPECT_EQ(quote->cert_data.back(), 0);
  EXPECT_EQ(quote->isv_report.flags, 0x5u);
  EXPECT_EQ(quote->isv_report.xfrm, 0xe7u);
  EXPECT_EQ(HexEncode(quote->pck_leaf().Serial()), "467ab6771006051d11230aade6b5282a3e4609ce");
}

TEST(QuoteTest, TruncatedQuoteNamesTheLengths) {
  auto quote = ParseQuote(ReadQuote("tampered/sgx-truncated"));
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("declared signature data length 4164 > remaining 3964"),
            std::string::npos)
      << quote.status().message();
}

TEST(QuoteTest, RefusesBytesAfterSignatureData) {
  for (Bytes tail : {Bytes{0}, Bytes{0, 0, 0, 'x'}}) {
    Bytes raw = ReadQuote("phala-sgx-v3");
    raw.insert(raw.end(), tail.begin(), tail.end());
    auto quote = ParseQuote(raw);
    ASSERT_FALSE(quote.ok());
    EXPECT_NE(quote.status().message().find(std::to_string(tail.size()) + " bytes after the declared signature data"),
              std::string::npos)
        << quote.status().message();
  }
}

TEST(QuoteTest, RefusesBytesAfterCertificationData) {
  // Grow the declared signature data by 3 bytes the certification data does
  // not account for: every length still fits, yet 3 bytes are unparsed.
  Bytes raw = ReadQuote("phala-sgx-v3");
  raw.insert(raw.end(), {1, 2, 3});
  uint32_t len = raw[432] | (raw[433] << 8) | (raw[434] << 16) | (uint32_t{raw[435]} << 24);
  len += 3;
  for (int i = 0; i < 4; ++i) raw[432 + i] = static_cast<uint8_t>(len >> (8 * i));
  auto quote = ParseQuote(raw);
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("3 unparsed bytes"), std::string::npos) << quote.status().message();
}

struct Mutation {
  const char* name;
  size_t offset;
  uint8_t value;
  const char* message;
};

class QuoteMalformedTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(QuoteMalformedTest, Rejected) {
  Bytes raw = ReadQuote("phala-sgx-v3");
  raw[GetParam().offset] = GetParam().value;
  auto quote = ParseQuote(raw);
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find(GetParam().message), std::string::npos)
      << quote.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Fields, QuoteMalformedTest,
    ::testing::Values(Mutation{"Version", 0, 5, "version is 5"},
                      Mutation{"KeyType", 2, 3, "att_key_type is 3"},
                      Mutation{"Vendor", 12, 0, "qe_vendor_id"},
                      Mutation{"SigLenOffByOne", 433, 0xff, "declared signature data length"},
                      Mutation{"AuthLen", 1013, 0xff, "qe_auth_data"},
                      Mutation{"CertType", 1046, 4, "cert_data_type is 4"},
                      Mutation{"CertLen", 1050, 0xff, "certification data"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(QuoteTest, TooShortAndGarbage) {
  EXPECT_FALSE(ParseQuote(Bytes(100, 0)).ok());
  EXPECT_FALSE(ParseQuote(Bytes(2000, 0)).ok());
}

TEST(QuoteTest, CertDataMustHoldThreeCertificates) {
  Bytes raw = ReadQuote("phala-sgx-v3");
  // Corrupt the first BEGIN marker so only two blocks remain.
  std::string text(raw.begin(), raw.end());
  size_t pos = text.find("-----BEGIN CERTIFICATE-----");
  ASSERT_NE(pos, std::string::npos);
  raw[pos + 5] = 'X';
  auto quote = ParseQuote(raw);
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("expected 3"), std::string::npos)
      << quote.status().message();
}

// A v4 SGX quote built from the v3 vector: header version 4, then the QE
// section wrapped in a type-6 certification data element.
TEST(QuoteTest, ParsesV4Layout) {
  Bytes v3 = ReadQuote("phala-sgx-v3");
  Bytes v4(v3.begin(), v3.begin() + 564);
  v4[0] = 4;
  Bytes inner(v3.begin() + 564, v3.end());
  v4.push_back(6);
  v4.push_back(0);
  const uint32_t len = static_cast<uint32_t>(inner.size());
  for (int i = 0; i < 4; ++i) v4.push_back(static_cast<uint8_t>(len >> (8 * i)));
  v4.insert(v4.end(), inner.begin(), inner.end());
  const uint32_t sig_len = static_cast<uint32_t>(v4.size() - 436);
  for (int i = 0; i < 4; ++i) v4[432 + i] = static_cast<uint8_t>(sig_len >> (8 * i));
  auto quote = ParseQuote(v4);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->version, 4);
  EXPECT_EQ(quote->outer_cert_data_type, 6);
  auto v3_quote = ParseQuote(v3);
  EXPECT_EQ(quote->qe_report_raw, v3_quote->qe_report_raw);
  EXPECT_EQ(quote->qe_auth_data, v3_quote->qe_auth_data);
  v4[4] = 0x81;  // tee_type TDX
  EXPECT_FALSE(ParseQuote(v4).ok());
}

}  // namespace
}  // namespace mse::attest
