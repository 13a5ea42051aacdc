#include "format/login.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::format {
namespace {

using testing::HasSubstr;

constexpr char kFixture[] = "email = \"john@example.com\"\nrefresh_token = \"my_token\"\n";

TEST(LoginTest, WritesFixtureBytes) { EXPECT_EQ(WriteLoginToml({"john@example.com", "my_token"}), kFixture); }

TEST(LoginTest, ParsesFixture) {
  auto login = ParseLogin(kFixture, "login.toml");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(*login, (Login{"john@example.com", "my_token"}));
}

TEST(LoginTest, Errors) {
  auto missing = ParseLogin("email = \"a\"\n", "/c/login.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "/c/login.toml: `refresh_token`: required field is missing (expected a string)");
  auto typed = ParseLogin("email = 1\nrefresh_token = \"t\"\n", "/c/login.toml");
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.status().message(), "/c/login.toml: `email`: expected a string, found an integer");
}

TEST(LoginTest, SaveAndLoad) {
  FakeFileSystem fs;
  auto none = LoadLogin(fs, "/home/u/.config/mse");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(none.status().message(), HasSubstr("mse cloud login"));
  Login login{"j@example.com", "tok\"en"};
  ASSERT_TRUE(SaveLogin(fs, "/home/u/.config/mse", login).ok());
  const auto& file = fs.files().at("/home/u/.config/mse/login.toml");
  EXPECT_EQ(file.mode, FileMode::kSecret);
  EXPECT_EQ(file.data, "email = \"j@example.com\"\nrefresh_token = \"tok\\\"en\"\n");
  auto back = LoadLogin(fs, "/home/u/.config/mse");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, login);
}

}  // namespace
}  // namespace mse::format
