// Pass-through routing, rejections, timeouts, TCP_NODELAY and Stop. Limits
// are in router_limits_test.cc, operator mode in router_operator_test.cc.
#include "cloud/router/router.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

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

std::string Pattern(size_t size, unsigned seed) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 131 + seed) % 251);
  return out;
}

Bytes Concat(Bytes a, std::string_view b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto backend = RawBackend::Listen();
    ASSERT_TRUE(backend.ok()) << backend.status().ToString();
    backend_ = std::move(*backend);
  }
  void StartRouter(RouterOptions options = {}) {
    ASSERT_TRUE(harness_.Start(std::move(options)).ok());
    ASSERT_TRUE(harness_.AddRoute("app.test", "app-1", backend_->port()).ok());
  }
  // A client whose hello (SNI app.test) and `extra` reached the raw backend.
  void OpenSession(Fd& client, Fd& enclave, std::string_view extra = "") {
    auto connected = ConnectTcp("127.0.0.1", harness_.port());
    ASSERT_TRUE(connected.ok()) << connected.status().ToString();
    client = std::move(*connected);
    Bytes sent = Concat(CaptureClientHello({.sni = "app.test"}), extra);
    ASSERT_TRUE(SendAll(client.get(), sent).ok());
    auto accepted = backend_->Accept();
    ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
    enclave = std::move(*accepted);
    auto received = ReceiveExactly(enclave.get(), sent.size());
    ASSERT_TRUE(received.ok()) << received.status().ToString();
    ASSERT_EQ(*received, sent);  // the hello is forwarded verbatim
  }

  RouterHarness harness_;
  std::unique_ptr<RawBackend> backend_;
};

TEST_F(RouterTest, ForwardsTheHelloVerbatimAndHalfCloses) {
  StartRouter();
  Fd client, enclave;
  OpenSession(client, enclave, "ping");
  size_t hello_size = CaptureClientHello({.sni = "app.test"}).size();
  ::shutdown(client.get(), SHUT_WR);
  char byte;
  EXPECT_EQ(::recv(enclave.get(), &byte, 1, 0), 0) << "the client's end must reach the enclave";
  ASSERT_TRUE(SendAll(enclave.get(), AsBytes("pong")).ok());  // the enclave may still answer
  auto reply = ReceiveExactly(client.get(), 4);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(AsStringView(*reply), "pong");
  enclave.Reset();
  EXPECT_EQ(::recv(client.get(), &byte, 1, 0), 0);
  ASSERT_TRUE(harness_.WaitForActive(0));
  RouteStats stats = harness_.router().StatsFor("app-1");
  EXPECT_EQ(stats.connections, 1u);
  EXPECT_EQ(stats.active_connections, 0u);
  EXPECT_EQ(stats.bytes_client_to_enclave, hello_size + 4);
  EXPECT_EQ(stats.bytes_enclave_to_client, 4u);
  EXPECT_EQ(stats.backend_connects, 1u);
  std::string line = harness_.WaitForLogLine({"sni=app.test", "app=app-1"});
  EXPECT_NE(line.find("127.0.0.1:"), std::string::npos) << line;
  EXPECT_NE(line.find("up=" + std::to_string(hello_size + 4) + " down=4 "), std::string::npos) << line;
  EXPECT_NE(line.find(" closed"), std::string::npos) << line;
  EXPECT_EQ(line.find("ping"), std::string::npos) << "no payload in the log";
}

int SocketBuffer(int fd, int option) {
  int value = 0;
  socklen_t length = sizeof value;
  return ::getsockopt(fd, SOL_SOCKET, option, &value, &length) == 0 ? value : 0;
}

// Writes `chunk` over and over without blocking until the socket stays
// unwritable for 500 ms; fails the test past `cap` bytes. Returns the count.
size_t WriteUntilBlocked(int fd, const std::string& chunk, size_t cap) {
  size_t written = 0;
  for (;;) {
    size_t offset = written % chunk.size();
    ssize_t n = ::send(fd, chunk.data() + offset, chunk.size() - offset, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      written += static_cast<size_t>(n);
      if (written >= cap) {
        ADD_FAILURE() << "the router keeps reading: no back-pressure";
        return written;
      }
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      ADD_FAILURE() << "send: " << std::strerror(errno);
      return written;
    }
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 500) == 0) return written;
  }
}

// The router must not read faster than the far side drains: with a client
// that reads nothing, the enclave's writes must block once the kernel
// buffers on the way (as the kernel reports them, autotuning included) and
// one router window are full.
TEST_F(RouterTest, ASlowReaderHoldsTheWriterBack) {
  StartRouter();
  auto connected = ConnectTcp("127.0.0.1", harness_.port(), /*receive_buffer=*/64 * 1024);
  ASSERT_TRUE(connected.ok());
  Fd client = std::move(*connected);
  Bytes hello = CaptureClientHello({.sni = "app.test"});
  ASSERT_TRUE(SendAll(client.get(), hello).ok());
  auto accepted = backend_->Accept();
  ASSERT_TRUE(accepted.ok());
  Fd enclave = std::move(*accepted);
  ASSERT_TRUE(ReceiveExactly(enclave.get(), hello.size()).ok());
  int small = 64 * 1024;
  ::setsockopt(enclave.get(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);

  std::string chunk = Pattern(64 * 1024, 7);
  size_t written =
      WriteUntilBlocked(enclave.get(), chunk, testing::MaxBufferedOnLoopbackPath(kProxyWindowBytes));
  int router_to_client = testing::FindSocket(harness_.port(), testing::LocalPort(client.get()));
  int router_from_enclave = testing::FindSocket(testing::PeerPort(enclave.get()), backend_->port());
  ASSERT_GE(router_to_client, 0);
  ASSERT_GE(router_from_enclave, 0);
  size_t kernel = static_cast<size_t>(SocketBuffer(client.get(), SO_RCVBUF)) +
                  static_cast<size_t>(SocketBuffer(router_to_client, SO_SNDBUF)) +
                  static_cast<size_t>(SocketBuffer(router_from_enclave, SO_RCVBUF)) +
                  static_cast<size_t>(SocketBuffer(enclave.get(), SO_SNDBUF));
  std::printf("back-pressure: %zu bytes accepted, kernel buffers %zu, window %zu\n", written, kernel,
              kProxyWindowBytes);
  EXPECT_LE(written, kernel + kProxyWindowBytes + (256 << 10))
      << "bytes accepted from the enclave while the client read nothing";
  auto received = ReceiveExactly(client.get(), written);  // nothing lost or reordered
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  for (size_t i = 0; i < written; ++i) {
    ASSERT_EQ(static_cast<char>((*received)[i]), chunk[i % chunk.size()]) << "at byte " << i;
  }
}

TEST_F(RouterTest, UnknownSniIsClosedAndTheBackendNeverContacted) {
  StartRouter();
  auto client = ConnectTcp("127.0.0.1", harness_.port());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(SendAll(client->get(), CaptureClientHello({.sni = "other.test"})).ok());
  EXPECT_TRUE(ClosedWithoutData(client->get()));
  EXPECT_FALSE(backend_->HasPendingConnection());
  EXPECT_EQ(harness_.router().GlobalStats().unknown_host, 1u);
  EXPECT_NE(harness_.WaitForLogLine({"sni=other.test", "app=(no route)", "unknown host"}), "");
}

TEST_F(RouterTest, NoSniAndMalformedHellosAreClosed) {
  StartRouter();
  auto no_sni = ConnectTcp("127.0.0.1", harness_.port());
  ASSERT_TRUE(no_sni.ok());
  ASSERT_TRUE(SendAll(no_sni->get(), CaptureClientHello({})).ok());
  EXPECT_TRUE(ClosedWithoutData(no_sni->get()));
  auto http = ConnectTcp("127.0.0.1", harness_.port());
  ASSERT_TRUE(http.ok());
  ASSERT_TRUE(SendAll(http->get(), AsBytes("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n")).ok());
  EXPECT_TRUE(ClosedWithoutData(http->get()));
  // A real TLS client asking for an unknown name fails its handshake.
  EXPECT_FALSE(testing::TlsClient::Connect("127.0.0.1", harness_.port(), "nobody.test").ok());
  EXPECT_FALSE(backend_->HasPendingConnection());
  RouterGlobalStats global = harness_.router().GlobalStats();
  EXPECT_EQ(global.no_sni, 1u);
  EXPECT_EQ(global.malformed_hello, 1u);
  EXPECT_EQ(global.unknown_host, 1u);
  EXPECT_NE(harness_.WaitForLogLine({"sni=-", "no sni"}), "");
  EXPECT_NE(harness_.WaitForLogLine({"malformed hello: not a TLS handshake record"}), "");
}

TEST_F(RouterTest, ASlowLorisIsCutAtTheHelloTimeoutWhileOthersAreServed) {
  RouterOptions options;
  options.hello_timeout = 600ms;
  StartRouter(options);
  Bytes hello = CaptureClientHello({.sni = "app.test"});
  auto slow = ConnectTcp("127.0.0.1", harness_.port());
  ASSERT_TRUE(slow.ok());
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(SendAll(slow->get(), ByteView(hello.data(), 1)).ok());
  Fd client, enclave;
  OpenSession(client, enclave, "served");  // another client gets through meanwhile
  bool closed = false;
  for (size_t i = 1; i < hello.size() && !closed; ++i) {  // one byte every 50 ms
    (void)::send(slow->get(), hello.data() + i, 1, MSG_NOSIGNAL);
    closed = ClosedWithoutData(slow->get(), 50ms);
    if (std::chrono::steady_clock::now() - started > 5s) break;
  }
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(closed);
  EXPECT_GE(elapsed, options.hello_timeout);
  EXPECT_EQ(harness_.router().GlobalStats().hello_timeouts, 1u);
  EXPECT_NE(harness_.WaitForLogLine({"sni=-", "hello timeout"}), "");
}

TEST_F(RouterTest, AnUnreachableEnclaveClosesTheClientAndCountsAFailure) {
  ASSERT_TRUE(harness_.Start().ok());
  ASSERT_TRUE(harness_.AddRoute("down.test", "app-down", testing::UnusedPort()).ok());
  auto client = ConnectTcp("127.0.0.1", harness_.port());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(SendAll(client->get(), CaptureClientHello({.sni = "down.test"})).ok());
  EXPECT_TRUE(ClosedWithoutData(client->get()));
  EXPECT_NE(harness_.WaitForLogLine({"app=app-down", "enclave connect failed"}), "");
  EXPECT_EQ(harness_.router().StatsFor("app-down").backend_failures, 1u);
  EXPECT_EQ(harness_.router().StatsFor("app-down").backend_connects, 0u);
  EXPECT_EQ(harness_.router().GlobalStats().backend_failures, 1u);
}

TEST_F(RouterTest, IdleSessionsAreClosedOnBothSides) {
  RouterOptions options;
  options.idle_timeout = 300ms;
  StartRouter(options);
  Fd client, enclave;
  OpenSession(client, enclave);
  EXPECT_TRUE(ClosedWithoutData(client.get(), 5s));
  EXPECT_TRUE(ClosedWithoutData(enclave.get(), 5s));
  EXPECT_NE(harness_.WaitForLogLine({"app=app-1", "idle timeout"}), "");
}

bool NoDelay(int fd) {
  int value = 0;
  socklen_t length = sizeof value;
  return ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &length) == 0 && value != 0;
}

// The router runs in this process, so its sockets are this process's file
// descriptors: find them by their addresses and ask the kernel.
TEST_F(RouterTest, TcpNoDelayIsSetOnBothProxiedSockets) {
  StartRouter();
  Fd client, enclave;
  OpenSession(client, enclave);
  int accepted = testing::FindSocket(harness_.port(), testing::LocalPort(client.get()));
  int outgoing = testing::FindSocket(testing::PeerPort(enclave.get()), backend_->port());
  ASSERT_GE(accepted, 0) << "router's accepted socket not found";
  ASSERT_GE(outgoing, 0) << "router's socket to the enclave not found";
  EXPECT_TRUE(NoDelay(accepted));
  EXPECT_TRUE(NoDelay(outgoing));
  EXPECT_FALSE(NoDelay(client.get())) << "control: the test's own sockets keep Nagle";
}

}  // namespace
}  // namespace mse::cloud::router
