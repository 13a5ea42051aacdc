#include "cli/dispatch.h"

#include <sstream>

#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "cli/command_table.h"

namespace mse::cli {
namespace {

std::vector<std::string> Path(const StatusOr<Resolution>& r) {
  return r.ok() && r->command != nullptr ? r->command->path : std::vector<std::string>{};
}

const std::vector<CommandSpec>& Table() { return CommandTable(); }

TEST(ResolveTest, CommandUniqueToOneGroupNeedsNoGroupWord) {
  EXPECT_EQ(Path(Resolve(Table(), {"login"}, nullptr)), (std::vector<std::string>{"cloud", "login"}));
  EXPECT_EQ(Path(Resolve(Table(), {"deploy"}, nullptr)), (std::vector<std::string>{"cloud", "deploy"}));
  EXPECT_EQ(Path(Resolve(Table(), {"context", "--list"}, nullptr)),
            (std::vector<std::string>{"cloud", "context"}));
  EXPECT_EQ(Path(Resolve(Table(), {"spawn"}, nullptr)), (std::vector<std::string>{"home", "spawn"}));
}

TEST(ResolveTest, UniqueCommandIgnoresOtherDefaultEnv) {
  EXPECT_EQ(Path(Resolve(Table(), {"login"}, "home")), (std::vector<std::string>{"cloud", "login"}));
}

TEST(ResolveTest, CommandInBothGroupsWithoutDefaultEnvIsUsageError) {
  auto r = Resolve(Table(), {"list"}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUsage);
  EXPECT_NE(r.status().message().find("mse home list"), std::string::npos);
  EXPECT_NE(r.status().message().find("mse cloud list"), std::string::npos);
  EXPECT_EQ(ExitCodeFor(r.status()), 2);
}

TEST(ResolveTest, CommandInBothGroupsUsesDefaultEnv) {
  EXPECT_EQ(Path(Resolve(Table(), {"list"}, "home")), (std::vector<std::string>{"home", "list"}));
  EXPECT_EQ(Path(Resolve(Table(), {"test", "x"}, "cloud")), (std::vector<std::string>{"cloud", "test"}));
}

TEST(ResolveTest, InvalidDefaultEnvIsUsageError) {
  auto r = Resolve(Table(), {"list"}, "moon");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'moon'"), std::string::npos);
}

TEST(ResolveTest, ExplicitGroupWins) {
  EXPECT_EQ(Path(Resolve(Table(), {"cloud", "list"}, "home")), (std::vector<std::string>{"cloud", "list"}));
}

TEST(ResolveTest, NestedCommands) {
  auto r = Resolve(Table(), {"home", "sim", "init", "--renew"}, nullptr);
  EXPECT_EQ(Path(r), (std::vector<std::string>{"home", "sim", "init"}));
  EXPECT_EQ(r->arguments, (std::vector<std::string>{"--renew"}));
  auto group = Resolve(Table(), {"home", "sim"}, nullptr);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->command, nullptr);
  EXPECT_EQ(group->prefix, (std::vector<std::string>{"home", "sim"}));
}

TEST(ResolveTest, UnknownCommandSuggests) {
  auto r = Resolve(Table(), {"home", "spwan"}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("did you mean 'spawn'?"), std::string::npos) << r.status().message();
  auto top = Resolve(Table(), {"deploi"}, nullptr);
  ASSERT_FALSE(top.ok());
  EXPECT_NE(top.status().message().find("did you mean 'deploy'?"), std::string::npos);
}

TEST(ParseTest, SeedReadmeSpellingsOfSeal) {
  auto r = Resolve(Table(), {"home", "seal", "--secrets", "s.json", "--cert", "ratls.pem", "--output", "out/"},
                   nullptr);
  ASSERT_TRUE(r.ok());
  auto args = ParseCommandArguments(*r->command, r->arguments);
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(args->Get("input"), "s.json");
  EXPECT_EQ(args->Get("receiver-enclave"), "ratls.pem");
  EXPECT_EQ(args->Get("output"), "out/");
}

TEST(ParseTest, SealNeedsExactlyOneReceiver) {
  auto r = Resolve(Table(), {"home", "seal"}, nullptr);
  auto none = ParseCommandArguments(*r->command, {"--input", "f"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kUsage);
  auto both = ParseCommandArguments(*r->command,
                                    {"--input", "f", "--cert", "c", "--receiver-public-key", "k"});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("cannot be used together"), std::string::npos);
}

TEST(ParseTest, DecryptAcceptsPositionalInput) {
  auto r = Resolve(Table(), {"home", "decrypt"}, nullptr);
  auto args = ParseCommandArguments(*r->command, {"--key", "key.txt", "--output", "o", "result.enc"});
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(args->Get("input_file"), "result.enc");
  auto neither = ParseCommandArguments(*r->command, {"--key", "key.txt"});
  EXPECT_FALSE(neither.ok());
}

TEST(ParseTest, SpawnAsInSeedReadmeWithDefaults) {
  auto r = Resolve(Table(), {"home", "spawn"}, nullptr);
  auto args = ParseCommandArguments(
      *r->command, {"--host", "myapp.fr", "--port", "7777", "--size", "4096", "--package", "p.tar",
                    "--output", "workspace/sgx_operator/", "app_name"});
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(args->Get("name"), "app_name");
  EXPECT_EQ(*args->GetInt("port"), 7777);
  EXPECT_EQ(args->Get("days"), "365");
  EXPECT_FALSE(args->IsExplicit("days"));
  EXPECT_FALSE(args->Has("san"));
}

TEST(ParseTest, MissingRequiredOptionAndUnknownOption) {
  auto r = Resolve(Table(), {"home", "spawn"}, nullptr);
  auto missing = ParseCommandArguments(*r->command, {"--size", "4096", "--output", "o", "n"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("--package"), std::string::npos);
  auto unknown = ParseCommandArguments(*r->command, {"--pakage", "p"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("did you mean '--package'?"), std::string::npos);
}

TEST(ParseTest, ManyPositionals) {
  auto r = Resolve(Table(), {"cloud", "stop"}, nullptr);
  auto args = ParseCommandArguments(*r->command, {"a", "b"});
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(args->GetAll("app_id"), (std::vector<std::string>{"a", "b"}));
}

TEST(GlobalOptionsTest, ColorVersionHelp) {
  auto g = ParseGlobalOptions({"--color", "never", "home", "list"});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->color, ColorMode::kNever);
  EXPECT_EQ(g->rest, (std::vector<std::string>{"home", "list"}));
  EXPECT_TRUE(ParseGlobalOptions({"--version"})->version);
  EXPECT_TRUE(ParseGlobalOptions({"-h"})->help);
  EXPECT_EQ(ParseGlobalOptions({"--color=sometimes"}).status().code(), StatusCode::kUsage);
  EXPECT_EQ(ParseGlobalOptions({"--colour", "never"}).status().code(), StatusCode::kUsage);
}

class DispatchTest : public ::testing::Test {
 protected:
  Status Run(std::vector<std::string> rest, const char* default_env = nullptr) {
    default_env_ = default_env;
    CommandContext ctx{fake_.env(), &term_, [this](const char* name) -> const char* {
                         return std::string(name) == "MSE_DEFAULT_ENV" ? default_env_ : nullptr;
                       }};
    return Dispatch(CommandTable(), rest, ctx);
  }
  FakeEnv fake_;
  std::ostringstream out_, err_;
  Terminal term_{out_, err_, false, false};
  const char* default_env_ = nullptr;
};

TEST_F(DispatchTest, NoArgumentsIsUsageErrorNotCrash) {
  Status s = Run({});
  EXPECT_EQ(ExitCodeFor(s), 2);
  EXPECT_NE(err_.str().find("usage: mse"), std::string::npos);
}

TEST_F(DispatchTest, GroupWithoutCommandShowsGroupHelp) {
  EXPECT_EQ(ExitCodeFor(Run({"home"})), 2);
  EXPECT_NE(err_.str().find("spawn"), std::string::npos);
  EXPECT_TRUE(Run({"home", "--help"}).ok());
  EXPECT_NE(out_.str().find("scaffold"), std::string::npos);
}

TEST_F(DispatchTest, CommandHelpGoesToStdout) {
  EXPECT_TRUE(Run({"home", "spawn", "--help"}).ok());
  EXPECT_NE(out_.str().find("--signer-key"), std::string::npos);
}

TEST_F(DispatchTest, PendingCommandExitsOneSayingSo) {
  std::vector<CommandSpec> table = {{{"cloud", "later"}, "a command to come", {}, {}, nullptr, 12}};
  CommandContext ctx{fake_.env(), &term_, [](const char*) -> const char* { return nullptr; }};
  Status s = Dispatch(table, {"cloud", "later"}, ctx);
  EXPECT_EQ(ExitCodeFor(s), 1);
  EXPECT_NE(s.message().find("not available yet"), std::string::npos);
  EXPECT_NE(s.message().find("issue 12"), std::string::npos);
}

TEST_F(DispatchTest, EveryCommandHasAHandler) {
  for (const auto& command : CommandTable()) {
    EXPECT_TRUE(command.handler != nullptr) << command.path.back();
  }
}

TEST_F(DispatchTest, ListWithDefaultEnvReachesThatGroup) {
  Status s = Run({"list"}, "cloud");
  EXPECT_NE(s.message().find("mse cloud login"), std::string::npos) << s.message();
}

TEST_F(DispatchTest, SeedSpellingOfContextVerification) {
  auto r = Resolve(CommandTable(), {"context", "--context", "c.toml", "--code", "my_app/mse_src", "--workspace", ".",
                                    "ae5ed58137d7ec20.dev.cosmian.app"},
                   nullptr);
  ASSERT_TRUE(r.ok());
  auto args = ParseCommandArguments(*r->command, r->arguments);
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(args->Get("domain_name"), "ae5ed58137d7ec20.dev.cosmian.app");
  EXPECT_EQ(args->Get("code"), "my_app/mse_src");
  auto test = Resolve(CommandTable(), {"test"}, "cloud");
  ASSERT_TRUE(test.ok());
  EXPECT_TRUE(ParseCommandArguments(*test->command, test->arguments).ok());  // no UUID: the latest deployment
}

TEST(CommandContextTest, ConfPathFromEnvOrDefault) {
  setenv("HOME", "/home/u", 1);
  CommandContext with{Env{}, nullptr, [](const char*) -> const char* { return "~/conf"; }};
  EXPECT_EQ(with.ConfPath(), "/home/u/conf");
  CommandContext without{Env{}, nullptr, [](const char*) -> const char* { return nullptr; }};
  EXPECT_EQ(without.ConfPath(), "/home/u/.config/mse");
}

TEST(CommandContextTest, EnsureConfPathCreatesDirectory) {
  FakeEnv fake;
  CommandContext ctx{fake.env(), nullptr, [](const char*) -> const char* { return "/conf/mse"; }};
  auto path = ctx.EnsureConfPath();
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/conf/mse");
  EXPECT_TRUE(fake.fs.IsDirectory("/conf/mse"));
}

}  // namespace
}  // namespace mse::cli
