#include "attest/tcb.h"

#include <gtest/gtest.h>

#include "attest/policy.h"
#include "attest/time_util.h"

namespace mse::attest {
namespace {

TcbLevel Level(std::array<uint8_t, 16> comps, uint16_t pcesvn, const char* status) {
  TcbLevel level;
  level.sgx_components = comps;
  level.pcesvn = pcesvn;
  level.tcb_status = status;
  level.tcb_date = "2024-01-01T00:00:00Z";
  return level;
}

TEST(TcbTest, MatchesFirstReachedLevelInDescendingOrder) {
  TcbInfo info;
  // Published out of order on purpose: matching sorts descending.
  info.levels.push_back(Level({1, 1}, 5, "OutOfDate"));
  info.levels.push_back(Level({3, 3}, 10, "UpToDate"));
  info.levels.push_back(Level({2, 2}, 10, "SWHardeningNeeded"));
  PckExtension pck;
  pck.tcb_components = {2, 9};
  pck.pcesvn = 10;
  auto match = MatchPlatformTcb(info, pck);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->status, TcbStatus::kSWHardeningNeeded);
  EXPECT_EQ(match->index, 2u);
  pck.pcesvn = 9;  // PCESVN below both upper levels
  match = MatchPlatformTcb(info, pck);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->status, TcbStatus::kOutOfDate);
  pck.tcb_components = {0, 9};
  EXPECT_FALSE(MatchPlatformTcb(info, pck).has_value());
}

TEST(TcbTest, UnknownCollateralStatusIsRevoked) {
  EXPECT_EQ(TcbStatusFromCollateral("Whatever"), TcbStatus::kRevoked);
  EXPECT_EQ(TcbStatusFromCollateral("OutOfDate"), TcbStatus::kOutOfDate);
}

TEST(TcbTest, QeLevels) {
  QeIdentity id;
  id.levels.push_back(QeTcbLevel{8, "2024", "UpToDate", {}});
  id.levels.push_back(QeTcbLevel{6, "2023", "OutOfDate", {"INTEL-SA-1"}});
  EXPECT_EQ(MatchQeTcb(id, 10)->status, TcbStatus::kUpToDate);
  EXPECT_EQ(MatchQeTcb(id, 7)->status, TcbStatus::kOutOfDate);
  EXPECT_FALSE(MatchQeTcb(id, 5).has_value());
}

struct ConvergeCase {
  TcbStatus qe, platform, expected;
};
class ConvergeTest : public ::testing::TestWithParam<ConvergeCase> {};
TEST_P(ConvergeTest, Table) {
  EXPECT_EQ(ConvergeTcb(GetParam().qe, GetParam().platform), GetParam().expected);
}
INSTANTIATE_TEST_SUITE_P(
    Spec73, ConvergeTest,
    ::testing::Values(
        ConvergeCase{TcbStatus::kRevoked, TcbStatus::kUpToDate, TcbStatus::kRevoked},
        ConvergeCase{TcbStatus::kOutOfDate, TcbStatus::kUpToDate, TcbStatus::kOutOfDate},
        ConvergeCase{TcbStatus::kOutOfDate, TcbStatus::kSWHardeningNeeded, TcbStatus::kOutOfDate},
        ConvergeCase{TcbStatus::kOutOfDate, TcbStatus::kConfigurationNeeded,
                     TcbStatus::kOutOfDateConfigurationNeeded},
        ConvergeCase{TcbStatus::kOutOfDate, TcbStatus::kConfigurationAndSWHardeningNeeded,
                     TcbStatus::kOutOfDateConfigurationNeeded},
        ConvergeCase{TcbStatus::kOutOfDate, TcbStatus::kRevoked, TcbStatus::kRevoked},
        ConvergeCase{TcbStatus::kUpToDate, TcbStatus::kConfigurationNeeded,
                     TcbStatus::kConfigurationNeeded}));

TEST(PolicyTest, AcceptTcbAddsToDefaults) {
  auto set = ParseAcceptTcb("OutOfDate, configurationneeded");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->size(), 4u);
  EXPECT_TRUE(set->count(TcbStatus::kUpToDate));
  EXPECT_TRUE(set->count(TcbStatus::kConfigurationNeeded));
  EXPECT_FALSE(ParseAcceptTcb("Revoked").ok());
  EXPECT_FALSE(ParseAcceptTcb("Bogus").ok());
}

TEST(PolicyTest, MeasurementHex) {
  EXPECT_TRUE(ParseMeasurementHex(std::string(64, 'a')).ok());
  EXPECT_FALSE(ParseMeasurementHex(std::string(62, 'a')).ok());
}

TEST(TimeTest, Rfc3339RoundTripAndOffsets) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(ParseRfc3339("2025-07-04T10:28:44Z").value(), 1751624924);
  EXPECT_EQ(ParseRfc3339("2025-07-04T12:28:44.123+02:00").value(), 1751624924);
  EXPECT_EQ(FormatRfc3339(1751624924), "2025-07-04T10:28:44Z");
  EXPECT_FALSE(ParseRfc3339("2025-07-04").ok());
  EXPECT_FALSE(ParseRfc3339("2025-13-04T10:28:44Z").ok());
  EXPECT_FALSE(ParseRfc3339("2025-02-30T10:28:44Z").ok());
}

}  // namespace
}  // namespace mse::attest
