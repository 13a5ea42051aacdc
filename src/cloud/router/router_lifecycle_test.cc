// Router::Start validation, listeners, Stop and destruction.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "cloud/router/router.h"
#include "cloud/router/testing/router_harness.h"
#include "cloud/router/testing/router_testing.h"

namespace mse::cloud::router {
namespace {

using namespace std::chrono_literals;
using testing::CaptureClientHello;
using testing::ClosedWithoutData;
using testing::ConnectTcp;
using testing::Fd;
using testing::RawBackend;
using testing::ReceiveExactly;
using testing::RouterHarness;
using testing::SendAll;
using testing::WaitUntil;

StatusCode StartCode(RouterOptions options,
                     std::shared_ptr<RouteTable> routes = std::make_shared<RouteTable>()) {
  auto router = Router::Start(std::move(options), std::move(routes));
  return router.ok() ? StatusCode::kOk : router.status().code();
}

TEST(RouterStartTest, RefusesBadOptions) {
  RouterOptions named;
  named.listen_addresses = {"localhost"};
  EXPECT_EQ(StartCode(named), StatusCode::kInvalidArgument);
  RouterOptions none;
  none.listen_addresses.clear();
  EXPECT_EQ(StartCode(none), StatusCode::kInvalidArgument);
  RouterOptions threads;
  threads.io_threads = 0;
  EXPECT_EQ(StartCode(threads), StatusCode::kInvalidArgument);
  RouterOptions limits;
  limits.max_connections_per_address = 0;
  EXPECT_EQ(StartCode(limits), StatusCode::kInvalidArgument);
  RouterOptions timeout;
  timeout.hello_timeout = 0ms;
  EXPECT_EQ(StartCode(timeout), StatusCode::kInvalidArgument);
  RouterOptions edge;
  edge.edge_tls = {testing::MakeIdentity("edge.test").certificate_pem,
                   testing::MakeIdentity("other.test").private_key_pem};
  EXPECT_EQ(StartCode(edge), StatusCode::kInvalidArgument);
  EXPECT_EQ(StartCode(RouterOptions{}, nullptr), StatusCode::kInvalidArgument);
}

TEST(RouterStartTest, ABusyPortIsUnavailable) {
  auto busy = RawBackend::Listen("127.0.0.1");
  ASSERT_TRUE(busy.ok());
  RouterOptions options;
  options.listen_addresses = {"127.0.0.1"};
  options.port = (*busy)->port();
  EXPECT_EQ(StartCode(options), StatusCode::kUnavailable);
}

TEST(RouterStartTest, ListensOnIpv4AndIpv6WithOnePort) {
  RouterHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  ASSERT_NE(harness.port(), 0);
  for (const char* host : {"127.0.0.1", "::1"}) {
    auto client = ConnectTcp(host, harness.port());
    ASSERT_TRUE(client.ok()) << host << ": " << client.status().ToString();
    ASSERT_TRUE(SendAll(client->get(), CaptureClientHello({.sni = "none.test"})).ok());
    EXPECT_TRUE(ClosedWithoutData(client->get()));
  }
  EXPECT_NE(harness.WaitForLogLine({"[::1]:", "unknown host"}), "");
  EXPECT_NE(harness.WaitForLogLine({"127.0.0.1:", "unknown host"}), "");
}

class RouterStopTest : public ::testing::Test {
 protected:
  void StartRouter(std::chrono::milliseconds grace) {
    auto backend = RawBackend::Listen();
    ASSERT_TRUE(backend.ok());
    backend_ = std::move(*backend);
    RouterOptions options;
    options.stop_grace = grace;
    ASSERT_TRUE(harness_.Start(options).ok());
    ASSERT_TRUE(harness_.AddRoute("app.test", "app-1", backend_->port()).ok());
  }
  void OpenSession(Fd& client, Fd& enclave) {
    auto connected = ConnectTcp("127.0.0.1", harness_.port());
    ASSERT_TRUE(connected.ok());
    client = std::move(*connected);
    Bytes hello = CaptureClientHello({.sni = "app.test"});
    ASSERT_TRUE(SendAll(client.get(), hello).ok());
    auto accepted = backend_->Accept();
    ASSERT_TRUE(accepted.ok());
    enclave = std::move(*accepted);
    ASSERT_TRUE(ReceiveExactly(enclave.get(), hello.size()).ok());
  }
  static void ExpectRelayed(int from, int to, std::string_view text) {
    ASSERT_TRUE(SendAll(from, AsBytes(text)).ok());
    auto got = ReceiveExactly(to, text.size());
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(AsStringView(*got), text);
  }

  RouterHarness harness_;
  std::unique_ptr<RawBackend> backend_;
};

TEST_F(RouterStopTest, ActiveSessionsFinishWhileTheRestIsClosed) {
  StartRouter(20s);
  Fd client, enclave;
  OpenSession(client, enclave);
  auto waiting = ConnectTcp("127.0.0.1", harness_.port());  // never sends its hello
  ASSERT_TRUE(waiting.ok());
  ASSERT_TRUE(harness_.WaitForActive(2));
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    harness_.router().Stop();
    stopped = true;
  });
  EXPECT_TRUE(ClosedWithoutData(waiting->get(), 5s));
  EXPECT_TRUE(WaitUntil([&] { return !ConnectTcp("127.0.0.1", harness_.port()).ok(); }, 5s))
      << "the listener must close";
  ExpectRelayed(client.get(), enclave.get(), "still here");  // within the grace period
  ExpectRelayed(enclave.get(), client.get(), "and answered");
  EXPECT_FALSE(stopped.load());
  client.Reset();
  enclave.Reset();
  EXPECT_TRUE(WaitUntil([&] { return stopped.load(); }, 10s)) << "Stop must return once sessions end";
  stopper.join();
  harness_.router().Stop();  // idempotent
  EXPECT_NE(harness_.WaitForLogLine({"sni=-", "router stopped"}), "");
}

TEST_F(RouterStopTest, SessionsAreAbortedAfterTheGrace) {
  StartRouter(200ms);
  Fd client, enclave;
  OpenSession(client, enclave);
  harness_.router().Stop();
  EXPECT_TRUE(ClosedWithoutData(client.get(), 5s));
  EXPECT_TRUE(ClosedWithoutData(enclave.get(), 5s));
  EXPECT_EQ(harness_.router().GlobalStats().active_connections, 0u);
  EXPECT_NE(harness_.WaitForLogLine({"app=app-1", "grace period over"}), "");
}

TEST_F(RouterStopTest, AHalfClosedSessionIsClosedAtOnce) {
  StartRouter(20s);
  Fd client, enclave;
  OpenSession(client, enclave);
  ::shutdown(client.get(), SHUT_WR);
  char byte;
  ASSERT_EQ(::recv(enclave.get(), &byte, 1, 0), 0);
  auto started = std::chrono::steady_clock::now();
  harness_.router().Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << "a half-closed session has no grace";
  EXPECT_TRUE(ClosedWithoutData(client.get(), 5s));
}

TEST_F(RouterStopTest, DestroyingTheRouterStopsIt) {
  StartRouter(100ms);
  Fd client, enclave;
  OpenSession(client, enclave);
  harness_.Reset();
  EXPECT_TRUE(ClosedWithoutData(client.get(), 5s));
  EXPECT_TRUE(ClosedWithoutData(enclave.get(), 5s));
}

}  // namespace
}  // namespace mse::cloud::router
