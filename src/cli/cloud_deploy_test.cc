// mse cloud deploy / verify against a fake backend whose "enclaves" are TLS
// configuration servers with simulated RA-TLS certificates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "cli/cloud_contexts.h"
#include "cli/cloud_test_util.h"
#include "crypto/pki_testing.h"

namespace mse::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kMseToml[] = R"(name = "my_app"
python_application = "app:app"
healthcheck_endpoint = "/health"
tests_cmd = "pytest"
tests_requirements = [ "pytest",]

[cloud]
code = "mse_src"
tests = "tests"
docker = "mse-base:0.1.0"
project = "default"
hardware = "4g-eu-001"
secrets = "secrets.json"
)";

class CloudDeployTest : public CloudCliTest {
 protected:
  void SetUp() override {
    CloudCliTest::SetUp();
    FileSystem& fs = RealFileSystem();
    for (const char* d : {"my_app/mse_src/pkg", "my_app/tests"}) {
      ASSERT_TRUE(fs.CreateDirectories(JoinPath(Dir(), d), FileMode::kNormal).ok());
    }
    ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/mse.toml"), std::string_view(kMseToml)).ok());
    ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/mse_src/app.py"), std::string_view("app = 1\n")).ok());
    ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/mse_src/pkg/mod.py"), std::string_view("x = 2\n")).ok());
    ASSERT_TRUE(
        fs.WriteFile(JoinPath(Dir(), "my_app/mse_src/requirements.txt"), std::string_view("flask\n")).ok());
    ASSERT_TRUE(
        fs.WriteFile(JoinPath(Dir(), "my_app/secrets.json"), std::string_view(R"({"login": "alice"})")).ok());
    env_["MSE_ALLOW_SIMULATION"] = "1";
    LogIn();
  }

  Status Deploy(const std::string& input = "", std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"cloud",       "deploy", "--path",      "my_app/mse.toml",
                                     "--workspace", "ws",     "--image-tar", image_tar_};
    args.insert(args.end(), more.begin(), more.end());
    return Run(args, input);
  }

  std::string OnlyCreatedId() {
    auto ids = cloud_->recorded().created_ids;
    return ids.size() == 1 ? ids[0] : "";
  }
};

TEST_F(CloudDeployTest, DeploySendsTheKeyAndSecretsToTheVerifiedEnclave) {
  Status s = Deploy();
  ASSERT_TRUE(s.ok()) << s.message() << "\n" << err_.str();
  const std::string id = OnlyCreatedId();
  ASSERT_FALSE(id.empty());
  auto posts = cloud_->recorded().configuration_posts;
  ASSERT_EQ(posts.size(), 1u);
  auto payload = nlohmann::json::parse(posts[0]);
  EXPECT_EQ(payload["uuid"], id);
  EXPECT_EQ(payload["app_secrets"], nlohmann::json::parse(R"({"login": "alice"})"));
  auto context = format::LoadContext(RealFileSystem(), Conf(), id);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  const std::string key_hex = HexEncode(context->config.code_secret_key.view());
  EXPECT_EQ(payload["code_secret_key"], key_hex);
  EXPECT_THAT(out_.str() + err_.str(), Not(HasSubstr(key_hex)));
  EXPECT_EQ(context->instance->nonces.size(), 2u);  // app.py, pkg/mod.py; requirements.txt stays plaintext
  FileSystem& fs = RealFileSystem();
  EXPECT_EQ(*fs.ReadFile(JoinPath(format::ContextDirectory(Conf(), id), "app.tar")),
            *fs.ReadFile(JoinPath(Dir(), "ws/app.tar")));
  EXPECT_EQ(*fs.ReadFile(ContextCertificatePath(Conf(), id)), *fs.ReadFile(JoinPath(Dir(), "ws/ratls.pem")));
  EXPECT_TRUE(fs.Exists(JoinPath(Dir(), "ws/ratls.verdict.json")));
  auto app = cloud_->app(id);
  EXPECT_EQ(app->status, "running");
  EXPECT_THAT(out_.str(),
              HasSubstr("curl https://" + app->domain_name + ":" + std::to_string(app->router_port) +
                        "/health --cacert " + JoinPath(Dir(), "ws/ratls.pem")));
  EXPECT_THAT(err_.str(), HasSubstr("SIMULATED"));
  EXPECT_THAT(err_.str(), HasSubstr("ready to be used on https://" + app->domain_name));
}

TEST_F(CloudDeployTest, ContextIsSavedRightAfterCreationAndKeptOnFailure) {
  cloud_->fail_status = "on_error";
  Status s = Deploy();
  ASSERT_FALSE(s.ok());
  const std::string id = OnlyCreatedId();
  EXPECT_THAT(s.message(), HasSubstr("the enclave container died"));
  EXPECT_THAT(s.message(), HasSubstr("mse cloud stop " + id));
  EXPECT_TRUE(RealFileSystem().Exists(format::ContextFilePath(Conf(), id)));
  EXPECT_TRUE(cloud_->recorded().configuration_posts.empty());
}

TEST_F(CloudDeployTest, DecliningTheReplacePromptLeavesTheOldAppRunning) {
  std::string old = cloud_->AddLiveApp("my_app");
  Status s = Deploy("no\n");
  EXPECT_EQ(ExitCodeFor(s), 1);
  EXPECT_THAT(s.message(), HasSubstr("Deployment has been canceled"));
  EXPECT_THAT(err_.str(), HasSubstr("Would you like to replace it [yes/no]? "));
  EXPECT_EQ(cloud_->recorded().created, 0);
  EXPECT_TRUE(cloud_->recorded().stopped.empty());
  EXPECT_EQ(cloud_->app(old)->status, "running");
}

TEST_F(CloudDeployTest, YesReplacesTheOldApp) {
  std::string old = cloud_->AddLiveApp("my_app");
  ASSERT_TRUE(Deploy("", {"-y"}).ok()) << err_.str();
  EXPECT_EQ(cloud_->recorded().stopped, std::vector<std::string>{old});
  EXPECT_EQ(cloud_->recorded().created, 1);
}

TEST_F(CloudDeployTest, TamperedCodeFailsVerificationAndNoKeyIsSent) {
  cloud_->tamper_code = true;
  Status s = Deploy();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("verification failed"));
  EXPECT_THAT(s.message(), HasSubstr("mse cloud stop"));
  EXPECT_TRUE(cloud_->recorded().configuration_posts.empty());
}

TEST_F(CloudDeployTest, WrongSignerIsRefused) {
  cloud_->wrong_signer = true;
  Status s = Deploy();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("verification failed"));
  EXPECT_TRUE(cloud_->recorded().configuration_posts.empty());
}

TEST_F(CloudDeployTest, SimulatedRootIsNotTrustedWithoutPermission) {
  env_.erase("MSE_ALLOW_SIMULATION");
  Status s = Deploy();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("verification failed"));
  EXPECT_TRUE(cloud_->recorded().configuration_posts.empty());
}

TEST_F(CloudDeployTest, ImageOtherThanTheApprovedOneIsRefusedNamingBoth) {
  cloud_->docker_digest = "sha256:0000";
  Status s = Deploy();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("sha256:0000"));
  EXPECT_THAT(s.message(), HasSubstr(image_id_));
  EXPECT_TRUE(cloud_->recorded().configuration_posts.empty());
}

TEST_F(CloudDeployTest, NoVerifySkipsOnlyTheCodeCheck) {
  cloud_->tamper_code = true;
  ASSERT_TRUE(Run({"cloud", "deploy", "--path", "my_app/mse.toml", "--workspace", "ws", "--no-verify"}).ok())
      << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("NOT checked"));
  cloud_->wrong_signer = true;
  Status s = Run({"cloud", "deploy", "--path", "my_app/mse.toml", "--workspace", "ws", "--no-verify", "-y"});
  EXPECT_THAT(s.message(), HasSubstr("verification failed"));
}

TEST_F(CloudDeployTest, UnknownProjectAndMissingModuleAreCaughtBeforeAnything) {
  ASSERT_TRUE(RealFileSystem().RemoveFile(JoinPath(Dir(), "my_app/mse_src/app.py")).ok());
  Status s = Deploy();
  EXPECT_THAT(s.message(), HasSubstr("Flask module 'app.py' not found in directory"));
  EXPECT_EQ(cloud_->recorded().created, 0);
}

TEST_F(CloudDeployTest, VerifyWithTheExportedContextAndTheCode) {
  ASSERT_TRUE(Deploy().ok()) << err_.str();
  const std::string id = OnlyCreatedId();
  auto app = cloud_->app(id);
  const std::string domain = app->domain_name + ":" + std::to_string(app->router_port);
  ASSERT_TRUE(Run({"context", "--export", id}).ok());
  env_.erase("MSE_CONF_PATH");  // verify needs no login
  env_["MSE_CONF_PATH"] = JoinPath(Dir(), "elsewhere");
  Status ok = Run({"context", "--context", id + ".toml", "--code", "my_app/mse_src", "--workspace", "out",
                   "--image-tar", image_tar_, domain});
  ASSERT_TRUE(ok.ok()) << ok.message() << "\n" << err_.str();
  EXPECT_TRUE(RealFileSystem().Exists(JoinPath(Dir(), "out/ratls.pem")));
  EXPECT_THAT(out_.str(), HasSubstr("mr_enclave"));
  ASSERT_TRUE(RealFileSystem()
                  .WriteFile(JoinPath(Dir(), "my_app/mse_src/app.py"), std::string_view("app = 666\n"))
                  .ok());
  Status changed = Run({"cloud", "verify", "--context", id + ".toml", "--code", "my_app/mse_src",
                        "--image-tar", image_tar_, domain});
  EXPECT_THAT(changed.message(), HasSubstr("verification failed"));
}

TEST_F(CloudDeployTest, VerifyWithoutFingerprintSaysTheCodeIsNotChecked) {
  ASSERT_TRUE(Deploy().ok()) << err_.str();
  auto app = cloud_->app(OnlyCreatedId());
  const std::string domain = app->domain_name + ":" + std::to_string(app->router_port);
  ASSERT_TRUE(Run({"cloud", "verify", "--json", domain}).ok()) << err_.str();
  auto verdict = nlohmann::json::parse(out_.str());
  EXPECT_EQ(verdict["ok"], true);
  EXPECT_THAT(err_.str(), HasSubstr("NOT checked"));
  EXPECT_TRUE(RealFileSystem().Exists(JoinPath(Dir(), "ratls.pem")));
  Status wrong = Run({"cloud", "verify", "--fingerprint", std::string(64, 'a'), domain});
  EXPECT_THAT(wrong.message(), HasSubstr("verification failed"));
}

}  // namespace
}  // namespace mse::cli::testing

namespace mse::cli::testing {
namespace {

// A "test suite" run as `python3 -m mse_envcheck <tests dir>`: it records
// the environment and talks TLS to the app pinned to TEST_RATLS_CERT.
constexpr char kEnvCheck[] = R"PY(import os, socket, ssl, sys
from urllib.parse import urlparse
url = urlparse(os.environ["TEST_REMOTE_URL"])
context = ssl.create_default_context(cafile=os.environ["TEST_RATLS_CERT"])
context.check_hostname = False
with socket.create_connection(("127.0.0.1", url.port)) as raw:
    with context.wrap_socket(raw, server_hostname=url.hostname) as tls:
        tls.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = tls.recv(100)
with open(os.path.join(sys.argv[1], "seen.txt"), "w") as f:
    f.write(os.environ["TEST_REMOTE_URL"] + "\n" + answer.decode().split("\r\n")[0] + "\n")
sys.exit(int(os.environ.get("MSE_ENVCHECK_EXIT", "0")))
)PY";

TEST_F(CloudDeployTest, TestRunsTheAppTestsPinnedToTheVerifiedCertificate) {
  FileSystem& fs = RealFileSystem();
  std::string toml = kMseToml;
  toml.replace(toml.find("tests_cmd = \"pytest\""), 20, "tests_cmd = \"mse_envcheck\"");
  ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/mse.toml"), toml).ok());
  ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "mse_envcheck.py"), std::string_view(kEnvCheck)).ok());
  setenv("PYTHONPATH", Dir().c_str(), 1);
  ASSERT_TRUE(Deploy().ok()) << err_.str();
  auto app = cloud_->app(OnlyCreatedId());
  Status s = Run({"cloud", "test"});
  ASSERT_TRUE(s.ok()) << s.message() << "\n" << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("testing the most recent deployment: " + app->id));
  EXPECT_EQ(*fs.ReadFile(JoinPath(Dir(), "my_app/tests/seen.txt")),
            "https://" + app->domain_name + ":" + std::to_string(app->router_port) + "\nHTTP/1.1 200 OK\n");
  setenv("MSE_ENVCHECK_EXIT", "3", 1);
  Status failed = Run({"cloud", "test", app->id});
  unsetenv("MSE_ENVCHECK_EXIT");
  unsetenv("PYTHONPATH");
  EXPECT_EQ(ExitCodeFor(failed), 1);
  EXPECT_THAT(failed.message(), HasSubstr("exit status 3"));
}

}  // namespace
}  // namespace mse::cli::testing

namespace mse::cli::testing {
namespace {

TEST_F(CloudDeployTest, OwnerCertificateModeSendsTheKeyOnlyToTheEnclave) {
  auto key = crypto::testing::TestP256Key::Generate();
  crypto::testing::NewCertificateOptions options;
  options.subject_cn = "app.example.com";
  options.subject_alt_name = "DNS:app.example.com";
  options.not_after = clock_.NowUnixSeconds() + 30 * 86400;
  auto cert = crypto::testing::MakeCertificate(options, key, key);
  ASSERT_TRUE(cert.ok());
  FileSystem& fs = RealFileSystem();
  ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/cert.pem"), cert->ToPem()).ok());
  ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/key.pem"), key.PrivateKeyPem()).ok());
  std::string toml = std::string(kMseToml) +
                     "\n[cloud.ssl]\ndomain_name = \"app.example.com\"\nprivate_key = \"key.pem\"\n"
                     "certificate = \"cert.pem\"\n";
  ASSERT_TRUE(fs.WriteFile(JoinPath(Dir(), "my_app/mse.toml"), toml).ok());
  Status s = Deploy();
  ASSERT_TRUE(s.ok()) << s.message() << err_.str();
  auto conf = nlohmann::json::parse(cloud_->recorded().confs.at(0));
  EXPECT_EQ(conf["ssl_certificate"], cert->ToPem());
  EXPECT_EQ(conf["domain_name"], "app.example.com");
  EXPECT_FALSE(conf["expires_at"].is_null());  // the certificate's notAfter
  auto payload = nlohmann::json::parse(cloud_->recorded().configuration_posts.at(0));
  EXPECT_EQ(payload["ssl_private_key"], key.PrivateKeyPem());
  EXPECT_TRUE(fs.Exists(JoinPath(Dir(), "ws/fullchain.pem")));
  const std::string id = OnlyCreatedId();
  auto context = format::LoadContext(fs, Conf(), id);
  EXPECT_EQ(context->config.ssl_app_certificate, cert->ToPem());
  EXPECT_EQ(context->instance->ssl_certificate_origin, "owner");
  EXPECT_THAT(out_.str(), HasSubstr("curl https://app.example.com"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("--cacert")));
  ASSERT_TRUE(Run({"context", "--export", id}).ok());
  auto app = cloud_->app(id);
  Status refused = Run({"cloud", "verify", "--context", id + ".toml", "--code", "my_app/mse_src",
                        app->config_domain_name + ":" + std::to_string(app->router_port)});
  EXPECT_THAT(refused.message(), HasSubstr("The application is not using a certificate generated by MSE"));
}

TEST_F(CloudDeployTest, UntrustedSslIsOperatorModeWithAWarning) {
  Status s = Deploy("", {"--untrusted-ssl"});
  ASSERT_TRUE(s.ok()) << s.message() << err_.str();
  auto conf = nlohmann::json::parse(cloud_->recorded().confs.at(0));
  EXPECT_EQ(conf["dev_mode"], true);
  EXPECT_THAT(err_.str(), HasSubstr("can read the traffic"));
  auto payload = nlohmann::json::parse(cloud_->recorded().configuration_posts.at(0));
  EXPECT_FALSE(payload.contains("ssl_private_key"));
}

}  // namespace
}  // namespace mse::cli::testing
