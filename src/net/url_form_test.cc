#include "net/url_form.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mse::net {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(UrlFormTest, ParsesPlusPercentAndEmptyPieces) {
  auto f = ParseForm("grant_type=refresh_token&&a+b=c%2Bd+e&flag&empty=&x=%e2%82%AC&");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_THAT(*f, ElementsAre(Pair("grant_type", "refresh_token"), Pair("a b", "c+d e"), Pair("flag", ""),
                              Pair("empty", ""), Pair("x", "\xe2\x82\xac")));
}

TEST(UrlFormTest, KeepsOrderRepeatsAndEqualsInValues) {
  auto f = ParseForm("a=1&a=2&b=x=y");
  ASSERT_TRUE(f.ok());
  EXPECT_THAT(*f, ElementsAre(Pair("a", "1"), Pair("a", "2"), Pair("b", "x=y")));
  EXPECT_EQ(FindFormField(*f, "a"), "1");
  EXPECT_EQ(FindFormField(*f, "c"), std::nullopt);
  EXPECT_EQ(CountFormField(*f, "a"), 2u);
  EXPECT_EQ(CountFormField(*f, "b"), 1u);
}

TEST(UrlFormTest, EmptyFormHasNoFields) {
  auto f = ParseForm("");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->empty());
}

TEST(UrlFormTest, BadEscapesRefused) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g1=b", "a=b&c=%%"}) {
    auto f = ParseForm(bad);
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(ParseForm("ok=1&a=%4").status().message().find("#2 (value)"), std::string::npos);
}

TEST(UrlFormTest, FieldCountBounded) {
  std::string form;
  for (size_t i = 0; i < kMaxFormFields; ++i) form += "k" + std::to_string(i) + "=v&";
  auto at_limit = ParseForm(form);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_EQ(at_limit->size(), kMaxFormFields);
  auto over = ParseForm(form + "one=more");
  EXPECT_EQ(over.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(over.status().message().find("256"), std::string::npos);
}

TEST(UrlFormTest, FieldSizeBoundedAfterDecoding) {
  const std::string max_value(kMaxFormFieldBytes, 'v');
  EXPECT_TRUE(ParseForm("a=" + max_value).ok());
  EXPECT_EQ(ParseForm("a=" + max_value + "v").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseForm(max_value + "k=1").status().code(), StatusCode::kInvalidArgument);
  // 8192 escapes decode to 8192 bytes: the limit is on the decoded size.
  std::string escaped;
  for (size_t i = 0; i < kMaxFormFieldBytes; ++i) escaped += "%41";
  auto f = ParseForm("a=" + escaped);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ((*f)[0].second, std::string(kMaxFormFieldBytes, 'A'));
  EXPECT_FALSE(ParseForm("a=" + escaped + "%41").ok());
}

TEST(UrlFormTest, UrlEncodeComponentKeepsOnlyUnreserved) {
  EXPECT_EQ(UrlEncodeComponent("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(UrlEncodeComponent("a b+c&d=e/f?g#h%"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
  EXPECT_EQ(UrlEncodeComponent(std::string("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(UrlEncodeComponent(""), "");
}

TEST(UrlFormTest, FormEncodeRoundTripsAnyBytes) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const FormFields fields = {{"code", "abc-_123"}, {"state", "x&y=z +%"}, {all, all}, {"", ""}};
  const std::string encoded = FormEncode(fields);
  EXPECT_EQ(encoded.rfind("code=abc-_123&state=x%26y%3Dz%20%2B%25&", 0), 0u) << encoded;
  auto back = ParseForm(encoded);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  // "=" alone (empty name and value) is kept as a field.
  EXPECT_EQ(*back, fields);
}

TEST(UrlFormTest, SplitTarget) {
  TargetParts t = SplitTarget("/authorize?client_id=x&state=y?z");
  EXPECT_EQ(t.path, "/authorize");
  EXPECT_EQ(t.query, "client_id=x&state=y?z");
  t = SplitTarget("/logout");
  EXPECT_EQ(t.path, "/logout");
  EXPECT_EQ(t.query, "");
  t = SplitTarget("/logout?");
  EXPECT_EQ(t.path, "/logout");
  EXPECT_EQ(t.query, "");
}

}  // namespace
}  // namespace mse::net
