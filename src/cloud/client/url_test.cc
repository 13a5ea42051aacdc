#include "cloud/client/url.h"

#include <gtest/gtest.h>

namespace mse::cloud {
namespace {

TEST(UrlTest, QueryOfACallbackTarget) {
  auto q = ParseQuery("/?code=abc%2Fd&state=x+y&state=second&empty=&flag");
  EXPECT_EQ(q["code"], "abc/d");
  EXPECT_EQ(q["state"], "x y");
  EXPECT_EQ(q["empty"], "");
  EXPECT_TRUE(q.count("flag"));
  EXPECT_TRUE(ParseQuery("/").empty());
  EXPECT_TRUE(ParseQuery("/?a=%zz&code=x").empty());  // malformed: nothing is taken from it
}

TEST(UrlTest, TrailingSlashesRemoved) { EXPECT_EQ(WithoutTrailingSlash("http://h:1//"), "http://h:1"); }

}  // namespace
}  // namespace mse::cloud
