#include "format/secrets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "format/json_writer.h"

namespace mse::format {
namespace {

using testing::HasSubstr;

class SecretsTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fs_.CreateDirectories("/p", FileMode::kNormal).ok()); }
  void Write(const std::string& path, const std::string& text) {
    ASSERT_TRUE(fs_.WriteFile(path, text, FileMode::kSecret).ok());
  }
  FakeFileSystem fs_;
};

TEST_F(SecretsTest, SecretsJsonAcceptsAnyValueAndKeepsOrder) {
  Write("/p/secrets.json", "{\"z\": 1, \"a\": {\"k\": \"v\"}}\n");
  auto obj = LoadSecrets(fs_, "/p/secrets.json");
  ASSERT_TRUE(obj.ok()) << obj.status().ToString();
  EXPECT_EQ(DumpCompactPython(*obj), R"({"z": 1, "a": {"k": "v"}})");
  Write("/p/list.json", "[1, \"two\"]");
  auto list = LoadSecrets(fs_, "/p/list.json");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->is_array());
}

TEST_F(SecretsTest, SecretsToSealMustBeAnObject) {
  Write("/p/seal.json", "{\"code_secret_key\": \"00\"}");
  auto ok = LoadSecretsToSeal(fs_, "/p/seal.json");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["code_secret_key"], "00");
  Write("/p/bad.json", "[1]");
  auto bad = LoadSecretsToSeal(fs_, "/p/bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "/p/bad.json: expected a JSON object, found array");
}

TEST_F(SecretsTest, ParseErrorsNameFileAndPosition) {
  Write("/p/secrets.json", "{\n  \"a\": 1,\n  \"b\": \n}");
  auto r = LoadSecrets(fs_, "/p/secrets.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("/p/secrets.json: invalid JSON at byte 21"));
  EXPECT_THAT(r.status().message(), HasSubstr("line 4, column 1"));
  auto invalid_utf8 = ParseSecretsToSeal("{\"a\": \"\xff\"}", "s.json");
  ASSERT_FALSE(invalid_utf8.ok());
  EXPECT_THAT(invalid_utf8.status().message(), HasSubstr("s.json: invalid JSON"));
}

TEST_F(SecretsTest, MissingFileNamesPath) {
  auto r = LoadSecrets(fs_, "/p/none.json");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/p/none.json"));
}

}  // namespace
}  // namespace mse::format
