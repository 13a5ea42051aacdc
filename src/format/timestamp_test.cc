#include "format/timestamp.h"

#include <gtest/gtest.h>

namespace mse::format {
namespace {

TEST(TimestampTest, FormatsPythonStrings) {
  EXPECT_EQ(FormatPythonTimestamp(TimestampFromUnixSeconds(1710374400)), "2024-03-14 00:00:00+00:00");
  EXPECT_EQ(FormatPythonTimestamp(Timestamp{1710374400'000001, -330}), "2024-03-13 18:30:00.000001-05:30");
  EXPECT_EQ(FormatPythonTimestamp(Timestamp{-1'500'000, 0}), "1969-12-31 23:59:58.500000+00:00");
}

TEST(TimestampTest, FormatsBackendUtc) {
  EXPECT_EQ(FormatUtcIso(1710374400'000000), "2024-03-14T00:00:00.000000Z");
  EXPECT_EQ(FormatUtcIso(1668788531'516125), "2022-11-18T16:22:11.516125Z");
}

TEST(TimestampTest, ParsesOffsetsAndFractions) {
  auto t = ParseIsoTimestamp("2022-11-18 16:22:11.516125+0100");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->unix_micros, 1668784931'516125);
  EXPECT_EQ(t->utc_offset_minutes, 60);
  auto z = ParseIsoTimestamp("2022-11-18T16:22Z");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->unix_seconds(), 1668788520);
  auto long_fraction = ParseIsoTimestamp("2022-11-18T16:22:11.1234567+00:00");
  ASSERT_TRUE(long_fraction.ok());
  EXPECT_EQ(long_fraction->unix_micros % 1'000'000, 123456);
}

TEST(TimestampTest, RejectsMalformed) {
  for (const char* text : {"", "2022", "2022-13-01", "2022-02-30", "2022-11-18X10:00", "2022-11-18 25:00",
                           "2022-11-18 10:00:00+", "2022-11-18 10:00:00.", "2022-11-18 10:00:00 UTC",
                           "2022-11-18 10:00:00+24:00"}) {
    EXPECT_FALSE(ParseIsoTimestamp(text).ok()) << text;
  }
  EXPECT_TRUE(ParseIsoTimestamp("2024-02-29").ok());
  EXPECT_FALSE(TimestampFromFields(2023, 2, 29, 0, 0, 0, 0, 0).ok());
}

}  // namespace
}  // namespace mse::format
