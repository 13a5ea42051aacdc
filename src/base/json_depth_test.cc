#include "base/json_depth.h"

#include <gtest/gtest.h>


namespace mse {
namespace {

TEST(JsonDepthTest, AcceptsUpToTheLimit) {
  std::string deep = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(CheckJsonDepth(deep, "body").ok());
  EXPECT_TRUE(CheckJsonDepth(R"({"a": [{"b": {}}], "c": "[[[[[[[["})", "body", 4).ok());
  EXPECT_FALSE(CheckJsonDepth(R"({"a": [{"b": {}}]})", "body", 3).ok());
}

TEST(JsonDepthTest, RefusesOneLevelMoreNamingTheByte) {
  std::string deep = std::string(65, '[') + std::string(65, ']');
  Status s = CheckJsonDepth(deep, "request body");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "request body: JSON nested deeper than 64 levels at byte 64");
  EXPECT_FALSE(CheckJsonDepth(R"({"a": {"b": [1]}})", "x", 2).ok());
}

TEST(JsonDepthTest, BracketsInStringsAndEscapesDoNotCount) {
  EXPECT_TRUE(CheckJsonDepth(R"(["\"[[[[", "\\", "{{{{"])", "x", 1).ok());
}

}  // namespace
}  // namespace mse
