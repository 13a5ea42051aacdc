// End-to-end TLS through the router, with HttpServer echo backends standing
// in for enclaves: pass-through (TLS ends in the backend) and operator mode
// (TLS ends at the router, re-encrypted to a pinned backend).
#include <gtest/gtest.h>

#include "cloud/router/router.h"
#include "cloud/router/testing/router_harness.h"
#include "cloud/router/testing/router_testing.h"

namespace mse::cloud::router {
namespace {

using testing::EchoHandler;
using testing::MakeIdentity;
using testing::RouterHarness;
using testing::StartEchoBackend;
using testing::TestIdentity;
using testing::TlsClient;

std::string Pattern(size_t size, unsigned seed) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 131 + seed) % 251);
  return out;
}

// Parameter: the loopback address the client, router and backend use.
class PassThroughTlsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PassThroughTlsTest, EightMebibytesEachWayThroughTheBackendsOwnTls) {
  const std::string host = GetParam();
  TestIdentity enclave = MakeIdentity("app.test");
  auto echo = std::make_shared<EchoHandler>();
  auto backend = StartEchoBackend(enclave, echo, host);
  ASSERT_TRUE(backend.ok()) << backend.status().ToString();
  RouterHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  ASSERT_TRUE(harness.AddRoute("app.test", "app-1", (*backend)->port(), host).ok());

  auto client = TlsClient::Connect(host, harness.port(), "App.Test");
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ((*client)->PeerCertificateDer(), enclave.certificate_der) << "TLS must end in the backend";
  const std::string body = Pattern(8 << 20, 3);
  ASSERT_TRUE((*client)->SendRequest("POST", "/echo", body).ok());
  auto reply = (*client)->ReadResponse();
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->status, 200);
  EXPECT_TRUE(reply->body == body) << "echoed body differs (" << reply->body.size() << " bytes)";
  client->reset();

  ASSERT_TRUE(harness.WaitForActive(0));
  RouteStats stats = harness.router().StatsFor("app-1");
  EXPECT_EQ(stats.connections, 1u);
  EXPECT_GT(stats.bytes_client_to_enclave, body.size());
  EXPECT_GT(stats.bytes_enclave_to_client, body.size());
  EXPECT_EQ(stats.backend_connects, 1u);
  EXPECT_EQ(echo->calls.load(), 1);
  EXPECT_NE(harness.WaitForLogLine({"sni=app.test", "app=app-1"}), "");
}

INSTANTIATE_TEST_SUITE_P(Loopback, PassThroughTlsTest, ::testing::Values("127.0.0.1", "::1"),
                         [](const auto& info) { return info.param == "::1" ? "Ipv6" : "Ipv4"; });

class OperatorModeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    edge_ = MakeIdentity("edge.test");
    enclave_ = MakeIdentity("op.test");
    auto backend = StartEchoBackend(enclave_, echo_, Host());
    ASSERT_TRUE(backend.ok()) << backend.status().ToString();
    backend_ = std::move(*backend);
  }
  std::string Host() const { return GetParam(); }
  void StartRouter(bool with_edge = true) {
    RouterOptions options;
    if (with_edge) options.edge_tls = edge_.credentials();
    ASSERT_TRUE(harness_.Start(options).ok());
  }
  void AddRoute(const std::string& pinned_pem) {
    Route route;
    route.app_id = "op-1";
    route.host = Host();
    route.port = backend_->port();
    route.terminate_tls = true;
    route.pinned_certificate_pem = pinned_pem;
    ASSERT_TRUE(harness_.routes().Set("op.test", route).ok());
  }

  TestIdentity edge_, enclave_;
  std::shared_ptr<EchoHandler> echo_ = std::make_shared<EchoHandler>();
  std::unique_ptr<net::HttpServer> backend_;
  RouterHarness harness_;
};

TEST_P(OperatorModeTest, TerminatesAtTheEdgeAndReencryptsToThePinnedEnclave) {
  StartRouter();
  AddRoute(enclave_.certificate_pem);
  auto client = TlsClient::Connect(Host(), harness_.port(), "op.test");
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ((*client)->PeerCertificateDer(), edge_.certificate_der) << "the client must see the edge cert";
  for (const std::string& body : {std::string("operator secret"), Pattern(1 << 20, 9)}) {
    ASSERT_TRUE((*client)->SendRequest("POST", "/echo", body).ok());
    auto reply = (*client)->ReadResponse();
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    EXPECT_EQ(reply->status, 200);
    EXPECT_TRUE(reply->body == body);
  }
  (*client)->SendCloseNotify();
  client->reset();
  ASSERT_TRUE(harness_.WaitForActive(0));
  EXPECT_EQ(echo_->calls.load(), 2);
  RouteStats stats = harness_.router().StatsFor("op-1");
  EXPECT_EQ(stats.connections, 1u);
  EXPECT_GT(stats.bytes_client_to_enclave, (1u << 20) + 15);
  EXPECT_GT(stats.bytes_enclave_to_client, (1u << 20) + 15);
  EXPECT_EQ(stats.backend_failures, 0u);
  std::string line = harness_.WaitForLogLine({"sni=op.test", "app=op-1", "client closed"});
  ASSERT_NE(line, "");
  EXPECT_EQ(line.find("operator secret"), std::string::npos) << "no plaintext in the log";
  EXPECT_EQ(line.find("POST"), std::string::npos);
}

TEST_P(OperatorModeTest, AnEnclaveClosingEndsTheClientSessionCleanly) {
  StartRouter();
  AddRoute(enclave_.certificate_pem);
  auto client = TlsClient::Connect(Host(), harness_.port(), "op.test");
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ASSERT_TRUE((*client)->SendRequest("POST", "/echo", "last", "Connection: close\r\n").ok());
  auto reply = (*client)->ReadResponse();
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->body, "last");
  EXPECT_TRUE((*client)->ReadsCleanClose()) << "the router must forward the end as a close_notify";
  EXPECT_NE(harness_.WaitForLogLine({"app=op-1", "enclave closed"}), "");
}

TEST_P(OperatorModeTest, APinMismatchClosesTheClient) {
  StartRouter();
  AddRoute(MakeIdentity("op.test").certificate_pem);  // same name, another certificate
  auto client = TlsClient::Connect(Host(), harness_.port(), "op.test");
  ASSERT_TRUE(client.ok()) << client.status().ToString();  // the edge handshake succeeds
  (void)(*client)->SendRequest("GET", "/", "");
  EXPECT_TRUE((*client)->ReadsEnd()) << "no answer may come from an unpinned enclave";
  EXPECT_NE(harness_.WaitForLogLine({"app=op-1", "does not match the pinned certificate"}), "");
  EXPECT_EQ(echo_->calls.load(), 0);
  EXPECT_EQ(harness_.router().StatsFor("op-1").backend_failures, 1u);
  EXPECT_EQ(harness_.router().GlobalStats().backend_failures, 1u);
}

TEST_P(OperatorModeTest, WithoutEdgeCredentialsOperatorRoutesAreClosed) {
  StartRouter(/*with_edge=*/false);
  AddRoute(enclave_.certificate_pem);
  EXPECT_FALSE(TlsClient::Connect(Host(), harness_.port(), "op.test").ok());
  EXPECT_NE(harness_.WaitForLogLine({"app=op-1", "no edge certificate"}), "");
  EXPECT_EQ(echo_->calls.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Loopback, OperatorModeTest, ::testing::Values("127.0.0.1", "::1"),
                         [](const auto& info) { return info.param == "::1" ? "Ipv6" : "Ipv4"; });

}  // namespace
}  // namespace mse::cloud::router
