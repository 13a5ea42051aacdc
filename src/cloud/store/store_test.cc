#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "base/env.h"
#include "base/scoped_dir.h"
#include "cloud/store/store.h"
#include "cloud/store/testing/postgres_server.h"

namespace mse::cloud {
namespace {

using testing::HasSubstr;

// Every test runs on both stores: the same interface, SQL and migrations.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = RealFileSystem().MakeTempDirectory("/tmp", "mse-store-test-").value();
    if (GetParam() == "postgresql") {
      auto server = store_testing::PostgresServer::Get();
      ASSERT_TRUE(server.ok()) << server.status().ToString();
      uri_ = (*server)->NewDatabase().value();
    }
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    (void)RealFileSystem().RemoveAll(dir_);
  }
  StatusOr<std::unique_ptr<Store>> Open() {
    return GetParam() == "postgresql" ? OpenPostgresStore(uri_) : OpenSqliteStore(JoinPath(dir_, "store.sqlite3"));
  }

  User AddAlice() {
    User u{"u-alice", "Alice@Example.com", "$argon2id$x", "Alice", "A", 100, false};
    Project p{"p-alice", "u-alice", "default", "default project", true, 100, std::nullopt};
    EXPECT_TRUE(store_->AddUser(u, p).ok());
    return u;
  }

  App NewApp(const std::string& id, const std::string& name) {
    App a;
    a.id = id;
    a.owner_id = "u-alice";
    a.project_id = "p-alice";
    a.name = name;
    a.domain_name = a.config_domain_name = "0123456789abcdef.localhost";
    a.docker = "mse-base:0.1.0";
    a.docker_digest = "sha256:00";
    a.hardware_name = "4g-eu-001";
    a.enclave_size_mb = 4096;
    a.python_application = "app:app";
    a.healthcheck_endpoint = "/health";
    a.ssl_certificate_origin = "self";
    a.created_at_us = 1;
    a.expires_at = 1000;
    return a;
  }

  std::string dir_;
  std::string uri_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, UsersAreUniqueByLowercaseEmailAndGetADefaultProject) {
  AddAlice();
  auto by_email = store_->GetUserByEmail("ALICE@example.COM");
  ASSERT_TRUE(by_email.ok()) << by_email.status().ToString();
  EXPECT_EQ(by_email->email, "alice@example.com");
  User again{"u-2", "alice@example.com", "", "", "", 1, false};
  Project p{"p-2", "u-2", "default", "", true, 1, std::nullopt};
  Status st = store_->AddUser(again, p);
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(store_->GetUser("u-2").ok());  // the whole transaction rolled back
  auto projects = store_->ListProjects("u-alice");
  ASSERT_TRUE(projects.ok());
  ASSERT_EQ(projects->size(), 1u);
  EXPECT_TRUE(projects->front().is_default);
  EXPECT_EQ(store_->GetProjectByName("someone-else", "default").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->SetUserDisabled("u-alice", true).ok());
  EXPECT_TRUE(store_->GetUser("u-alice")->disabled);
}

TEST_P(StoreTest, AuthCodesAreSingleUse) {
  AddAlice();
  AuthCode code{"hash1", "u-alice", "client", "http://localhost:5355/", "challenge", "openid", "aud", 200, {}};
  ASSERT_TRUE(store_->AddAuthCode(code).ok());
  auto first = store_->ConsumeAuthCode("hash1", 150);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->redirect_uri, "http://localhost:5355/");
  EXPECT_EQ(store_->ConsumeAuthCode("hash1", 151).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ConsumeAuthCode("nope", 151).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreTest, ExpiredAuthCodesAreDeletedAndPasswordsChange) {
  AddAlice();
  ASSERT_TRUE(store_->AddAuthCode({"old", "u-alice", "c", "r", "ch", "s", "a", 100, {}}).ok());
  ASSERT_TRUE(store_->AddAuthCode({"new", "u-alice", "c", "r", "ch", "s", "a", 300, {}}).ok());
  EXPECT_EQ(store_->DeleteExpiredAuthCodes(200).value(), 1);
  EXPECT_EQ(store_->ConsumeAuthCode("old", 200).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ConsumeAuthCode("new", 200).ok());
  ASSERT_TRUE(store_->SetUserPasswordHash("u-alice", "$argon2id$new").ok());
  EXPECT_EQ(store_->GetUser("u-alice")->password_hash, "$argon2id$new");
  EXPECT_EQ(store_->SetUserPasswordHash("nobody", "x").code(), StatusCode::kNotFound);
}

TEST_P(StoreTest, RefreshTokenRotationAndRevocation) {
  AddAlice();
  RefreshToken t1{"t1", "h1", "u-alice", TokenKind::kLogin, "t1", 10, {}, {}, "cli", "openid", "aud"};
  RefreshToken t2{"t2", "h2", "u-alice", TokenKind::kLogin, "t1", 20, {}, {}, "cli", "openid", "aud"};
  ASSERT_TRUE(store_->AddRefreshToken(t1).ok());
  ASSERT_TRUE(store_->RotateRefreshToken("h1", t2, 20).ok());
  EXPECT_EQ(store_->GetRefreshToken("h1")->used_at, 20);
  EXPECT_EQ(store_->GetRefreshToken("h2")->client_id, "cli");
  EXPECT_EQ(store_->GetRefreshToken("h2")->audience, "aud");
  EXPECT_EQ(store_->RotateRefreshToken("h1", RefreshToken{"t3", "h3", "u-alice", TokenKind::kLogin, "t1", 30, {}, {}}, 30)
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_FALSE(store_->GetRefreshToken("h3").ok());
  ASSERT_TRUE(store_->RevokeTokenFamily("t1", 40).ok());
  EXPECT_EQ(store_->GetRefreshToken("h2")->revoked_at, 40);
  RefreshToken ci{"c1", "hc", "u-alice", TokenKind::kCi, "c1", 50, {}, {}};
  ASSERT_TRUE(store_->AddRefreshToken(ci).ok());
  EXPECT_EQ(store_->GetRefreshToken("hc")->kind, TokenKind::kCi);
  ASSERT_TRUE(store_->RevokeUserTokens("u-alice", 60).ok());
  EXPECT_EQ(store_->GetRefreshToken("hc")->revoked_at, 60);
}

TEST_P(StoreTest, CatalogueUpserts) {
  ASSERT_TRUE(store_->PutHardware({"4g-eu-001", 4, 2.0, 4096, 1}).ok());
  ASSERT_TRUE(store_->PutHardware({"4g-eu-001", 4, 2.5, 4096, 3}).ok());
  auto h = store_->GetHardware("4g-eu-001");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->units, 3);
  EXPECT_DOUBLE_EQ(h->cores, 2.5);
  ASSERT_TRUE(store_->PutImage({"mse-base:0.1.0", "sha256:aa", 5}).ok());
  EXPECT_EQ(store_->GetImage("mse-base:0.1.0")->digest, "sha256:aa");
  auto missing = store_->GetImage("evil:1");
  EXPECT_THAT(missing.status().message(), HasSubstr("Docker `evil:1` is not approved or supported yet."));
}

TEST_P(StoreTest, OneLiveAppPerNameAndHardwareQuota) {
  AddAlice();
  ASSERT_TRUE(store_->AddApp(NewApp("a1", "web"), 2).ok());
  EXPECT_EQ(store_->AddApp(NewApp("a2", "web"), 2).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_->AddApp(NewApp("a3", "other"), 2).ok());
  Status quota = store_->AddApp(NewApp("a4", "third"), 2);
  EXPECT_EQ(quota.code(), StatusCode::kOutOfRange);
  // Stopping one frees both its name and its unit.
  auto a1 = store_->GetApp("a1").value();
  ASSERT_TRUE(store_->UpdateApp("a1", a1.state_version, {.status = AppStatus::kStopped, .stopped_at = 9}).ok());
  EXPECT_TRUE(store_->AddApp(NewApp("a5", "web"), 2).ok());
}

TEST_P(StoreTest, UpdateIsCompareAndSet) {
  AddAlice();
  ASSERT_TRUE(store_->AddApp(NewApp("a1", "web"), 1).ok());
  auto updated = store_->UpdateApp("a1", 0, {.status = AppStatus::kInitializing, .port = 40001});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->state_version, 1);
  EXPECT_EQ(updated->port, 40001);
  EXPECT_EQ(updated->status, AppStatus::kInitializing);
  auto stale = store_->UpdateApp("a1", 0, {.status = AppStatus::kOnError});
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetApp("a1")->status, AppStatus::kInitializing);
  auto live = store_->ListApps({.owner_id = "u-alice", .statuses = {AppStatus::kInitializing}});
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->size(), 1u);
  EXPECT_TRUE(store_->ListApps({.owner_id = "someone"})->empty());
}

TEST_P(StoreTest, ConcurrentCompareAndSetHasOneWinner) {
  AddAlice();
  ASSERT_TRUE(store_->AddApp(NewApp("a1", "web"), 1).ok());
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (store_->UpdateApp("a1", 0, {.status = AppStatus::kOnError}).ok()) ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
}

TEST_P(StoreTest, ReopenKeepsDataAndSecondProcessSeesIt) {
  AddAlice();
  auto other = Open();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_TRUE((*other)->GetUserByEmail("alice@example.com").ok());
  ASSERT_TRUE((*other)->PutImage({"x:1", "sha256:bb", 1}).ok());
  EXPECT_TRUE(store_->GetImage("x:1").ok());
}

TEST(StoreUriTest, PasswordsAreRedacted) {
  EXPECT_EQ(RedactUri("postgresql://mse:s3cret@db.example:5432/mse"), "postgresql://mse:***@db.example:5432/mse");
  EXPECT_EQ(RedactUri("postgresql://mse@/mse?host=/run/postgresql"), "postgresql://mse@/mse?host=/run/postgresql");
  EXPECT_EQ(RedactUri("/var/lib/mse-cloud/store.sqlite3"), "/var/lib/mse-cloud/store.sqlite3");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace mse::cloud
