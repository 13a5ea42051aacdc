#include "enclave/app_activator.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::enclave {
namespace {

class FakeInstaller : public CodeInstaller {
 public:
  explicit FakeInstaller(FileSystem& fs) : fs_(fs) {}
  Status Install(const SecretBytes*) override {
    MSE_RETURN_IF_ERROR(fs_.CreateDirectories("/mse-app", FileMode::kSecret));
    MSE_RETURN_IF_ERROR(fs_.WriteFile("/mse-app/app.py", "code"));
    return result;
  }
  Status Clear() override { return RemoveDirectoryContents(fs_, "/mse-app"); }
  Status result;

 private:
  FileSystem& fs_;
};

class NullHandler : public net::HttpHandler {
 public:
  net::ServerResponse Handle(const net::ServerRequest&) override { return {}; }
};

class AppActivatorTest : public ::testing::Test {
 protected:
  AppActivatorTest()
      : installer_(fs_),
        activator_(
            fs_, paths_, installer_,
            [this]() -> StatusOr<std::shared_ptr<net::HttpHandler>> {
              loads_++;
              if (!load_result_.ok()) return load_result_;
              return std::shared_ptr<net::HttpHandler>(std::make_shared<NullHandler>());
            },
            [this] { forgotten_++; }) {}

  ConfigurationSecrets Configuration() {
    ConfigurationSecrets c;
    c.app_secrets_json = SecretBytes(AsBytes("{\"login\": \"a\"}"));
    c.sealed_secrets_json = SecretBytes(AsBytes("{\"s\": 1}"));
    return c;
  }
  bool NothingLeft() {
    auto entries = fs_.ListDirectory("/mse-app");
    return (!entries.ok() || entries->empty()) && !fs_.Exists(paths_.secrets_path) &&
           !fs_.Exists(paths_.sealed_secrets_path);
  }

  FakeFileSystem fs_;
  EnclavePaths paths_;
  FakeInstaller installer_;
  Status load_result_;
  int loads_ = 0;
  int forgotten_ = 0;
  AppActivator activator_;
};

TEST_F(AppActivatorTest, InstallsWritesSecretsAndLoads) {
  auto app = activator_.Activate(Configuration());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(fs_.files().at("/root/.cache/mse/secrets.json").data, "{\"login\": \"a\"}");
  EXPECT_EQ(fs_.files().at("/root/.cache/mse/secrets.json").mode, FileMode::kSecret);
  EXPECT_EQ(fs_.files().at("/root/.cache/mse/sealed_secrets.json").data, "{\"s\": 1}");
  EXPECT_TRUE(fs_.Exists("/mse-app/app.py"));
  EXPECT_EQ(loads_, 1);
  activator_.RemovePlaintext();
  EXPECT_TRUE(NothingLeft());
  EXPECT_EQ(forgotten_, 0);
}

TEST_F(AppActivatorTest, AnImportFailureUndoesEverything) {
  load_result_ = NotFoundError("No module named 'app'");
  auto app = activator_.Activate(Configuration());
  EXPECT_EQ(app.status().code(), StatusCode::kInternal);
  EXPECT_NE(app.status().message().find("the application did not start: No module named 'app'"),
            std::string::npos);
  EXPECT_TRUE(NothingLeft());
  EXPECT_EQ(forgotten_, 1);
}

TEST_F(AppActivatorTest, InstallerRefusalsKeepTheirCode) {
  installer_.result = InvalidArgumentError("encrypted code without a key");
  EXPECT_EQ(activator_.Activate(Configuration()).status().code(), StatusCode::kInvalidArgument);
  installer_.result = OutOfRangeError("file too large");
  EXPECT_EQ(activator_.Activate(Configuration()).status().code(), StatusCode::kInternal);
  EXPECT_TRUE(NothingLeft());
  EXPECT_EQ(loads_, 0);
}

TEST_F(AppActivatorTest, AWriteFailureUndoesEverything) {
  fs_.FailWriteNumber(2);  // app.py passes, secrets.json fails
  EXPECT_EQ(activator_.Activate(Configuration()).status().code(), StatusCode::kInternal);
  EXPECT_TRUE(NothingLeft());
  EXPECT_EQ(fs_.open_temporaries(), 0);
}

}  // namespace
}  // namespace mse::enclave
