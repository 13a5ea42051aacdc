#include "format/mseignore.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::format {
namespace {

using testing::ElementsAre;

// The template of `cloud init` / `scaffold` as a user would see it.
constexpr char kTemplate[] =
    "# Files and directories never shipped to the enclave\n"
    "mse.toml\n"
    "secrets.json\n"
    ".mseignore\n"
    "\n"
    "# Python caches\n"
    "__pycache__/\n"
    "   \n"
    ".git*\n"
    ".vscode/\n"
    ".idea/\n"
    "  # indented comment\n"
    "*.egg-info/\n"
    "*.egg\n"
    ".venv\n"
    ".env";  // no final newline

TEST(MseIgnoreTest, ParsesTemplateFixture) {
  MseIgnore ignore = MseIgnore::Parse(kTemplate);
  EXPECT_THAT(ignore.patterns(),
              ElementsAre("mse.toml", "secrets.json", ".mseignore", "__pycache__/", ".git*", ".vscode/",
                          ".idea/", "*.egg-info/", "*.egg", ".venv", ".env"));
}

TEST(MseIgnoreTest, KeepsOriginalTextAndHandlesCrLf) {
  MseIgnore ignore = MseIgnore::Parse(" a.py \r\nb\r\n\r\n");
  EXPECT_THAT(ignore.patterns(), ElementsAre(" a.py ", "b"));
  EXPECT_FALSE(ignore.Ignores("a.py", false));  // not trimmed, as the original
  EXPECT_TRUE(ignore.Ignores(" a.py ", false));
}

struct MatchCase {
  const char* name;
  bool is_directory;
  bool ignored;
};

class MseIgnoreMatchTest : public testing::TestWithParam<MatchCase> {};

TEST_P(MseIgnoreMatchTest, MatchesBasenames) {
  MseIgnore ignore = MseIgnore::Parse(std::string(kTemplate) + "\n*.py[cod]\ndata_?.csv\n[!a]x\n");
  EXPECT_EQ(ignore.Ignores(GetParam().name, GetParam().is_directory), GetParam().ignored)
      << GetParam().name << (GetParam().is_directory ? " (dir)" : " (file)");
}

INSTANTIATE_TEST_SUITE_P(
    Globs, MseIgnoreMatchTest,
    testing::Values(MatchCase{"mse.toml", false, true}, MatchCase{"mse.toml", true, true},
                    MatchCase{"app.py", false, false}, MatchCase{"Mse.toml", false, false},
                    MatchCase{"__pycache__", true, true},    // Q-10 fix
                    MatchCase{"__pycache__", false, false},  // trailing '/' = dirs only
                    MatchCase{".gitignore", false, true}, MatchCase{".git", true, true},
                    MatchCase{"x.git", false, false}, MatchCase{"pkg.egg-info", true, true},
                    MatchCase{"pkg.egg-info", false, false}, MatchCase{"dist.egg", false, true},
                    MatchCase{"mod.pyc", false, true}, MatchCase{"mod.pyd", false, true},
                    MatchCase{"mod.pyx", false, false}, MatchCase{"data_1.csv", false, true},
                    MatchCase{"data_12.csv", false, false}, MatchCase{"bx", false, true},
                    MatchCase{"ax", false, false}, MatchCase{".env", true, true}));

TEST(MseIgnoreTest, EmptyIgnoresNothing) {
  EXPECT_FALSE(MseIgnore().Ignores("anything", false));
  EXPECT_TRUE(MseIgnore::Parse("# only\n\n  \n").patterns().empty());
}

TEST(MseIgnoreTest, LoadsFromCodeDirectory) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/code", FileMode::kNormal).ok());
  auto none = MseIgnore::Load(fs, "/code");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->patterns().empty());
  ASSERT_TRUE(fs.WriteFile("/code/.mseignore", "*.log\n").ok());
  auto loaded = MseIgnore::Load(fs, "/code");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->Ignores("x.log", false));
}

}  // namespace
}  // namespace mse::format
