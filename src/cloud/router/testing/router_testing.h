// Test-only helpers for the router tests (library mse_cloud_router_testing,
// never linked into a binary): real ClientHellos captured from OpenSSL, a
// hand-made ClientHello builder for structural cases, blocking loopback
// sockets, a blocking TLS client with SNI, a raw TCP backend, and
// throw-away certificates. Every blocking call has a timeout.
#ifndef MSE_CLOUD_ROUTER_TESTING_ROUTER_TESTING_H_
#define MSE_CLOUD_ROUTER_TESTING_ROUTER_TESTING_H_

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "net/http_server.h"

namespace mse::cloud::router::testing {

inline constexpr auto kIoTimeout = std::chrono::seconds(10);

// Polls `condition` every few milliseconds until it holds or `timeout` ends.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// ---- ClientHellos ----

struct HelloOptions {
  std::optional<std::string> sni;
  int max_version = 0;  // e.g. TLS1_2_VERSION; 0 = library default (1.3)
};
// The first flight of an OpenSSL client (SSL_connect into memory BIOs).
Bytes CaptureClientHello(const HelloOptions& options = {});

// One extension of a hand-made ClientHello.
struct TestExtension {
  uint16_t type;
  Bytes data;
};
// server_name extension data: a list of (name_type, name) entries.
Bytes ServerNameData(const std::vector<std::pair<uint8_t, std::string>>& entries);
// A ClientHello handshake message (header included). No extensions block at
// all when `extensions` is nullopt.
Bytes BuildHelloMessage(const std::optional<std::vector<TestExtension>>& extensions);
// `message` framed in handshake records of at most `record_size` bytes.
Bytes FrameRecords(ByteView message, size_t record_size = 16384);

// ---- Sockets ----

// An owned file descriptor. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd();
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_ = -1;
};

// A blocking TCP socket connected to host:port (IP literal), with read and
// write timeouts of kIoTimeout. `receive_buffer` > 0 sets SO_RCVBUF first.
StatusOr<Fd> ConnectTcp(const std::string& host, uint16_t port, int receive_buffer = 0);
Status SendAll(int fd, ByteView bytes);
StatusOr<Bytes> ReceiveExactly(int fd, size_t n);
// True when the peer closes (EOF or reset) within `timeout` without having
// sent a single byte; false on data or on timeout.
bool ClosedWithoutData(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(5));
// Local and peer port of a connected socket.
uint16_t LocalPort(int fd);
uint16_t PeerPort(int fd);

// A listening TCP socket on a loopback address standing in for an enclave.
class RawBackend {
 public:
  static StatusOr<std::unique_ptr<RawBackend>> Listen(const std::string& host = "127.0.0.1");
  uint16_t port() const { return port_; }
  // Waits up to `timeout` for a connection.
  StatusOr<Fd> Accept(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when a connection is waiting to be accepted right now.
  bool HasPendingConnection();

 private:
  Fd fd_;
  uint16_t port_ = 0;
};

// A port on 127.0.0.1 with nothing listening (bound, then closed).
uint16_t UnusedPort();

// A TCP socket of this process with these local and peer ports, or -1.
// The router runs in the test process, so its sockets can be inspected.
int FindSocket(uint16_t local_port, uint16_t peer_port);

// An upper bound on the bytes a loopback path client <- router <- enclave
// can hold when the client reads nothing: the kernel's largest receive and
// send buffers (tcp_rmem, tcp_wmem maxima) plus two router windows and
// slack for the test's own small socket buffers.
size_t MaxBufferedOnLoopbackPath(size_t window);

// ---- TLS ----

struct TestIdentity {
  std::string certificate_pem;
  std::string private_key_pem;
  Bytes certificate_der;
  net::TlsCredentials credentials() const { return {certificate_pem, private_key_pem}; }
};
// A self-signed P-256 certificate for `dns_name` (CN and SAN) and its key.
TestIdentity MakeIdentity(const std::string& dns_name);

struct HttpReply {
  int status = 0;
  std::string body;
};

// A blocking TLS client over a ConnectTcp socket. No certificate
// verification: tests compare PeerCertificateDer instead.
class TlsClient {
 public:
  static StatusOr<std::unique_ptr<TlsClient>> Connect(const std::string& host, uint16_t port,
                                                      const std::optional<std::string>& sni);
  ~TlsClient();

  Bytes PeerCertificateDer() const;
  Status WriteAll(std::string_view bytes);
  // Sends one HTTP/1.1 request with a Content-Length body.
  Status SendRequest(std::string_view method, std::string_view target, std::string_view body,
                     std::string_view extra_headers = "");
  // Reads one response with a Content-Length body.
  StatusOr<HttpReply> ReadResponse();
  // After a response: true when the peer ends the TLS session with a
  // close_notify (a clean close) within the socket timeout.
  bool ReadsCleanClose();
  // True when the session ends (any way) without more application data.
  bool ReadsEnd();
  void SendCloseNotify();
  int fd() const { return fd_.get(); }

 private:
  TlsClient() = default;
  StatusOr<size_t> ReadSome(char* out, size_t size);

  Fd fd_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
  int last_error_ = 0;  // SSL_get_error of the last failed read
  int last_errno_ = 0;
};

}  // namespace mse::cloud::router::testing

#endif  // MSE_CLOUD_ROUTER_TESTING_ROUTER_TESTING_H_
