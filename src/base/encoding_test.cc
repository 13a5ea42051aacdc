#include "base/encoding.h"

#include <gtest/gtest.h>

namespace mse {
namespace {

struct B64Vector {
  const char* plain;
  const char* encoded;
};

class Base64UrlVectorTest : public ::testing::TestWithParam<B64Vector> {};

// spec/formats.md §20, vector B64.
INSTANTIATE_TEST_SUITE_P(FormatsSpec, Base64UrlVectorTest,
                         ::testing::Values(B64Vector{"a", "YQ"}, B64Vector{"ab", "YWI"},
                                           B64Vector{"abc", "YWJj"}, B64Vector{"abcd", "YWJjZA"},
                                           B64Vector{"abcde", "YWJjZGU"}));

TEST_P(Base64UrlVectorTest, EncodesWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(AsBytes(GetParam().plain)), GetParam().encoded);
}

TEST_P(Base64UrlVectorTest, DecodesUnpaddedAndPadded) {
  auto decoded = Base64UrlDecode(GetParam().encoded);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(ToString(*decoded), GetParam().plain);
  std::string padded = GetParam().encoded;
  while (padded.size() % 4) padded += '=';
  auto again = Base64UrlDecode(padded);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ToString(*again), GetParam().plain);
}

TEST(Base64UrlTest, LenientDecoderAcceptsStandardAlphabetAndNoise) {
  Bytes data = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(Base64UrlEncode(data), "-__-");
  auto from_std = Base64UrlDecode("+//+");
  ASSERT_TRUE(from_std.ok());
  EXPECT_EQ(*from_std, data);
  auto with_noise = Base64UrlDecode("-_\n_-\n");
  ASSERT_TRUE(with_noise.ok());
  EXPECT_EQ(*with_noise, data);
}

TEST(Base64UrlTest, ImpossibleLengthFails) {
  EXPECT_FALSE(Base64UrlDecode("YWJjZ").ok());
}

TEST(Base64UrlTest, PaddedEncoderMatchesPython) {
  EXPECT_EQ(Base64UrlEncodePadded(AsBytes("a")), "YQ==");
}

TEST(Base64Test, RoundTripAndStrictness) {
  EXPECT_EQ(Base64Encode(AsBytes("abcd")), "YWJjZA==");
  auto d = Base64Decode("YWJjZA==");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(ToString(*d), "abcd");
  EXPECT_FALSE(Base64Decode("YWJjZA").ok());
  EXPECT_FALSE(Base64Decode("YW-jZA==").ok());
}

TEST(HexTest, EncodesLowercaseDecodesEitherCase) {
  Bytes data = {0x00, 0xab, 0xff};
  EXPECT_EQ(HexEncode(data), "00abff");
  auto upper = HexDecode("00ABFF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, data);
  auto spaced = HexDecode("00 ab ff");
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(*spaced, data);
}

TEST(HexTest, RejectsOddLengthAndBadCharacters) {
  EXPECT_FALSE(HexDecode("abc").ok());
  auto bad = HexDecode("zz");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'z'"), std::string::npos);
}

TEST(HexTest, SecretDecoderNeverEchoesADigit) {
  auto key = HexDecodeSecret("00AB ff");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(HexEncode(key->view()), "00abff");
  auto bad = HexDecodeSecret("00s3cr3t");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "invalid hex digit at offset 2");
  EXPECT_EQ(HexDecodeSecret("abc").status().message(), "invalid hex: odd number of digits");
  EXPECT_EQ(HexDecodeSecret("a bc").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse
