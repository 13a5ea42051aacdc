// HttpServer under abuse (issue 13): body limits enforced by the parser
// without reserving from Content-Length, a shared body budget, the
// connection cap with its 503 refusal, TLS 1.2 suites without CBC/SHA-1.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "net/http_server.h"
#include "net/tls_server_test_client.h"

namespace mse::net {
namespace {

using server_testing::TestClient;
using server_testing::TestClientOptions;

class SizeHandler : public HttpHandler {
 public:
  explicit SizeHandler(std::optional<uint64_t> limit = std::nullopt) : limit_(limit) {}
  ServerResponse Handle(const ServerRequest& request) override {
    return ServerResponse::Text(200, std::to_string(request.body.size()));
  }
  std::optional<uint64_t> MaxBodyBytes() const override { return limit_; }

 private:
  std::optional<uint64_t> limit_;
};

class HttpServerAbuseTest : public ::testing::Test {
 protected:
  void Start(std::shared_ptr<HttpHandler> handler,
             const std::function<void(HttpServerOptions&)>& tweak = {}) {
    HttpServerOptions options;
    options.tls = {server_testing::kTestCertificatePem, server_testing::kTestPrivateKeyPem};
    options.max_body_bytes = 1024;
    options.header_timeout = std::chrono::milliseconds(3000);
    options.worker_threads = 2;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_.emplace_back(line);
    };
    if (tweak) tweak(options);
    auto server = HttpServer::Start(std::move(options), std::move(handler));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }
  std::unique_ptr<TestClient> Connect(TestClientOptions options = {}) {
    auto client = TestClient::Connect(server_->port(), options);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }
  StatusOr<server_testing::TestResponse> Post(TestClient& client, const std::string& body) {
    MSE_RETURN_IF_ERROR(client.Write(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    return client.ReadResponse();
  }
  bool Logged(std::string_view needle) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mu_);
        for (const auto& line : log_) {
          if (line.find(needle) != std::string::npos) return true;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::mutex mu_;
  std::vector<std::string> log_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerAbuseTest, HandlerLowersTheBodyLimitBeforeAnyBodyByte) {
  Start(std::make_shared<SizeHandler>(100));
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  // Only the header is sent: the answer comes from the declared length.
  ASSERT_TRUE(client->Write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 62914560\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("larger than 100 bytes"), std::string::npos) << response->body;
  EXPECT_TRUE(client->WaitForClose(2000));
  auto ok = Connect();
  auto small = Post(*ok, std::string(100, 'x'));
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->body, "100");
}

TEST_F(HttpServerAbuseTest, NothingIsReservedFromContentLength) {
  // Budget 1200: a client announcing 1000 bytes but sending 10 holds a few
  // hundred, so another 500-byte body still fits (a reservation would not).
  Start(std::make_shared<SizeHandler>(), [](HttpServerOptions& o) { o.max_buffered_body_bytes = 1200; });
  auto stalled = Connect();
  ASSERT_TRUE(stalled->Write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto other = Connect();
  auto response = Post(*other, std::string(500, 'y'));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "500");
}

TEST_F(HttpServerAbuseTest, SpentBodyBudgetAnswers503AndRecovers) {
  Start(std::make_shared<SizeHandler>(), [](HttpServerOptions& o) { o.max_buffered_body_bytes = 600; });
  auto client = Connect();
  auto response = Post(*client, std::string(1000, 'z'));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 503);
  EXPECT_NE(response->body.find("server busy"), std::string::npos);
  auto next = Connect();
  response = Post(*next, std::string(300, 'z'));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);  // the budget was released
}

TEST_F(HttpServerAbuseTest, ConnectionsOverTheCapGetA503) {
  Start(std::make_shared<SizeHandler>(), [](HttpServerOptions& o) { o.max_connections = 2; });
  auto a = Connect();
  auto b = Connect();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto refused = Connect();
  ASSERT_NE(refused, nullptr);  // the handshake completes, then the answer comes unasked
  auto response = refused->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 503);
  EXPECT_NE(response->body.find("too many connections"), std::string::npos) << response->body;
  EXPECT_EQ(response->headers["retry-after"], "1");
  EXPECT_TRUE(refused->WaitForClose(2000));
  EXPECT_TRUE(Logged("refused 1 connection(s): too many connections (cap 2)"));
  // The connections within the cap are served; once one leaves, a new one is.
  auto served = Post(*a, "hi");
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->status, 200);
  b.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto c = Connect();
  served = Post(*c, "again");
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  EXPECT_EQ(served->body, "5");
}

TEST_F(HttpServerAbuseTest, Tls12OffersOnlyAeadSuites) {
  Start(std::make_shared<SizeHandler>());
  TestClientOptions cbc;
  cbc.max_tls_version = TLS1_2_VERSION;
  cbc.tls12_ciphers = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA256";
  EXPECT_FALSE(TestClient::Connect(server_->port(), cbc).ok());
  TestClientOptions gcm;
  gcm.max_tls_version = TLS1_2_VERSION;
  gcm.tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
  auto client = Connect(gcm);
  ASSERT_NE(client, nullptr);
  auto response = Post(*client, "x");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
}

}  // namespace
}  // namespace mse::net
