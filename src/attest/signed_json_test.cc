#include "attest/signed_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attest/test_util.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::attest {
namespace {

using testing::ReadVectorFile;

TEST(SignedSpanTest, FindsExactBytesWithTrickyStrings) {
  const std::string body =
      "{ \"x\" : \"}{\\\"\" , \"arr\":[1,{\"a\":2}],\"n\":-1.5e3, \"tcbInfo\" :  "
      "{\"a\":\"}\",\"b\":{\"c\":[]}} , \"signature\":\"00\"}";
  auto span = FindSignedSpan(body, "tcbInfo");
  ASSERT_TRUE(span.ok()) << span.status().ToString();
  EXPECT_EQ(*span, "{\"a\":\"}\",\"b\":{\"c\":[]}}");
}

TEST(SignedSpanTest, IgnoresNestedMembersAndRejectsMissing) {
  EXPECT_FALSE(FindSignedSpan("{\"outer\":{\"tcbInfo\":{}}}", "tcbInfo").ok());
  EXPECT_FALSE(FindSignedSpan("[]", "tcbInfo").ok());
  EXPECT_FALSE(FindSignedSpan("{\"tcbInfo\":\"text\"}", "tcbInfo").ok());
  EXPECT_FALSE(FindSignedSpan("{\"tcbInfo\":{\"a\":1", "tcbInfo").ok());
}

TEST(TcbInfoTest, PhalaSignedBytesMatchExpected) {
  const auto expected =
      nlohmann::json::parse(ReadVectorFile("phala-sgx-v3", "expected.json"))["tcb"];
  auto info = ParseTcbInfo(ReadVectorFile("phala-sgx-v3", "collateral/tcb_info.json"));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->signed_span.size(), expected["tcb_info"]["signed_bytes_len"].get<size_t>());
  EXPECT_EQ(HexEncode(crypto::Sha256(AsBytes(info->signed_span))),
            expected["tcb_info"]["signed_bytes_sha256"].get<std::string>());
  EXPECT_EQ(info->id, "SGX");
  EXPECT_EQ(info->version, 3);
  EXPECT_EQ(info->fmspc, "00A067110000");
  EXPECT_EQ(info->levels.size(), 11u);
  EXPECT_EQ(info->issue_date_text, "2025-06-19T10:56:11Z");
  EXPECT_EQ(info->levels[1].tcb_status, "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(info->signature.size(), 64u);
}

TEST(QeIdentityTest, PhalaSignedBytesMatchExpected) {
  const auto expected =
      nlohmann::json::parse(ReadVectorFile("phala-sgx-v3", "expected.json"))["tcb"];
  auto qe = ParseQeIdentity(ReadVectorFile("phala-sgx-v3", "collateral/qe_identity.json"));
  ASSERT_TRUE(qe.ok()) << qe.status().ToString();
  EXPECT_EQ(qe->signed_span.size(), expected["qe_identity"]["signed_bytes_len"].get<size_t>());
  EXPECT_EQ(HexEncode(crypto::Sha256(AsBytes(qe->signed_span))),
            expected["qe_identity"]["signed_bytes_sha256"].get<std::string>());
  EXPECT_EQ(qe->id, "QE");
  EXPECT_EQ(qe->isvprodid, 1);
  EXPECT_EQ(HexEncode(qe->mrsigner),
            "8c4f5775d796503e96137f77c68a829a0056ac8ded70140b081b094490c57bff");
  EXPECT_EQ(qe->miscselect_mask, 0xffffffffu);
}

TEST(TcbInfoTest, RejectsBadBodies) {
  EXPECT_FALSE(ParseTcbInfo("not json").ok());
  EXPECT_FALSE(ParseTcbInfo("{\"signature\":\"00\"}").ok());
  EXPECT_FALSE(ParseTcbInfo("{\"tcbInfo\":{\"id\":\"SGX\"},\"signature\":\"00\"}").ok());
  EXPECT_FALSE(ParseQeIdentity("{\"enclaveIdentity\":[]}").ok());
}

}  // namespace
}  // namespace mse::attest
