#include "net/http_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "net/tls_server_test_client.h"

namespace mse::net {
namespace {

using server_testing::TestClient;
using server_testing::TestClientOptions;

// Echoes what it saw, so tests can check the request the handler received.
class EchoHandler : public HttpHandler {
 public:
  explicit EchoHandler(std::string tag = "echo") : tag_(std::move(tag)) {}
  ServerResponse Handle(const ServerRequest& request) override {
    calls++;
    ServerResponse response = ServerResponse::Text(200, tag_ + " " + request.method + " " +
                                                        request.target + " " + request.body);
    response.headers.emplace_back("X-Remote", request.remote_address);
    response.headers.emplace_back("X-Seen", std::string(request.Header("x-test").value_or("none")));
    response.headers.emplace_back("X-Bad", "a\r\nInjected: yes");
    return response;
  }
  std::atomic<int> calls{0};

 private:
  std::string tag_;
};

class StreamHandler : public HttpHandler {
 public:
  ServerResponse Handle(const ServerRequest& request) override {
    auto parts = std::make_shared<std::vector<std::string>>(
        std::vector<std::string>{"alpha-", "", "beta-", "gamma"});
    auto index = std::make_shared<size_t>(0);
    ServerResponse response;
    bool fail = request.target == "/fail";
    response.stream = [parts, index, fail]() -> StatusOr<std::optional<std::string>> {
      if (*index == parts->size()) {
        if (fail) return InternalError("producer broke");
        return std::optional<std::string>();
      }
      return std::optional<std::string>((*parts)[(*index)++]);
    };
    if (request.target == "/length") response.content_length = 16;
    return response;
  }
};

// Answers with the status named by the target: "/204" -> 204.
class StatusHandler : public HttpHandler {
 public:
  ServerResponse Handle(const ServerRequest& request) override {
    return ServerResponse::Text(std::stoi(request.target.substr(1)), "body");
  }
};

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(std::shared_ptr<HttpHandler> handler, bool tls = true) {
    HttpServerOptions options;
    options.accepted_socket_observer = [this](int fd) {
      int value = 0;
      socklen_t length = sizeof value;
      ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &length);
      std::lock_guard lock(log_mu_);
      nodelay_.push_back(value);
    };
    options.port = 0;
    if (tls) options.tls = {server_testing::kTestCertificatePem, server_testing::kTestPrivateKeyPem};
    options.max_body_bytes = 1024;
    options.header_timeout = std::chrono::milliseconds(800);
    options.idle_timeout = std::chrono::milliseconds(3000);
    options.worker_threads = 2;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    auto server = HttpServer::Start(std::move(options), std::move(handler));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    ASSERT_NE(server_->port(), 0);
  }

  std::unique_ptr<TestClient> Connect(TestClientOptions options = {}) {
    auto client = TestClient::Connect(server_->port(), options);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  // The line is written once the response is sent: wait for `count` lines.
  std::vector<std::string> Log(size_t count = 0) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(log_mu_);
        if (log_.size() >= count) return log_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(log_mu_);
    return log_;
  }

  // The log outlives the server that writes to it.
  std::mutex log_mu_;
  std::vector<std::string> log_;
  std::vector<int> nodelay_;  // TCP_NODELAY of each accepted socket
  std::unique_ptr<HttpServer> server_;
};

// A TLS 1.3 server writes its session tickets and then the response as two
// small writes: without TCP_NODELAY the second waits for the client's
// delayed ACK (~40 ms per new connection).
TEST_F(HttpServerTest, AcceptedSocketsHaveNoDelay) {
  StartServer(std::make_shared<EchoHandler>());
  for (int i = 0; i < 2; ++i) {
    auto client = Connect();
    ASSERT_NE(client, nullptr);
    ASSERT_TRUE(client->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
    ASSERT_TRUE(client->ReadResponse().ok());
  }
  std::lock_guard lock(log_mu_);
  ASSERT_EQ(nodelay_.size(), 2u);
  EXPECT_NE(nodelay_[0], 0);
  EXPECT_NE(nodelay_[1], 0);
}

TEST_F(HttpServerTest, ServesRequestOverTlsWithKeepAlive) {
  auto handler = std::make_shared<EchoHandler>();
  StartServer(handler);
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(client->Write("POST /p?q=1 HTTP/1.1\r\nHost: x\r\nX-Test: yes\r\n"
                              "Content-Length: 4\r\n\r\nbody").ok());
    auto response = client->ReadResponse();
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "echo POST /p?q=1 body");
    EXPECT_EQ(response->headers["x-remote"], "127.0.0.1");
    EXPECT_EQ(response->headers["x-seen"], "yes");
    EXPECT_EQ(response->headers.count("x-bad"), 0u);
    EXPECT_EQ(response->headers.count("injected"), 0u);
  }
  EXPECT_EQ(handler->calls, 2);
  auto log = Log(2);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0].find("\"POST /p\" 200 21 "), std::string::npos) << log[0];
}

TEST_F(HttpServerTest, NegotiatesAlpnHttp11) {
  StartServer(std::make_shared<EchoHandler>());
  TestClientOptions options;
  options.alpn = "http/1.1";
  auto client = Connect(options);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->negotiated_alpn(), "http/1.1");
  options.alpn = "h2";
  auto h2_client = Connect(options);
  ASSERT_NE(h2_client, nullptr);
  EXPECT_EQ(h2_client->negotiated_alpn(), "");
}

TEST_F(HttpServerTest, RefusesTls11) {
  StartServer(std::make_shared<EchoHandler>());
  TestClientOptions options;
  options.max_tls_version = TLS1_1_VERSION;
  EXPECT_FALSE(TestClient::Connect(server_->port(), options).ok());
}

TEST_F(HttpServerTest, BodyOverLimitGets413AndServerKeepsServing) {
  StartServer(std::make_shared<EchoHandler>());
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("\"error\""), std::string::npos);
  EXPECT_TRUE(client->WaitForClose(2000));

  auto chunked = Connect();
  std::string big(2000, 'x');
  ASSERT_TRUE(chunked->Write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
                             big + "\r\n0\r\n\r\n").ok());
  response = chunked->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 413);

  auto next = Connect();
  ASSERT_TRUE(next->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  response = next->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, MalformedRequestGets400) {
  StartServer(std::make_shared<EchoHandler>());
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Write("GARBAGE\x01 / HTTP/9\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client->WaitForClose(2000));
}

TEST_F(HttpServerTest, ExpectContinueIsAnswered) {
  StartServer(std::make_shared<EchoHandler>());
  auto client = Connect();
  ASSERT_TRUE(client->Write("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                            "Content-Length: 2\r\n\r\n").ok());
  auto interim = client->ReadResponse();
  ASSERT_TRUE(interim.ok()) << interim.status().ToString();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client->Write("hi").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "echo POST / hi");
}

TEST_F(HttpServerTest, SlowHeaderClientIsCutWhileOthersAreServed) {
  StartServer(std::make_shared<EchoHandler>());
  auto slow = Connect();
  ASSERT_NE(slow, nullptr);
  auto start = std::chrono::steady_clock::now();
  std::atomic<bool> cut{false};
  std::thread dribbler([&] {
    std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    for (char c : request) {
      if (!slow->Write(std::string(1, c)).ok()) break;
      if (slow->WaitForClose(100)) {
        cut = true;
        break;
      }
    }
  });
  auto fast = Connect();
  ASSERT_TRUE(fast->Write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto response = fast->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "echo GET /fast ");
  dribbler.join();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(cut);
  EXPECT_LT(elapsed, std::chrono::milliseconds(3000));
  bool logged = false;  // the fast request's line and the cut one (logged after the close)
  for (const auto& line : Log(2)) logged |= line.find("header timeout") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST_F(HttpServerTest, StreamsChunkedAndWithContentLength) {
  StartServer(std::make_shared<StreamHandler>());
  auto client = Connect();
  ASSERT_TRUE(client->Write("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(response->chunked);
  EXPECT_EQ(response->body, "alpha-beta-gamma");
  ASSERT_TRUE(client->Write("GET /length HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_FALSE(response->chunked);
  EXPECT_EQ(response->headers["content-length"], "16");
  EXPECT_EQ(response->body, "alpha-beta-gamma");
}

TEST_F(HttpServerTest, ProducerErrorAbortsTheConnection) {
  StartServer(std::make_shared<StreamHandler>());
  auto client = Connect();
  ASSERT_TRUE(client->Write("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto response = client->ReadResponse();
  EXPECT_FALSE(response.ok());  // no terminating chunk
  auto again = Connect();
  ASSERT_TRUE(again->Write("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  EXPECT_TRUE(again->ReadResponse().ok());
}

TEST_F(HttpServerTest, HeadGetsLengthWithoutBody) {
  StartServer(std::make_shared<EchoHandler>());
  auto client = Connect();
  ASSERT_TRUE(client->Write("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto response = client->ReadResponse(/*head_request=*/true);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->headers["content-length"], "13");  // "echo HEAD /h "
  // The body is absent: the next response on the connection parses cleanly.
  ASSERT_TRUE(client->Write("GET /g HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto next = client->ReadResponse();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->body, "echo GET /g ");
}

TEST_F(HttpServerTest, NoBodyStatusesAndInvalidStatuses) {
  StartServer(std::make_shared<StatusHandler>());
  auto client = Connect();
  ASSERT_TRUE(client->Write("GET /204 HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto response = client->ReadResponse(/*head_request=*/true);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(response->headers.count("content-length"), 0u);
  for (const char* bad : {"/101", "/42", "/1000"}) {
    ASSERT_TRUE(client->Write(std::string("GET ") + bad + " HTTP/1.1\r\nHost: x\r\n\r\n").ok());
    response = client->ReadResponse();
    ASSERT_TRUE(response.ok()) << bad << ": " << response.status().ToString();
    EXPECT_EQ(response->status, 500) << bad;
  }
  ASSERT_TRUE(client->Write("GET /418 HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  response = client->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 418);
  EXPECT_EQ(response->body, "body");
}

TEST_F(HttpServerTest, SwapsHandlerWithoutDroppingListener) {
  StartServer(std::make_shared<EchoHandler>("first"));
  auto client = Connect();
  ASSERT_TRUE(client->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  EXPECT_EQ(client->ReadResponse()->body, "first GET / ");
  server_->SetHandler(std::make_shared<EchoHandler>("second"));
  ASSERT_TRUE(client->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  EXPECT_EQ(client->ReadResponse()->body, "second GET / ");
}

TEST_F(HttpServerTest, PlainHttpAndCredentialSwitch) {
  StartServer(std::make_shared<EchoHandler>(), /*tls=*/false);
  TestClientOptions plain;
  plain.tls = false;
  auto client = Connect(plain);
  ASSERT_TRUE(client->Write("GET / HTTP/1.0\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client->WaitForClose(2000));  // HTTP/1.0 without keep-alive

  EXPECT_FALSE(server_->SetCredentials({"not a pem", "nope"}).ok());
  ASSERT_TRUE(server_->SetCredentials({server_testing::kTestCertificatePem, server_testing::kTestPrivateKeyPem}).ok());
  auto tls_client = Connect();
  ASSERT_NE(tls_client, nullptr);
  ASSERT_TRUE(tls_client->Write("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  EXPECT_EQ(tls_client->ReadResponse()->status, 200);
}

TEST(HttpServerStartTest, RejectsBadCredentialsAndAddresses) {
  HttpServerOptions options;
  options.tls = {server_testing::kTestCertificatePem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"};
  auto server = HttpServer::Start(options, std::make_shared<EchoHandler>());
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("OpenSSL"), std::string::npos) << server.status().ToString();
  HttpServerOptions bad_host;
  bad_host.host = "not-an-ip";
  EXPECT_EQ(HttpServer::Start(bad_host, std::make_shared<EchoHandler>()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(HttpServerTest, StopIsGracefulAndClosesTheListener) {
  StartServer(std::make_shared<EchoHandler>());
  auto idle = Connect();
  ASSERT_NE(idle, nullptr);
  uint16_t port = server_->port();
  server_->Stop();
  EXPECT_TRUE(idle->WaitForClose(400));  // before the 800 ms header timeout
  EXPECT_FALSE(TestClient::Connect(port).ok());
  server_->Stop();  // idempotent
}

}  // namespace
}  // namespace mse::net
