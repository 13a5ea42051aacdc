#include "cloud/api/api_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/fake_env.h"
#include "cloud/client/models.h"
#include "cloud/lifecycle/lifecycle_fakes.h"
#include "format/tar.h"

namespace mse::cloud::api {
namespace {

using testing::HasSubstr;
using Json = nlohmann::json;

// "Bearer <user id>" authenticates that user; anything else fails.
class FakeAuthenticator : public Authenticator {
 public:
  StatusOr<std::string> UserIdFromBearer(std::optional<std::string_view> header) override {
    if (!header || header->rfind("Bearer ", 0) != 0) return UnauthenticatedError("missing bearer token");
    return std::string(header->substr(7));
  }
};

class FakeOAuth : public net::HttpHandler {
 public:
  net::ServerResponse Handle(const net::ServerRequest& r) override {
    return net::ServerResponse::Text(299, "oauth " + r.target);
  }
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = RealFileSystem().MakeTempDirectory("/tmp", "mse-api-test-").value();
    store_ = OpenSqliteStore(JoinPath(dir_, "store.sqlite3")).value();
    for (const char* user : {"alice", "bob"}) {
      std::string id = std::string("u-") + user;
      ASSERT_TRUE(store_->AddUser({id, std::string(user) + "@example.com", "", user, "", 1, false},
                                  {"p-" + std::string(user), id, "default", "", true, 1, std::nullopt})
                      .ok());
    }
    ASSERT_TRUE(store_->PutHardware({"4g-eu-001", 4, 2, 4096, 2}).ok());
    ASSERT_TRUE(store_->PutImage({"mse-base:0.1.0", "sha256:feed", 1}).ok());
    LifecycleOptions lo;
    lo.data_dir = dir_;
    lifecycle_ = std::make_unique<Lifecycle>(*store_, node_, routes_, probe_, env_, lo);
    ApiDeps deps;
    deps.store = store_.get();
    deps.lifecycle = lifecycle_.get();
    deps.authenticator = &auth_;
    deps.oauth = std::make_shared<FakeOAuth>();
    deps.app_metrics = [](const cloud::App&) { return std::map<std::string, std::string>{{"amount_of_connection", "3"}}; };
    deps.env = env_;
    ApiOptions options;
    options.api_url = "http://127.0.0.1:9";
    options.router_port = 8443;
    options.max_upload_bytes = 64 * 1024;
    options.signer_public_pem = "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n";
    options.domain_secret = "secret";
    handler_ = NewApiHandler(deps, options);
    tar_ = MakeTar();
  }
  void TearDown() override {
    handler_.reset();
    lifecycle_.reset();
    store_.reset();
    (void)RealFileSystem().RemoveAll(dir_);
  }

  std::string MakeTar() {
    std::string src = JoinPath(dir_, "code");
    EXPECT_TRUE(RealFileSystem().CreateDirectories(src, FileMode::kNormal).ok());
    EXPECT_TRUE(RealFileSystem().WriteFile(JoinPath(src, "app.py.enc"), std::string("ciphertext")).ok());
    EXPECT_TRUE(format::BuildDirectoryTar(src, JoinPath(dir_, "app.tar")).ok());
    return RealFileSystem().ReadFile(JoinPath(dir_, "app.tar")).value();
  }

  net::ServerResponse Send(const std::string& method, const std::string& target, const std::string& user = "",
                           std::string body = "", std::string content_type = "") {
    net::ServerRequest r;
    r.method = method;
    r.target = target;
    if (!user.empty()) r.headers.emplace_back("Authorization", "Bearer " + user);
    if (!content_type.empty()) r.headers.emplace_back("Content-Type", content_type);
    r.body = std::move(body);
    return handler_->Handle(r);
  }

  static std::string Conf(const std::string& name, const std::string& docker = "mse-base:0.1.0") {
    return "{\"name\": \"" + name + "\", \"project\": \"default\", \"dev_mode\": false, \"healthcheck_endpoint\": "
           "\"/health\", \"python_application\": \"app:app\", \"expires_at\": null, \"ssl_certificate\": null, "
           "\"domain_name\": null, \"hardware\": \"4g-eu-001\", \"docker\": \"" + docker + "\"}";
  }
  static std::string Multipart(const std::string& code, const std::string& conf) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\"code\"; filename=\"app.tar\"\r\n"
           "Content-Type: application/tar\r\nExpires: 0\r\n\r\n" + code +
           "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"conf\"\r\nContent-Type: application/json\r\n\r\n" +
           conf + "\r\n--XyZ--\r\n";
  }
  net::ServerResponse Deploy(const std::string& user, const std::string& name,
                             const std::string& docker = "mse-base:0.1.0") {
    return Send("POST", "/apps", user, Multipart(tar_, Conf(name, docker)), "multipart/form-data; boundary=XyZ");
  }
  size_t AppCount() { return store_->ListApps({}).value().size(); }

  std::string dir_;
  std::unique_ptr<Store> store_;
  fakes::FakeNode node_;
  fakes::FakeRoutes routes_;
  fakes::FakeProbe probe_;
  FakeClock clock_;
  FakeRandom random_;
  Env env_{&RealFileSystem(), &clock_, &random_};
  FakeAuthenticator auth_;
  std::unique_ptr<Lifecycle> lifecycle_;
  std::shared_ptr<net::HttpHandler> handler_;
  std::string tar_;
};

TEST_F(ApiTest, DiscoveryAndKeysNeedNoLogin) {
  auto r = Send("GET", "/.well-known/mse");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseDiscovery(r.body);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->token_endpoint, "http://127.0.0.1:9/oauth/token");
  EXPECT_EQ(d->router_port, 8443);
  EXPECT_FALSE(d->simulated);
  EXPECT_THAT(Send("GET", "/signer.pem").body, HasSubstr("BEGIN PUBLIC KEY"));
  EXPECT_EQ(Send("GET", "/sim-root.pem").status, 404);
  EXPECT_EQ(Send("POST", "/oauth/token").status, 299);  // delegated
}

TEST_F(ApiTest, EverythingElseNeedsABearerToken) {
  auto r = Send("GET", "/apps");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(net::FindHeader(r.headers, "WWW-Authenticate").value_or(""), "Bearer error=\"invalid_token\"");
  EXPECT_EQ(ErrorText(r.body), "missing bearer token");
}

TEST_F(ApiTest, MeProjectsHardwareDefaults) {
  auto me = ParseUser(Send("GET", "/users/me", "u-alice").body);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->email, "alice@example.com");
  auto projects = ParseProjects(Send("GET", "/projects?name=default", "u-alice").body);
  ASSERT_TRUE(projects.ok());
  ASSERT_EQ(projects->size(), 1u);
  EXPECT_EQ(projects->front().id, "p-alice");
  EXPECT_TRUE(ParseProjects(Send("GET", "/projects?name=nope", "u-alice").body)->empty());
  EXPECT_EQ(Send("GET", "/projects/p-bob", "u-alice").status, 404);
  auto hw = ParseHardware(Send("GET", "/hardwares/4g-eu-001", "u-alice").body);
  ASSERT_TRUE(hw.ok());
  EXPECT_EQ(hw->enclave_size, 4096);
  EXPECT_EQ(Send("GET", "/hardwares/none", "u-alice").status, 404);
  auto defaults = ParseDefaultApp(Send("GET", "/apps/default", "u-alice").body);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->project, "default");
  EXPECT_EQ(defaults->docker, "mse-base:0.1.0");
  EXPECT_EQ(defaults->hardware, "4g-eu-001");
}

TEST_F(ApiTest, DeployStoresTheAppAndItsCode) {
  auto r = Deploy("u-alice", "web");
  ASSERT_EQ(r.status, 201) << r.body;
  auto app = ParseApp(r.body);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(app->status, "spawning");
  EXPECT_EQ(app->docker_digest, "sha256:feed");
  EXPECT_EQ(app->enclave_size, 4096);
  EXPECT_EQ(app->ssl_certificate_origin, "self");
  EXPECT_EQ(app->domain_name, app->config_domain_name);
  EXPECT_THAT(app->domain_name, ::testing::MatchesRegex("[0-9a-f]{16}\\.localhost"));
  EXPECT_EQ(app->expires_at_us, (clock_.NowUnixSeconds() + 365 * 86400) * 1'000'000);
  EXPECT_EQ(RealFileSystem().ReadFile(lifecycle_->files().CodeTar(app->id)).value(), tar_);
  // The same name in the same project and mode keeps its domain.
  ASSERT_EQ(Send("POST", "/apps/" + app->id + "/stop", "u-alice").status, 200);
  auto again = ParseApp(Deploy("u-alice", "web").body);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->domain_name, app->domain_name);
  EXPECT_NE(again->id, app->id);
}

TEST_F(ApiTest, DeployRefusalsStoreNothing) {
  EXPECT_EQ(ErrorText(Deploy("u-alice", "a", "mse-base:latest").body),
            "You shouldn't use latest tag for the docker image");
  EXPECT_EQ(ErrorText(Deploy("u-alice", "a", "mse-base").body), "You shouldn't use latest tag for the docker image");
  auto unapproved = Deploy("u-alice", "a", "evil:1");
  EXPECT_EQ(unapproved.status, 403);
  EXPECT_EQ(ErrorText(unapproved.body), "Docker `evil:1` is not approved or supported yet.");
  auto malformed = Send("POST", "/apps", "u-alice", "--XyZ\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nx",
                        "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_THAT(ErrorText(malformed.body), HasSubstr("malformed multipart body"));
  auto not_tar = Send("POST", "/apps", "u-alice", Multipart("not a tar at all", Conf("a")),
                      "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(not_tar.status, 400);
  EXPECT_THAT(ErrorText(not_tar.body), HasSubstr("app.tar"));
  auto big = Send("POST", "/apps", "u-alice", Multipart(std::string(70 * 1024, 'x'), Conf("a")),
                  "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(big.status, 413);
  auto bad_conf = Send("POST", "/apps", "u-alice", Multipart(tar_, "{\"name\": \"\"}"),
                       "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(bad_conf.status, 400);
  EXPECT_EQ(Send("POST", "/apps", "u-alice", "x", "application/json").status, 400);
  EXPECT_EQ(AppCount(), 0u);
  EXPECT_FALSE(RealFileSystem().Exists(JoinPath(dir_, "apps")) &&
               !RealFileSystem().ListDirectory(JoinPath(dir_, "apps")).value().empty());
}

TEST_F(ApiTest, OneLiveAppPerNameAndQuota) {
  ASSERT_EQ(Deploy("u-alice", "a").status, 201);
  auto same = Deploy("u-alice", "a");
  EXPECT_EQ(same.status, 409);
  EXPECT_THAT(ErrorText(same.body), HasSubstr("already live"));
  ASSERT_EQ(Deploy("u-alice", "b").status, 201);
  auto quota = Deploy("u-alice", "c");
  EXPECT_EQ(quota.status, 409);
  EXPECT_EQ(ErrorText(quota.body),
            "Project `default` has not enough hardware available `4g-eu-001` to spawn app named `c`");
  EXPECT_EQ(Deploy("u-bob", "a").status, 201);  // bob's quota is his own
  EXPECT_EQ(AppCount(), 3u);
}

TEST_F(ApiTest, AnotherUsersAppIsNotFound) {
  auto app = ParseApp(Deploy("u-alice", "web").body).value();
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", ""}, {"POST", "/stop"}, {"GET", "/logs"}, {"GET", "/metrics"}, {"DELETE", ""}}) {
    auto r = Send(method, "/apps/" + app.id + path, "u-bob");
    EXPECT_EQ(r.status, 404) << method << " " << path;
    EXPECT_EQ(ErrorText(r.body), "Cannot find the app with id " + app.id);
  }
  EXPECT_TRUE(ParsePartialApps(Send("GET", "/apps", "u-bob").body)->empty());
  EXPECT_EQ(store_->GetApp(app.id)->status, AppStatus::kSpawning);
}

TEST_F(ApiTest, ListFiltersStopLogsMetricsDelete) {
  auto app = ParseApp(Deploy("u-alice", "web").body).value();
  lifecycle_->RunOnce();  // the fake node starts it
  auto live = ParsePartialApps(Send("GET", "/apps?status=spawning,initializing,running&project=p-alice&name=web",
                                    "u-alice").body);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ(Send("GET", "/apps?status=bogus", "u-alice").status, 400);
  auto metrics = Json::parse(Send("GET", "/apps/" + app.id + "/metrics", "u-alice").body);
  EXPECT_EQ(metrics["amount_of_connection"][1], "3");
  auto logs = Json::parse(Send("GET", "/apps/" + app.id + "/logs", "u-alice").body);
  EXPECT_THAT(logs["stdout"].get<std::string>(), HasSubstr("output of"));
  auto stopped = ParseApp(Send("POST", "/apps/" + app.id + "/stop", "u-alice").body);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->status, "stopped");
  EXPECT_TRUE(ParsePartialApps(Send("GET", "/apps?status=running", "u-alice").body)->empty());
  EXPECT_EQ(ParsePartialApps(Send("GET", "/apps", "u-alice").body)->size(), 1u);
  logs = Json::parse(Send("GET", "/apps/" + app.id + "/logs", "u-alice").body);
  EXPECT_THAT(logs["stdout"].get<std::string>(), HasSubstr("stopped by its owner"));
  EXPECT_EQ(Send("DELETE", "/apps/" + app.id, "u-alice").status, 204);
  EXPECT_EQ(Send("GET", "/apps/" + app.id, "u-alice").status, 404);
  std::string prometheus = Send("GET", "/metrics").body;
  EXPECT_THAT(prometheus, HasSubstr("mse_cloud_apps_created_total 1"));
  EXPECT_THAT(prometheus, HasSubstr("mse_cloud_apps{status=\"running\"} 0"));
}

TEST_F(ApiTest, LogFollowStreamsUntilTheSourceEnds) {
  auto app = ParseApp(Deploy("u-alice", "web").body).value();
  lifecycle_->RunOnce();
  auto r = Send("GET", "/apps/" + app.id + "/logs?follow=1", "u-alice");
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(static_cast<bool>(r.stream));
  std::string text;
  for (int i = 0; i < 50; ++i) {
    auto chunk = r.stream();
    ASSERT_TRUE(chunk.ok());
    if (!chunk->has_value()) break;
    text += **chunk;
  }
  EXPECT_THAT(text, HasSubstr("output of"));
}

}  // namespace
}  // namespace mse::cloud::api
