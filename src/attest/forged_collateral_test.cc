// Forged collateral built from real Intel-signed bodies (zkdcap-sgx-v3): a
// genuine signed copy plus a second copy in which every status is Revoked.
// A verifier that checked the signature on one copy and read the values of
// the other would end in TCB_REVOKED (or pass); ours must refuse the body at
// the signature step, naming the member.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attest/signed_json.h"
#include "attest/test_util.h"
#include "attest/verifier.h"

namespace mse::attest {
namespace {

using testing::At;
using testing::LoadVectorCollateral;
using testing::ReadQuote;
using testing::ReadVectorFile;

constexpr char kSet[] = "zkdcap-sgx-v3";

Verdict Verify(const Collateral& collateral) {
  const auto expected = nlohmann::json::parse(ReadVectorFile(kSet, "expected.json"));
  const std::string at = expected["time"]["verification_instant"].get<std::string>();
  return VerifyQuote(ReadQuote(kSet), collateral, Policy(), TrustAnchors::IntelOnly(), At(at.c_str()));
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// The signed span of `member` in `body`, and a copy of it with every status Revoked.
std::string Span(const std::string& body, const char* member) {
  return std::string(FindSignedSpan(body, member).value());
}
std::string RevokedCopy(const std::string& span) {
  std::string out = span;
  for (const char* status : {"UpToDate", "SWHardeningNeeded", "ConfigurationAndSWHardeningNeeded",
                             "ConfigurationNeeded", "OutOfDateConfigurationNeeded", "OutOfDate"}) {
    out = ReplaceAll(out, std::string("\"tcbStatus\":\"") + status + "\"", "\"tcbStatus\":\"Revoked\"");
  }
  return out;
}
std::string Signature(const std::string& body) {
  return nlohmann::json::parse(body)["signature"].get<std::string>();
}

void ExpectRefused(const Verdict& v, const char* check, const char* failure, const std::string& why) {
  ASSERT_FALSE(v.ok) << RenderVerdictText(v);
  ASSERT_NE(v.FirstFailure(), nullptr);
  EXPECT_EQ(v.FirstFailure()->name, check) << RenderVerdictText(v);
  EXPECT_EQ(v.failure, failure);
  EXPECT_NE(v.FirstFailure()->detail.find(why), std::string::npos) << v.FirstFailure()->detail;
}

class ForgedTcbInfoTest : public ::testing::Test {
 protected:
  Collateral collateral = LoadVectorCollateral(kSet);
  std::string genuine = Span(collateral.tcb_info_body, "tcbInfo");
  std::string forged = RevokedCopy(genuine);
  std::string signature = Signature(collateral.tcb_info_body);
};

TEST_F(ForgedTcbInfoTest, GenuineBodyPassesAndTheForgedCopyDiffers) {
  Verdict v = Verify(collateral);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_NE(forged, genuine);
  EXPECT_NE(forged.find("\"tcbStatus\":\"Revoked\""), std::string::npos);
}

TEST_F(ForgedTcbInfoTest, DuplicateTopLevelMemberIsRefused) {
  collateral.tcb_info_body =
      "{\"tcbInfo\":" + genuine + ",\"signature\":\"" + signature + "\",\"tcbInfo\":" + forged + "}";
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID", "\"tcbInfo\" appears twice in $");
}

TEST_F(ForgedTcbInfoTest, ForgedCopyFirstIsRefusedToo) {
  collateral.tcb_info_body =
      "{\"tcbInfo\":" + forged + ",\"tcbInfo\":" + genuine + ",\"signature\":\"" + signature + "\"}";
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID", "appears twice");
}

TEST_F(ForgedTcbInfoTest, EscapedMemberNameIsRefused) {
  collateral.tcb_info_body =
      "{\"tcbInfo\":" + genuine + ",\"signature\":\"" + signature + "\",\"tcb\\u0049nfo\":" + forged + "}";
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID", "written with an escape");
}

TEST_F(ForgedTcbInfoTest, DuplicateTcbLevelsInsideTheSignedObjectIsRefused) {
  // tcbLevels is the last member of Intel's tcbInfo: copy the forged one,
  // up to (not including) the closing brace, in front of the genuine brace.
  const size_t levels = forged.find("\"tcbLevels\":");
  ASSERT_NE(levels, std::string::npos);
  const std::string forged_levels = forged.substr(levels, forged.size() - 1 - levels);
  std::string body = collateral.tcb_info_body;
  body.insert(body.find(genuine) + genuine.size() - 1, "," + forged_levels);
  collateral.tcb_info_body = body;
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID",
                "\"tcbLevels\" appears twice in $.tcbInfo");
}

TEST_F(ForgedTcbInfoTest, DuplicateTcbStatusInALevelIsRefused) {
  std::string body = collateral.tcb_info_body;
  const std::string first = "\"tcbStatus\":\"SWHardeningNeeded\"";
  const size_t pos = body.find(first);
  ASSERT_NE(pos, std::string::npos);
  body.insert(pos + first.size(), ",\"tcbStatus\":\"Revoked\"");
  collateral.tcb_info_body = body;
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID",
                "\"tcbStatus\" appears twice in $.tcbInfo.tcbLevels[0]");
}

TEST_F(ForgedTcbInfoTest, DuplicateKeyOutsideTheSignedObjectIsRefused) {
  collateral.tcb_info_body = "{\"tcbInfo\":" + genuine + ",\"signature\":\"" + signature +
                             "\",\"note\":{\"a\":1,\"a\":2}}";
  ExpectRefused(Verify(collateral), "tcb_info_signature", "TCB_INFO_INVALID", "\"a\" appears twice in $.note");
}

TEST(ForgedQeIdentityTest, DuplicateEnclaveIdentityIsRefused) {
  Collateral collateral = LoadVectorCollateral(kSet);
  const std::string genuine = Span(collateral.qe_identity_body, "enclaveIdentity");
  const std::string forged = RevokedCopy(genuine);
  ASSERT_NE(forged, genuine);
  collateral.qe_identity_body = "{\"enclaveIdentity\":" + genuine + ",\"signature\":\"" +
                                Signature(collateral.qe_identity_body) + "\",\"enclaveIdentity\":" + forged + "}";
  ExpectRefused(Verify(collateral), "qe_identity_signature", "QE_IDENTITY_INVALID",
                "\"enclaveIdentity\" appears twice in $");
}

TEST(ForgedQeIdentityTest, EscapedEnclaveIdentityIsRefused) {
  Collateral collateral = LoadVectorCollateral(kSet);
  const std::string genuine = Span(collateral.qe_identity_body, "enclaveIdentity");
  collateral.qe_identity_body = "{\"enclaveIdentity\":" + genuine + ",\"signature\":\"" +
                                Signature(collateral.qe_identity_body) + "\",\"enclave\\u0049dentity\":" +
                                RevokedCopy(genuine) + "}";
  ExpectRefused(Verify(collateral), "qe_identity_signature", "QE_IDENTITY_INVALID", "written with an escape");
}

TEST(SignedJsonLimitsTest, DeepNestingAndHugeBodiesAreRefused) {
  std::string deep = "{\"tcbInfo\":{},\"x\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  auto parsed = ParseTcbInfo(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nested deeper than"), std::string::npos) << parsed.status().message();
  std::string huge = "{\"tcbInfo\":{},\"x\":\"" + std::string(2 << 20, 'a') + "\"}";
  parsed = ParseTcbInfo(huge);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("limit"), std::string::npos) << parsed.status().message();
}

}  // namespace
}  // namespace mse::attest
