// The cloud commands other than deploy/verify against a fake backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "cli/cloud_app_config.h"
#include "cli/cloud_contexts.h"
#include "cli/cloud_test_util.h"

namespace mse::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

format::CloudContext SampleContext(const std::string& id) {
  format::CloudContext context;
  context.config = {"my_app", "default",  "mse-base:0.1.0",          "app:app",   "/abs/tests",
                    "pytest", {"pytest"}, SecretBytes(Bytes(32, 7)), std::nullopt};
  context.instance = format::ContextInstance{
      id, "abcd.localhost", 1024, "2030-01-01 00:00:00+00:00", "self", {{"app.py", Bytes(24, 1)}}};
  return context;
}

using CloudCommandsTest = CloudCliTest;

TEST_F(CloudCommandsTest, LoginWithTokenWritesASecretLoginToml) {
  ASSERT_TRUE(Run({"login", "--with-token"}, "refresh-ci\n").ok()) << err_.str();
  const std::string path = format::LoginPath(Conf());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*RealFileSystem().ReadFile(path),
            "email = \"alice@example.com\"\nrefresh_token = \"refresh-ci\"\n");
  EXPECT_THAT(out_.str() + err_.str(), Not(HasSubstr("refresh-ci")));
  EXPECT_THAT(err_.str(), HasSubstr("alice@example.com"));
}

TEST_F(CloudCommandsTest, LoginWithoutTokenOnStdinIsRefused) {
  Status s = Run({"login", "--with-token"}, "");
  EXPECT_THAT(s.message(), HasSubstr("no token on standard input"));
  EXPECT_FALSE(RealFileSystem().Exists(format::LoginPath(Conf())));
}

TEST_F(CloudCommandsTest, WhoamiAndAlreadyLoggedIn) {
  Status none = Run({"login", "--whoami"});
  EXPECT_THAT(none.message(), HasSubstr("You are not logged in yet!"));
  LogIn();
  ASSERT_TRUE(Run({"login", "--whoami"}).ok());
  EXPECT_EQ(out_.str(), "You are currently logged in as: alice@example.com\n");
  ASSERT_TRUE(Run({"login"}).ok());
  EXPECT_THAT(err_.str(), HasSubstr("You are already logged in as: alice@example.com"));
}

TEST_F(CloudCommandsTest, CommandsWithoutLoginSayToLogIn) {
  Status s = Run({"cloud", "list"});
  EXPECT_EQ(ExitCodeFor(s), 1);
  EXPECT_THAT(s.message(), HasSubstr("mse cloud login"));
}

TEST_F(CloudCommandsTest, ExpiredLoginSaysToLogInAgain) {
  LogIn("revoked");
  Status s = Run({"cloud", "list"});
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(s.message(), HasSubstr("Are you logged in?"));
  EXPECT_THAT(s.message(), HasSubstr("Run `mse login` again"));
}

TEST_F(CloudCommandsTest, UnreachableBackendIsOneClearLine) {
  LogIn();
  env_["MSE_BASE_URL"] = "http://127.0.0.1:1";
  Status s = Run({"cloud", "list"});
  EXPECT_THAT(s.message(), HasSubstr("cannot reach the MSE backend at http://127.0.0.1:1"));
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
}

TEST_F(CloudCommandsTest, LogoutRevokesAndForgets) {
  LogIn();
  ASSERT_TRUE(Run({"logout"}).ok());
  EXPECT_FALSE(RealFileSystem().Exists(format::LoginPath(Conf())));
  ASSERT_TRUE(Run({"logout"}).ok());
  EXPECT_THAT(err_.str(), HasSubstr("not logged in"));
}

TEST_F(CloudCommandsTest, ListTableAndJson) {
  LogIn();
  std::string id = cloud_->AddLiveApp("my_app");
  ASSERT_TRUE(Run({"cloud", "list"}).ok()) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("ID"));
  EXPECT_THAT(out_.str(), HasSubstr(id));
  EXPECT_THAT(out_.str(), Not(HasSubstr("\x1b[")));
  ASSERT_TRUE(Run({"cloud", "list", "--json"}).ok());
  auto j = nlohmann::json::parse(out_.str());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], id);
  EXPECT_EQ(j[0]["status"], "running");
  EXPECT_EQ(j[0]["url"], "https://" + j[0]["domain_name"].get<std::string>() + ":8443");
  Status missing = Run({"cloud", "list", "nope"});
  EXPECT_THAT(missing.message(), HasSubstr("Project nope does not exist"));
}

TEST_F(CloudCommandsTest, StatusJsonLogsAndStop) {
  LogIn();
  std::string id = cloud_->AddLiveApp("my_app");
  ASSERT_TRUE(Run({"cloud", "status", id, "--json"}).ok()) << err_.str();
  auto j = nlohmann::json::parse(out_.str());
  EXPECT_EQ(j["app"]["id"], id);
  EXPECT_EQ(j["hardware"]["enclave_size"], 1024);
  EXPECT_EQ(j["metrics"]["cpu_usage"], "0.5");
  EXPECT_GT(j["expires_in_seconds"].get<int64_t>(), 0);
  ASSERT_TRUE(Run({"cloud", "status", id}).ok());
  EXPECT_THAT(out_.str(), HasSubstr("left)"));
  ASSERT_TRUE(Run({"cloud", "logs", id}).ok());
  EXPECT_EQ(out_.str(), "enclave output\n");
  ASSERT_TRUE(SaveAppContext(RealFileSystem(), Conf(), id, SampleContext(id), "").ok());
  ASSERT_TRUE(Run({"cloud", "stop", id}).ok()) << err_.str();
  EXPECT_EQ(cloud_->recorded().stopped, std::vector<std::string>{id});
  EXPECT_FALSE(RealFileSystem().Exists(format::ContextDirectory(Conf(), id)));
  Status bad = Run({"cloud", "status", "../etc"});
  EXPECT_THAT(bad.message(), HasSubstr("is not an application UUID"));
}

TEST_F(CloudCommandsTest, ContextListExportRemovePurge) {
  const std::string a = "631a988f-4001-4593-a023-d316eb57d1f1";
  const std::string b = "731a988f-4001-4593-a023-d316eb57d1f1";
  ASSERT_TRUE(SaveAppContext(RealFileSystem(), Conf(), a, SampleContext(a), "").ok());
  ASSERT_TRUE(SaveAppContext(RealFileSystem(), Conf(), b, SampleContext(b), "").ok());
  ASSERT_TRUE(Run({"context", "--list", "--json"}).ok()) << err_.str();
  auto j = nlohmann::json::parse(out_.str());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], a);
  EXPECT_EQ(j[0]["expires_at"], "2030-01-01T00:00:00.000000+00:00");
  ASSERT_TRUE(Run({"context", "--export", a}).ok());
  EXPECT_EQ(*RealFileSystem().ReadFile(JoinPath(Dir(), a + ".toml")),
            *RealFileSystem().ReadFile(format::ContextFilePath(Conf(), a)));
  ASSERT_TRUE(Run({"context", "--remove", a}).ok());
  Status again = Run({"context", "--remove", a});
  EXPECT_EQ(again.message(), "Can't find context for UUID: " + a);
  ASSERT_TRUE(Run({"context", "--list"}).ok());
  EXPECT_THAT(out_.str(), HasSubstr(b));
  ASSERT_TRUE(Run({"context", "--purge"}).ok());
  ASSERT_TRUE(Run({"context", "--list", "--json"}).ok());
  EXPECT_EQ(out_.str(), "[]\n");
}

TEST_F(CloudCommandsTest, ScaffoldWritesTheCloudLayoutWithTheBackendDefaults) {
  LogIn();
  ASSERT_TRUE(Run({"cloud", "scaffold", "my_app"}).ok()) << err_.str();
  std::string toml = *RealFileSystem().ReadFile(JoinPath(Dir(), "my_app/mse.toml"));
  EXPECT_THAT(toml,
              HasSubstr("[cloud]\ncode = \"mse_src\"\ntests = \"tests\"\ndocker = \"mse-base:0.1.0\"\n"
                        "project = \"default\"\nhardware = \"4g-eu-001\"\nsecrets = \"secrets.json\"\n"));
  CommandContext ctx{Env{&RealFileSystem(), &clock_, &RealRandom()}, &term_,
                     [](const char*) -> const char* { return nullptr; }};
  auto config = LoadCloudAppConfig(ctx, "my_app/mse.toml", false);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(RealFileSystem().Exists(JoinPath(config->cloud->code, "app.py")));
  EXPECT_EQ(Run({"cloud", "scaffold", "my_app"}).code(), StatusCode::kAlreadyExists);
}

TEST_F(CloudCommandsTest, InitChecksEachAnswerAndWritesMseToml) {
  LogIn();
  ASSERT_TRUE(RealFileSystem().CreateDirectories(JoinPath(Dir(), "mse_src"), FileMode::kNormal).ok());
  ASSERT_TRUE(RealFileSystem().CreateDirectories(JoinPath(Dir(), "tests"), FileMode::kNormal).ok());
  std::string answers =
      "my_app\n"
      "nope\n\n"             // project: unknown, then the default
      "9g\n\n"               // hardware: unknown, then the default
      "mse-base:latest\n\n"  // docker: latest refused, then the default
      "missing\n\n"          // code
      "\n"                   // tests
      "app\napp:app\n"       // python application
      "health\n/health\n"    // health check
      "maybe\nno\n";
  ASSERT_TRUE(Run({"cloud", "init"}, answers).ok()) << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("Project nope does not exist"));
  EXPECT_THAT(err_.str(), HasSubstr("Hardware not found"));
  EXPECT_THAT(err_.str(), HasSubstr("latest"));
  EXPECT_THAT(err_.str(), HasSubstr("module:variable"));
  EXPECT_THAT(err_.str(), HasSubstr("should start with a \"/\""));
  EXPECT_EQ(
      *RealFileSystem().ReadFile(JoinPath(Dir(), "mse.toml")),
      "name = \"my_app\"\npython_application = \"app:app\"\nhealthcheck_endpoint = \"/health\"\n"
      "tests_cmd = \"pytest\"\ntests_requirements = [ \"pytest\",]\n\n[cloud]\ncode = \"mse_src\"\n"
      "tests = \"tests\"\ndocker = \"mse-base:0.1.0\"\nproject = \"default\"\nhardware = \"4g-eu-001\"\n");
  // An existing mse.toml is replaced only when the user says so.
  Status kept = Run({"cloud", "init"}, "no\n");
  EXPECT_THAT(kept.message(), HasSubstr("left as it was"));
}

}  // namespace
}  // namespace mse::cli::testing
