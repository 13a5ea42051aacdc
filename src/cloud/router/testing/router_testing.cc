// ClientHellos and plain sockets for the router tests. TLS helpers are in
// router_testing_tls.cc.
#include "cloud/router/testing/router_testing.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace mse::cloud::router::testing {
namespace {

void AppendU16(Bytes& out, size_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

// sockaddr for an IPv4 or IPv6 literal.
bool MakeAddress(const std::string& host, uint16_t port, sockaddr_storage& storage, socklen_t& length) {
  std::memset(&storage, 0, sizeof storage);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

uint16_t PortOf(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(storage).sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6&>(storage).sin6_port);
}

void SetTimeouts(int fd) {
  timeval tv{std::chrono::duration_cast<std::chrono::seconds>(kIoTimeout).count(), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

Bytes CaptureClientHello(const HelloOptions& options) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  if (options.max_version != 0) SSL_CTX_set_max_proto_version(ctx.get(), options.max_version);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl.get(), in, out);  // the SSL owns both now
  if (options.sni) SSL_set_tlsext_host_name(ssl.get(), options.sni->c_str());
  SSL_set_connect_state(ssl.get());
  SSL_do_handshake(ssl.get());  // wants to read the ServerHello: the flight is in `out`
  Bytes hello(static_cast<size_t>(BIO_ctrl_pending(out)));
  int n = BIO_read(out, hello.data(), static_cast<int>(hello.size()));
  hello.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return hello;
}

Bytes ServerNameData(const std::vector<std::pair<uint8_t, std::string>>& entries) {
  Bytes list;
  for (const auto& [type, name] : entries) {
    list.push_back(type);
    AppendU16(list, name.size());
    list.insert(list.end(), name.begin(), name.end());
  }
  Bytes data;
  AppendU16(data, list.size());
  data.insert(data.end(), list.begin(), list.end());
  return data;
}

Bytes BuildHelloMessage(const std::optional<std::vector<TestExtension>>& extensions) {
  Bytes body = {0x03, 0x03};
  body.insert(body.end(), 32, 0x11);  // random
  body.push_back(32);
  body.insert(body.end(), 32, 0x22);                              // legacy_session_id
  body.insert(body.end(), {0x00, 0x04, 0x13, 0x01, 0x13, 0x02});  // two cipher suites
  body.insert(body.end(), {0x01, 0x00});                          // null compression
  if (extensions) {
    Bytes block;
    for (const auto& extension : *extensions) {
      AppendU16(block, extension.type);
      AppendU16(block, extension.data.size());
      block.insert(block.end(), extension.data.begin(), extension.data.end());
    }
    AppendU16(body, block.size());
    body.insert(body.end(), block.begin(), block.end());
  }
  Bytes message = {0x01, static_cast<uint8_t>(body.size() >> 16), static_cast<uint8_t>(body.size() >> 8),
                   static_cast<uint8_t>(body.size())};
  message.insert(message.end(), body.begin(), body.end());
  return message;
}

Bytes FrameRecords(ByteView message, size_t record_size) {
  Bytes out;
  for (size_t offset = 0; offset < message.size(); offset += record_size) {
    size_t n = std::min(record_size, message.size() - offset);
    out.insert(out.end(), {0x16, 0x03, 0x01});
    AppendU16(out, n);
    out.insert(out.end(), message.begin() + static_cast<ptrdiff_t>(offset),
               message.begin() + static_cast<ptrdiff_t>(offset + n));
  }
  return out;
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Fd::~Fd() { Reset(); }

void Fd::Reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

StatusOr<Fd> ConnectTcp(const std::string& host, uint16_t port, int receive_buffer) {
  sockaddr_storage address;
  socklen_t length = 0;
  if (!MakeAddress(host, port, address, length)) return InvalidArgumentError("not an IP literal: " + host);
  Fd fd(::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return ErrnoError("socket", errno);
  if (receive_buffer > 0) {
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  SetTimeouts(fd.get());
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) {
    return ErrnoError("connect " + host + ":" + std::to_string(port), errno);
  }
  return fd;
}

Status SendAll(int fd, ByteView bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoError("send", errno);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

StatusOr<Bytes> ReceiveExactly(int fd, size_t n) {
  Bytes out(n);
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::recv(fd, out.data() + done, n - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoError("recv", errno);
    if (got == 0) return DataLossError("EOF after " + std::to_string(done) + " of " + std::to_string(n));
    done += static_cast<size_t>(got);
  }
  return out;
}

bool ClosedWithoutData(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, MSG_DONTWAIT);
  return n == 0 || (n < 0 && (errno == ECONNRESET || errno == EPIPE));
}

uint16_t LocalPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return PortOf(address);
}

uint16_t PeerPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return PortOf(address);
}

StatusOr<std::unique_ptr<RawBackend>> RawBackend::Listen(const std::string& host) {
  sockaddr_storage address;
  socklen_t length = 0;
  if (!MakeAddress(host, 0, address, length)) return InvalidArgumentError("not an IP literal: " + host);
  std::unique_ptr<RawBackend> backend(new RawBackend());
  backend->fd_ = Fd(::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!backend->fd_.valid()) return ErrnoError("socket", errno);
  int fd = backend->fd_.get();
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) return ErrnoError("bind", errno);
  if (::listen(fd, 64) != 0) return ErrnoError("listen", errno);
  backend->port_ = LocalPort(fd);
  return backend;
}

StatusOr<Fd> RawBackend::Accept(std::chrono::milliseconds timeout) {
  pollfd p{fd_.get(), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return DeadlineExceededError("no connection");
  Fd fd(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!fd.valid()) return ErrnoError("accept", errno);
  SetTimeouts(fd.get());
  return fd;
}

bool RawBackend::HasPendingConnection() {
  pollfd p{fd_.get(), POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

uint16_t UnusedPort() {
  auto backend = RawBackend::Listen("127.0.0.1");
  return backend.ok() ? (*backend)->port() : 1;  // closed on return: nothing listens there
}

int FindSocket(uint16_t local_port, uint16_t peer_port) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = std::atoi(entry.path().filename().c_str());
    int type = 0;
    socklen_t length = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM) continue;
    if (LocalPort(fd) == local_port && PeerPort(fd) == peer_port) return fd;
  }
  return -1;
}

size_t MaxBufferedOnLoopbackPath(size_t window) {
  auto maximum = [](const char* path, size_t fallback) {
    std::ifstream in(path);
    size_t low = 0, def = 0, high = 0;
    return (in >> low >> def >> high) ? high : fallback;
  };
  size_t receive = maximum("/proc/sys/net/ipv4/tcp_rmem", 32u << 20);
  size_t send = maximum("/proc/sys/net/ipv4/tcp_wmem", 4u << 20);
  return receive + send + 2 * window + (4u << 20);
}

}  // namespace mse::cloud::router::testing
