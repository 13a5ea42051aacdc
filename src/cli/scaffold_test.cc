#include <sstream>

#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "cli/commands.h"
#include "format/provider_binding.h"

namespace mse::cli {
namespace {

class ScaffoldTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fake_.fs.CreateDirectories("/work", FileMode::kNormal).ok()); }
  Status Scaffold(const std::string& name) {
    ParsedArgs args;
    args.Set("app_name", {name});
    CommandContext ctx{fake_.env(), &term_, [](const char*) -> const char* { return nullptr; }};
    return RunHomeScaffold(args, ctx);
  }
  FakeEnv fake_;
  std::ostringstream out_, err_;
  Terminal term_{out_, err_, false, false};
};

TEST_F(ScaffoldTest, CreatesTheTemplateProject) {
  ASSERT_TRUE(Scaffold("/work/example").ok());
  for (const char* f : {"mse.toml", "mse_src/app.py", "mse_src/.mseignore", "tests/conftest.py",
                        "tests/test_app.py", "secrets.json", "secrets_to_seal.json", "Dockerfile",
                        "README.md", "key.txt"}) {
    EXPECT_TRUE(fake_.fs.Exists(std::string("/work/example/") + f)) << f;
  }
  std::string toml = *fake_.fs.ReadFile("/work/example/mse.toml");
  EXPECT_NE(toml.find("name = \"example\""), std::string::npos);
  EXPECT_EQ(toml.find("[cloud]"), std::string::npos) << "home scaffolds have no [cloud] (Q-20)";
  std::string sealed = *fake_.fs.ReadFile("/work/example/secrets_to_seal.json");
  std::string key = *fake_.fs.ReadFile("/work/example/key.txt");
  ASSERT_EQ(key.size(), 45u);  // 44 characters + newline
  EXPECT_NE(sealed.find(key.substr(0, 44)), std::string::npos) << "result_sk must equal key.txt";
  EXPECT_EQ(fake_.fs.files().at("/work/example/key.txt").mode, FileMode::kSecret);
  EXPECT_NE(fake_.fs.ReadFile("/work/example/Dockerfile")->find("FROM mse-base:"), std::string::npos);
  // The provider's key: public half in mse.toml, seed (32 bytes, 0600) beside it.
  std::string seed = *fake_.fs.ReadFile("/work/example/provider.key");
  ASSERT_EQ(seed.size(), 32u);
  EXPECT_EQ(fake_.fs.files().at("/work/example/provider.key").mode, FileMode::kSecret);
  auto pair = format::ProviderKeyPairFromSeed(AsBytes(seed));
  ASSERT_TRUE(pair.ok());
  EXPECT_NE(toml.find("provider_public_key = \"" + pair->public_key.Text() + "\""), std::string::npos) << toml;
}

TEST_F(ScaffoldTest, ExistingDirectoryIsNotTouched) {
  ASSERT_TRUE(fake_.fs.CreateDirectories("/work/example", FileMode::kNormal).ok());
  ASSERT_TRUE(fake_.fs.WriteFile("/work/example/mine.txt", "keep").ok());
  Status s = Scaffold("/work/example");
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("/work/example already exists"), std::string::npos);
  EXPECT_EQ(*fake_.fs.ReadFile("/work/example/mine.txt"), "keep");
  EXPECT_FALSE(fake_.fs.Exists("/work/example/mse.toml"));
}

TEST_F(ScaffoldTest, FailureInTheMiddleLeavesNothing) {
  fake_.fs.FailWriteNumber(3);
  Status s = Scaffold("/work/example");
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(fake_.fs.Exists("/work/example"));
  for (const auto& [path, file] : fake_.fs.files()) ADD_FAILURE() << "left behind: " << path;
}

TEST_F(ScaffoldTest, InvalidDockerNameRejected) {
  Status s = Scaffold("/work/Example");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("lowercase"), std::string::npos);
}

}  // namespace
}  // namespace mse::cli
