#include "net/tls_server_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace mse::net::server_testing {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

StatusOr<std::unique_ptr<TestClient>> TestClient::Connect(uint16_t port, TestClientOptions options) {
  ::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes alerts with write(2)
  std::unique_ptr<TestClient> client(new TestClient());
  client->fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (client->fd_ < 0) return ErrnoError("socket", errno);
  timeval tv{options.receive_timeout_ms / 1000, (options.receive_timeout_ms % 1000) * 1000};
  ::setsockopt(client->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(client->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return ErrnoError("connect", errno);
  }
  if (!options.tls) return client;
  client->ctx_ = SSL_CTX_new(TLS_client_method());
  if (options.max_tls_version) SSL_CTX_set_max_proto_version(client->ctx_, options.max_tls_version);
  SSL_CTX_set_security_level(client->ctx_, 0);
  if (!options.tls12_ciphers.empty() &&
      SSL_CTX_set_cipher_list(client->ctx_, options.tls12_ciphers.c_str()) != 1) {
    return InvalidArgumentError("unknown cipher list " + options.tls12_ciphers);
  }
  client->ssl_ = SSL_new(client->ctx_);
  if (!options.alpn.empty()) {
    std::string wire(1, static_cast<char>(options.alpn.size()));
    wire += options.alpn;
    SSL_set_alpn_protos(client->ssl_, reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned>(wire.size()));
  }
  SSL_set_fd(client->ssl_, client->fd_);
  if (SSL_connect(client->ssl_) != 1) {
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    return UnavailableError(std::string("TLS handshake failed: ") + buf);
  }
  return client;
}

TestClient::~TestClient() {
  if (ssl_) SSL_free(ssl_);
  if (ctx_) SSL_CTX_free(ctx_);
  if (fd_ >= 0) ::close(fd_);
}

std::string TestClient::negotiated_alpn() const {
  const unsigned char* data = nullptr;
  unsigned int len = 0;
  if (ssl_) SSL_get0_alpn_selected(ssl_, &data, &len);
  return std::string(reinterpret_cast<const char*>(data), len);
}

Status TestClient::Write(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    int n = ssl_ ? SSL_write(ssl_, bytes.data() + done, static_cast<int>(bytes.size() - done))
                 : static_cast<int>(::send(fd_, bytes.data() + done, bytes.size() - done,
                                           MSG_NOSIGNAL));
    if (n <= 0) return UnavailableError("write failed");
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

StatusOr<size_t> TestClient::ReadSome(char* out, size_t size) {
  int n = ssl_ ? SSL_read(ssl_, out, static_cast<int>(size))
               : static_cast<int>(::recv(fd_, out, size, 0));
  if (n > 0) return static_cast<size_t>(n);
  if (n == 0 || (ssl_ && SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN)) return size_t{0};
  ERR_clear_error();
  if (errno == EAGAIN || errno == EWOULDBLOCK) return DeadlineExceededError("read timed out");
  return size_t{0};  // reset by peer: treat as closed
}

StatusOr<std::string> TestClient::ReadLine() {
  while (true) {
    size_t pos = pending_.find("\r\n");
    if (pos != std::string::npos) {
      std::string line = pending_.substr(0, pos);
      pending_.erase(0, pos + 2);
      return line;
    }
    char buf[4096];
    MSE_ASSIGN_OR_RETURN(size_t n, ReadSome(buf, sizeof buf));
    if (n == 0) return DataLossError("connection closed in the middle of a line");
    pending_.append(buf, n);
  }
}

StatusOr<std::string> TestClient::ReadExactly(size_t n) {
  while (pending_.size() < n) {
    char buf[4096];
    MSE_ASSIGN_OR_RETURN(size_t got, ReadSome(buf, sizeof buf));
    if (got == 0) return DataLossError("connection closed before the end of the body");
    pending_.append(buf, got);
  }
  std::string out = pending_.substr(0, n);
  pending_.erase(0, n);
  return out;
}

StatusOr<TestResponse> TestClient::ReadResponse(bool head_request) {
  TestResponse response;
  MSE_ASSIGN_OR_RETURN(std::string status_line, ReadLine());
  if (status_line.size() < 12) return DataLossError("bad status line: " + status_line);
  response.status = std::stoi(status_line.substr(9, 3));
  while (true) {
    MSE_ASSIGN_OR_RETURN(std::string line, ReadLine());
    if (line.empty()) break;
    size_t colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers[Lower(line.substr(0, colon))] = value;
  }
  if (head_request) return response;
  if (response.headers.count("content-length")) {
    MSE_ASSIGN_OR_RETURN(response.body,
                         ReadExactly(std::stoull(response.headers["content-length"])));
  } else if (Lower(response.headers["transfer-encoding"]) == "chunked") {
    response.chunked = true;
    while (true) {
      MSE_ASSIGN_OR_RETURN(std::string size_line, ReadLine());
      size_t size = std::stoull(size_line, nullptr, 16);
      if (size == 0) {
        MSE_ASSIGN_OR_RETURN(std::string end, ReadLine());
        break;
      }
      MSE_ASSIGN_OR_RETURN(std::string data, ReadExactly(size));
      response.body += data;
      MSE_ASSIGN_OR_RETURN(std::string crlf, ReadLine());
    }
  }
  return response;
}

bool TestClient::WaitForClose(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char buf[256];
  auto n = ReadSome(buf, sizeof buf);
  return n.ok() && *n == 0;
}

}  // namespace mse::net::server_testing
