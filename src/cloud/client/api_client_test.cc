#include "cloud/client/api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "base/fake_env.h"
#include "cloud/client/deploy_request.h"
#include "cloud/client/fake_http_server.h"

namespace mse::cloud {
namespace {

using testing::FakeHttpServer;
using ::testing::HasSubstr;
using testing::Json;

constexpr char kApp[] = R"({"id": "631a988f-4001-4593-a023-d316eb57d1f1", "name": "my_app",
  "project_id": "11111111-2222-4333-8444-555555555555", "owner_id": "o", "domain_name": "ae5ed58137d7ec20.localhost",
  "config_domain_name": "ae5ed58137d7ec20.localhost", "docker": "mse-base:0.1.0",
  "created_at": "2026-05-28T20:26:40.123456+00:00", "ready_at": null, "stopped_at": null, "status": "spawning",
  "hardware_name": "4g-eu-001", "ssl_certificate_origin": "self", "expires_at": "2026-05-29T00:26:40+00:00",
  "python_application": "app:app", "healthcheck_endpoint": "/health", "docker_digest": "sha256:ab",
  "enclave_size": 1024, "status_reason": null, "router_port": 8443})";

class ApiClientTest : public ::testing::Test {
 protected:
  ApiClient Client(const std::string& url) {
    ApiClientOptions options;
    options.base_url = url;
    options.token = [this]() -> StatusOr<std::string> {
      ++token_calls_;
      return std::string("access-1");
    };
    return ApiClient(std::move(options), *http_, clock_);
  }
  std::unique_ptr<net::HttpClient> http_ = net::NewCurlHttpClient();
  FakeClock clock_;
  int token_calls_ = 0;
};

TEST_F(ApiClientTest, SendsBearerTokenAndUserAgent) {
  FakeHttpServer server([](const net::ServerRequest&) {
    return Json(200, R"({"id": "u", "given_name": "A", "family_name": "B", "email": "a@b.c",
                          "created_at": "2026-01-01T00:00:00+00:00", "configured": true, "email_verified": true})");
  });
  ApiClient client = Client(server.url());
  auto me = client.Me();
  ASSERT_TRUE(me.ok()) << me.status().ToString();
  EXPECT_EQ(me->email, "a@b.c");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/users/me");
  EXPECT_EQ(seen[0].Header("Authorization"), "Bearer access-1");
  EXPECT_EQ(seen[0].Header("User-Agent"), "mse-cli/1.3");
}

TEST_F(ApiClientTest, ListQueryOmitsAbsentParameters) {
  FakeHttpServer server([](const net::ServerRequest&) { return Json(200, "[]"); });
  ApiClient client = Client(server.url());
  ASSERT_TRUE(client.ListApps({LiveStatuses(), std::string("p-1"), std::string("my app")}).ok());
  ASSERT_TRUE(client.ListApps({}).ok());
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/apps?status=spawning,initializing,running&project=p-1&name=my%20app");
  EXPECT_EQ(seen[1].target, "/apps");
}

TEST_F(ApiClientTest, GetIsRetriedOn503ThenSucceeds) {
  std::atomic<int> calls{0};
  FakeHttpServer server([&calls](const net::ServerRequest&) {
    return ++calls < 3 ? Json(503, R"({"detail": "busy"})") : Json(200, kApp);
  });
  ApiClient client = Client(server.url());
  int64_t before = clock_.NowUnixNanos();
  auto app = client.GetApp("631a988f-4001-4593-a023-d316eb57d1f1");
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(clock_.NowUnixNanos() - before, 900'000'000);  // 0.3 s then 0.6 s
  EXPECT_EQ(app->router_port, 8443);
}

TEST_F(ApiClientTest, PostIsNeverRetried) {
  std::atomic<int> calls{0};
  FakeHttpServer server([&calls](const net::ServerRequest&) {
    ++calls;
    return Json(503, R"({"detail": "busy"})");
  });
  ApiClient client = Client(server.url());
  MultipartBody body = BuildDeployMultipart("b", AsBytes("tar"), "{}");
  auto app = client.CreateApp(body.content_type, body.body);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(app.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(client.StopApp("x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(ApiClientTest, CreateAppSendsTheMultipartBodyAsIs) {
  FakeHttpServer server([](const net::ServerRequest&) { return Json(201, kApp); });
  ApiClient client = Client(server.url());
  std::string tar("\0\1\2tar", 6);
  MultipartBody body =
      BuildDeployMultipart("0123456789abcdef0123456789abcdef", AsBytes(tar), "{\"name\": \"x\"}");
  auto app = client.CreateApp(body.content_type, body.body);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/apps");
  EXPECT_EQ(seen[0].Header("Content-Type"), "multipart/form-data; boundary=0123456789abcdef0123456789abcdef");
  EXPECT_EQ(seen[0].body, body.body);
}

TEST_F(ApiClientTest, ErrorsCarryTheBodyTextStatusAndPath) {
  FakeHttpServer server([](const net::ServerRequest& r) {
    if (r.target.rfind("/hardwares/", 0) == 0) return Json(404, R"({"detail": "Hardware `9g` not found"})");
    if (r.target == "/apps")
      return Json(400, R"({"detail": "You shouldn't use latest tag for the docker image"})");
    return Json(401, R"({"detail": "invalid token"})");
  });
  ApiClient client = Client(server.url());
  auto hw = client.Hardware("9g");
  ASSERT_FALSE(hw.ok());
  EXPECT_EQ(hw.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hw.status().message(), "Hardware `9g` not found (HTTP 404 from GET /hardwares/9g)");
  auto created = client.CreateApp("multipart/form-data; boundary=b", "x");
  EXPECT_EQ(created.status().message(),
            "You shouldn't use latest tag for the docker image (HTTP 400 from POST /apps)");
  auto me = client.Me();
  EXPECT_EQ(me.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(me.status().message(), HasSubstr("Are you logged in?"));
  EXPECT_THAT(me.status().message(), HasSubstr("mse login"));
}

TEST_F(ApiClientTest, UnreachableBackendIsOneClearLine) {
  uint16_t port;
  {
    FakeHttpServer gone([](const net::ServerRequest&) { return Json(200, "{}"); });
    port = gone.port();
  }
  ApiClient client = Client("http://127.0.0.1:" + std::to_string(port));
  auto me = client.Me();
  ASSERT_FALSE(me.ok());
  EXPECT_EQ(me.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(me.status().message(),
              HasSubstr("cannot reach the MSE backend at http://127.0.0.1:" + std::to_string(port)));
  EXPECT_THAT(me.status().message(), HasSubstr("MSE_BASE_URL"));
  EXPECT_EQ(me.status().message().find('\n'), std::string::npos);
}

TEST_F(ApiClientTest, LogsMetricsAndFollow) {
  FakeHttpServer server([](const net::ServerRequest& r) {
    if (r.target.find("follow=1") != std::string::npos) {
      auto chunks = std::make_shared<int>(0);
      net::ServerResponse response;
      response.headers = {{"Content-Type", "text/plain"}};
      response.stream = [chunks]() -> StatusOr<std::optional<std::string>> {
        if (*chunks == 3) return std::optional<std::string>();
        return std::optional<std::string>("line " + std::to_string((*chunks)++) + "\n");
      };
      return response;
    }
    if (r.target.find("/metrics") != std::string::npos) {
      return Json(200, R"({"cpu_usage": [1700000000.5, "0.25"], "fs_usage": [1700000000, null]})");
    }
    return Json(200, R"({"stdout": "hello\n"})");
  });
  ApiClient client = Client(server.url());
  EXPECT_EQ(*client.Logs("a"), "hello\n");
  auto metrics = client.Metrics("a");
  ASSERT_TRUE(metrics.ok()) << metrics.status().ToString();
  ASSERT_EQ(metrics->size(), 1u);
  EXPECT_EQ((*metrics)[0].name, "cpu_usage");
  EXPECT_EQ((*metrics)[0].value, "0.25");
  std::string followed;
  ASSERT_TRUE(client.FollowLogs("a", [&followed](std::string_view chunk) { followed.append(chunk); }).ok());
  EXPECT_EQ(followed, "line 0\nline 1\nline 2\n");
  EXPECT_EQ(server.requests().back().Header("Authorization"), "Bearer access-1");
}

}  // namespace
}  // namespace mse::cloud
