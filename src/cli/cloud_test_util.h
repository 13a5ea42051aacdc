// Test-only: a fixture running `mse cloud …` commands through Dispatch
// against a FakeCloud, with a real file system under a temporary
// directory, a fake clock (polls are instant) and scripted standard input.
#ifndef MSE_CLI_CLOUD_TEST_UTIL_H_
#define MSE_CLI_CLOUD_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/fake_env.h"
#include "base/scoped_dir.h"
#include "cli/cloud_test_backend.h"
#include "cli/command_table.h"
#include "cli/dispatch.h"
#include "format/login.h"

namespace mse::cli::testing {

class CloudCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = RealFileSystem().MakeTempDirectory("/tmp", "mse-cloud-cli-test-");
    ASSERT_TRUE(dir.ok());
    temp_ = std::make_unique<ScopedDirectory>(RealFileSystem(), *dir);
    image_tar_ = JoinPath(*dir, "image.tar");
    ASSERT_TRUE(RealFileSystem().WriteFile(image_tar_, MakeImageTar(&image_id_)).ok());
    cloud_ = std::make_unique<FakeCloud>(JoinPath(*dir, "backend"), image_tar_, clock_);
    env_["MSE_CONF_PATH"] = JoinPath(*dir, "conf");
    env_["MSE_BASE_URL"] = cloud_->url();
    char cwd[4096];
    old_cwd_ = getcwd(cwd, sizeof cwd) != nullptr ? cwd : "/";
    ASSERT_EQ(chdir(dir->c_str()), 0);
  }
  void TearDown() override {
    (void)chdir(old_cwd_.c_str());
    cloud_.reset();
  }

  std::string Dir() const { return temp_->path(); }
  std::string Conf() const { return env_.at("MSE_CONF_PATH"); }

  void LogIn(const std::string& refresh_token = "refresh-ci") {
    ASSERT_TRUE(format::SaveLogin(RealFileSystem(), Conf(), {"alice@example.com", refresh_token}).ok());
  }

  Status Run(std::vector<std::string> args, const std::string& input = "") {
    out_.str("");
    err_.str("");
    std::istringstream in(input);
    CommandContext ctx{Env{&RealFileSystem(), &clock_, random_}, &term_,
                       [this](const char* name) -> const char* {
                         auto it = env_.find(name);
                         return it == env_.end() ? nullptr : it->second.c_str();
                       },
                       &in};
    Status status = Dispatch(CommandTable(), args, ctx);
    if (getenv("MSE_TEST_SHOW_OUTPUT") != nullptr) {  // debugging aid
      fprintf(stderr, "--- stdout\n%s--- stderr\n%s--- status: %s\n", out_.str().c_str(), err_.str().c_str(),
              status.ToString().c_str());
    }
    return status;
  }

  FakeClock clock_{static_cast<int64_t>(std::time(nullptr))};
  Random* random_ = &RealRandom();
  std::unique_ptr<ScopedDirectory> temp_;
  std::string image_tar_;
  std::string image_id_;
  std::unique_ptr<FakeCloud> cloud_;
  std::map<std::string, std::string> env_;
  std::ostringstream out_, err_;
  Terminal term_{out_, err_, false, false};
  std::string old_cwd_;
};

}  // namespace mse::cli::testing

#endif  // MSE_CLI_CLOUD_TEST_UTIL_H_
