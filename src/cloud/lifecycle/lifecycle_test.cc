#include "cloud/lifecycle/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "base/fake_env.h"
#include "cloud/lifecycle/lifecycle_fakes.h"

namespace mse::cloud {
namespace {

using testing::HasSubstr;
using fakes::FakeNode;
using fakes::FakeProbe;
using fakes::FakeRoutes;

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = RealFileSystem().MakeTempDirectory("/tmp", "mse-lifecycle-test-").value();
    store_ = OpenSqliteStore(JoinPath(dir_, "store.sqlite3")).value();
    ASSERT_TRUE(store_->AddUser({"u", "u@example.com", "", "", "", 1, false},
                                {"p", "u", "default", "", true, 1, std::nullopt})
                    .ok());
    options_.data_dir = dir_;
    options_.signer_key_path = "/signer.pem";
    options_.sim_dir = "/sim";
    lifecycle_ = std::make_unique<Lifecycle>(*store_, node_, routes_, probe_, env_, options_);
  }
  void TearDown() override {
    lifecycle_.reset();
    store_.reset();
    (void)RealFileSystem().RemoveAll(dir_);
  }

  App AddApp(const std::string& id, const std::string& origin = "self") {
    App a;
    a.id = id;
    a.owner_id = "u";
    a.project_id = "p";
    a.name = "web-" + id;
    a.domain_name = a.config_domain_name = "0123456789abcdef.localhost";
    a.docker = "mse-base:0.1.0";
    a.docker_digest = "sha256:00";
    a.hardware_name = "4g-eu-001";
    a.enclave_size_mb = 4096;
    a.python_application = "app:app";
    a.healthcheck_endpoint = "/health";
    a.ssl_certificate_origin = origin;
    a.created_at_us = clock_.NowUnixSeconds() * 1'000'000;
    a.expires_at = clock_.NowUnixSeconds() + 3600;
    EXPECT_TRUE(store_->AddApp(a, 10).ok());
    EXPECT_TRUE(lifecycle_->files().SaveCode(id, "tar bytes").ok());
    return a;
  }
  AppStatus StatusOf(const std::string& id) { return store_->GetApp(id).value().status; }

  std::string dir_;
  std::unique_ptr<Store> store_;
  FakeNode node_;
  FakeRoutes routes_;
  FakeProbe probe_;
  FakeClock clock_;
  FakeRandom random_;
  Env env_{&RealFileSystem(), &clock_, &random_};
  LifecycleOptions options_;
  std::unique_ptr<Lifecycle> lifecycle_;
};

TEST_F(LifecycleTest, SpawnsWithTheMeasuredArgumentsThenInitializesThenRuns) {
  AddApp("a1");
  lifecycle_->RunOnce();
  ASSERT_EQ(node_.launches.size(), 1u);
  const EnclaveLaunch& launch = node_.launches[0];
  EXPECT_EQ(launch.image, "sha256:00");
  EXPECT_EQ(launch.sim_dir, "/sim");
  const std::vector<std::string>& cmd = launch.command;
  auto value_of = [&cmd](const std::string& flag) {
    for (size_t i = 0; i + 1 < cmd.size(); ++i) {
      if (cmd[i] == flag) return cmd[i + 1];
    }
    return std::string("<absent>");
  };
  EXPECT_EQ(value_of("--size"), "4096M");
  EXPECT_EQ(value_of("--subject"), "CN=0123456789abcdef.localhost,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France");
  EXPECT_EQ(value_of("--san"), "0123456789abcdef.localhost");
  EXPECT_EQ(value_of("--id"), "a1");
  EXPECT_EQ(value_of("--expiration"), std::to_string(clock_.NowUnixSeconds() + 3600));
  EXPECT_EQ(value_of("--host"), "127.0.0.1");
  EXPECT_TRUE(RealFileSystem().Exists(JoinPath(launch.input_dir, "app.tar")));
  App spawning = store_->GetApp("a1").value();
  EXPECT_EQ(spawning.status, AppStatus::kSpawning);
  EXPECT_GE(spawning.port, 40000);
  EXPECT_EQ(routes_.published.count("a1"), 1u);

  lifecycle_->RunOnce();  // nothing answers yet
  EXPECT_EQ(StatusOf("a1"), AppStatus::kSpawning);
  probe_.config_up = true;
  lifecycle_->RunOnce();
  EXPECT_EQ(StatusOf("a1"), AppStatus::kInitializing);
  EXPECT_EQ(store_->GetApp("a1")->enclave_cert_pem, "CERT");
  probe_.healthy = true;
  lifecycle_->RunOnce();
  App running = store_->GetApp("a1").value();
  EXPECT_EQ(running.status, AppStatus::kRunning);
  EXPECT_EQ(running.ready_at, clock_.NowUnixSeconds());
}

TEST_F(LifecycleTest, OwnerModeHasNoExpirationAndGetsTheChain) {
  App a = AddApp("a1", "owner");
  (void)a;
  lifecycle_->RunOnce();
  ASSERT_EQ(node_.launches.size(), 1u);
  for (const auto& arg : node_.launches[0].command) EXPECT_NE(arg, "--expiration");
}

TEST_F(LifecycleTest, DeadContainerIsOnErrorWithItsLogsKept) {
  AddApp("a1");
  lifecycle_->RunOnce();
  std::string container = store_->GetApp("a1")->container_id;
  node_.containers[container].running = false;
  node_.containers[container].state = "exited";
  node_.containers[container].exit_code = 3;
  lifecycle_->RunOnce();
  App failed = store_->GetApp("a1").value();
  EXPECT_EQ(failed.status, AppStatus::kOnError);
  EXPECT_THAT(failed.status_reason, HasSubstr("exit code 3"));
  EXPECT_EQ(routes_.published.count("a1"), 0u);
  std::string logs = lifecycle_->files().ReadLogs("a1");
  EXPECT_THAT(logs, HasSubstr("output of " + container));
  EXPECT_THAT(logs, HasSubstr("mse-cloud: on_error"));
  EXPECT_EQ(node_.containers.count(container), 0u);
}

TEST_F(LifecycleTest, SpawnDeadlineAndExpiry) {
  AddApp("a1");
  lifecycle_->RunOnce();
  clock_.Set(clock_.NowUnixSeconds() + 601);
  lifecycle_->RunOnce();
  EXPECT_EQ(StatusOf("a1"), AppStatus::kOnError);
  EXPECT_THAT(store_->GetApp("a1")->status_reason, HasSubstr("did not answer within 600 s"));

  AddApp("a2");
  lifecycle_->RunOnce();
  clock_.Set(clock_.NowUnixSeconds() + 3600);
  lifecycle_->RunOnce();
  EXPECT_EQ(StatusOf("a2"), AppStatus::kStopped);
  EXPECT_THAT(store_->GetApp("a2")->status_reason, HasSubstr("expired"));
}

TEST_F(LifecycleTest, StopAppRemovesContainerAndRouteAndKeepsLogsForTheRetention) {
  AddApp("a1");
  lifecycle_->RunOnce();
  ASSERT_TRUE(lifecycle_->StopApp("a1", "stopped by its owner").ok());
  EXPECT_EQ(StatusOf("a1"), AppStatus::kStopped);
  EXPECT_TRUE(node_.containers.empty());
  EXPECT_TRUE(routes_.published.empty());
  ASSERT_TRUE(lifecycle_->StopApp("a1", "again").ok());  // idempotent
  std::string logs;
  ASSERT_TRUE(lifecycle_->Logs(store_->GetApp("a1").value(), false, [&logs](std::string_view c) {
    logs.append(c);
    return Status::Ok();
  }).ok());
  EXPECT_THAT(logs, HasSubstr("stopped by its owner"));
  clock_.Set(clock_.NowUnixSeconds() + 4 * 86400 + 1);
  lifecycle_->RunOnce();
  EXPECT_FALSE(RealFileSystem().Exists(lifecycle_->files().Dir("a1")));
}

TEST_F(LifecycleTest, StartFailureIsOnError) {
  node_.fail_start = true;
  AddApp("a1");
  lifecycle_->RunOnce();
  EXPECT_EQ(StatusOf("a1"), AppStatus::kOnError);
  EXPECT_THAT(store_->GetApp("a1")->status_reason, HasSubstr("engine down"));
}

TEST_F(LifecycleTest, ReconcileResumesRunningAppsAndFailsVanishedOnes) {
  AddApp("a1");
  AddApp("a2");
  lifecycle_->RunOnce();
  std::string c2 = store_->GetApp("a2")->container_id;
  node_.containers.erase(c2);                                    // vanished while the backend was down
  node_.containers["stray"] = {"gone-app", "stray", "running", true, 0};  // not ours any more
  routes_.published.clear();                                     // a fresh process has no routes
  ASSERT_TRUE(lifecycle_->Reconcile().ok());
  EXPECT_EQ(routes_.published.count("a1"), 1u);
  EXPECT_EQ(StatusOf("a1"), AppStatus::kSpawning);
  EXPECT_EQ(StatusOf("a2"), AppStatus::kOnError);
  EXPECT_THAT(store_->GetApp("a2")->status_reason, HasSubstr("gone when mse-cloud restarted"));
  EXPECT_EQ(node_.containers.count("stray"), 0u);
}

}  // namespace
}  // namespace mse::cloud
