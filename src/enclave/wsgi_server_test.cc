// WsgiHost behind the real HttpServer over TLS: streaming, bodies, a client
// that leaves mid-stream, and many keep-alive requests.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "base/env.h"
#include "enclave/python_test_environment.h"
#include "enclave/wsgi_host.h"
#include "net/http_server.h"
#include "net/tls_server_test_client.h"

namespace mse::enclave {
namespace {

constexpr char kApp[] = R"PY(
import time
from flask import Flask, Response, request

app = Flask(__name__)
closed = []

class Slow:
    def __iter__(self):
        for i in range(50):
            time.sleep(0.01)
            yield b"x" * 1000
    def close(self):
        closed.append(True)

@app.route("/stream")
def stream():
    return Response((("chunk%d;" % i).encode() for i in range(5)), mimetype="text/plain")

@app.route("/slow")
def slow():
    return Response(Slow(), mimetype="text/plain")

@app.route("/closed")
def closed_count():
    return str(len(closed))

@app.route("/upload", methods=["POST"])
def upload():
    return str(len(request.get_data()))
)PY";

class WsgiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = *RealFileSystem().MakeTempDirectory("/tmp", "mse-wsgi-server-test");
    ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir_, "wsgi_server_app.py"), kApp).ok());
  }
  static void TearDownTestSuite() { (void)RealFileSystem().RemoveAll(dir_); }

  void SetUp() override {
    auto host = WsgiHost::Load(testing::Runtime(), {dir_, "wsgi_server_app:app", {}});
    ASSERT_TRUE(host.ok()) << host.status().ToString();
    net::HttpServerOptions options;
    options.tls = {net::server_testing::kTestCertificatePem, net::server_testing::kTestPrivateKeyPem};
    options.access_log = [](std::string_view) {};
    auto server = net::HttpServer::Start(options, *host);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  std::unique_ptr<net::server_testing::TestClient> Connect() {
    auto client = net::server_testing::TestClient::Connect(server_->port());
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  std::string Get(net::server_testing::TestClient& client, const std::string& path) {
    EXPECT_TRUE(client.Write("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").ok());
    auto response = client.ReadResponse();
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? response->body : "";
  }

  static inline std::string dir_;
  std::unique_ptr<net::HttpServer> server_;
};

TEST_F(WsgiServerTest, StreamsChunkedOverTls) {
  auto client = Connect();
  ASSERT_TRUE(client->Write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n").ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(response->chunked);
  EXPECT_EQ(response->body, "chunk0;chunk1;chunk2;chunk3;chunk4;");
}

TEST_F(WsgiServerTest, PostBodyReachesTheApp) {
  auto client = Connect();
  std::string body(100000, 'b');
  ASSERT_TRUE(client->Write("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + body).ok());
  auto response = client->ReadResponse();
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "100000");
}

TEST_F(WsgiServerTest, ClientLeavingMidStreamStillClosesTheIterable) {
  int before = std::stoi(Get(*Connect(), "/closed"));
  {
    auto client = Connect();
    ASSERT_TRUE(client->Write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n").ok());
  }  // gone before the 50 chunks are sent
  int after = before;
  for (int i = 0; i < 100 && after == before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = std::stoi(Get(*Connect(), "/closed"));
  }
  EXPECT_EQ(after, before + 1);
}

TEST_F(WsgiServerTest, ManyKeepAliveRequests) {
  auto client = Connect();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(Get(*client, "/closed").empty(), false);
}

}  // namespace
}  // namespace mse::enclave
