// Throw-away certificates and the blocking TLS client of the router tests.
#include <openssl/err.h>
#include <openssl/x509.h>
#include <signal.h>

#include <cerrno>
#include <cstdlib>

#include "cloud/router/testing/router_testing.h"
#include "crypto/pki_testing.h"

namespace mse::cloud::router::testing {

TestIdentity MakeIdentity(const std::string& dns_name) {
  auto key = crypto::testing::TestP256Key::Generate();
  crypto::testing::NewCertificateOptions options;
  options.subject_cn = dns_name;
  options.subject_alt_name = "DNS:" + dns_name;
  auto certificate = crypto::testing::MakeCertificate(options, key, key);
  if (!certificate.ok()) std::abort();  // test setup bug
  return TestIdentity{certificate->ToPem(), key.PrivateKeyPem(), certificate->der()};
}

StatusOr<std::unique_ptr<TlsClient>> TlsClient::Connect(const std::string& host, uint16_t port,
                                                        const std::optional<std::string>& sni) {
  ::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes with write(2)
  std::unique_ptr<TlsClient> client(new TlsClient());
  MSE_ASSIGN_OR_RETURN(client->fd_, ConnectTcp(host, port));
  client->ctx_ = SSL_CTX_new(TLS_client_method());
  client->ssl_ = SSL_new(client->ctx_);
  if (sni) SSL_set_tlsext_host_name(client->ssl_, sni->c_str());
  SSL_set_fd(client->ssl_, client->fd_.get());
  if (SSL_connect(client->ssl_) != 1) {
    char text[256];
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    return UnavailableError(std::string("TLS handshake failed: ") + text);
  }
  return client;
}

TlsClient::~TlsClient() {
  if (ssl_) SSL_free(ssl_);
  if (ctx_) SSL_CTX_free(ctx_);
}

Bytes TlsClient::PeerCertificateDer() const {
  X509* peer = SSL_get0_peer_certificate(ssl_);
  if (peer == nullptr) return {};
  unsigned char* der = nullptr;
  int length = i2d_X509(peer, &der);
  Bytes out(der, der + (length > 0 ? length : 0));
  OPENSSL_free(der);
  return out;
}

Status TlsClient::WriteAll(std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    int chunk = static_cast<int>(std::min<size_t>(bytes.size() - done, 1 << 20));
    int n = SSL_write(ssl_, bytes.data() + done, chunk);
    if (n <= 0) {
      ERR_clear_error();
      return UnavailableError("TLS write failed after " + std::to_string(done) + " bytes");
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status TlsClient::SendRequest(std::string_view method, std::string_view target, std::string_view body,
                              std::string_view extra_headers) {
  std::string head = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n" + std::string(extra_headers) +
                     "\r\n";
  MSE_RETURN_IF_ERROR(WriteAll(head));
  return WriteAll(body);
}

StatusOr<size_t> TlsClient::ReadSome(char* out, size_t size) {
  int n = SSL_read(ssl_, out, static_cast<int>(size));
  if (n > 0) return static_cast<size_t>(n);
  last_errno_ = errno;
  last_error_ = SSL_get_error(ssl_, n);
  ERR_clear_error();
  return size_t{0};
}

StatusOr<HttpReply> TlsClient::ReadResponse() {
  size_t header_end;
  while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    char buffer[16384];
    MSE_ASSIGN_OR_RETURN(size_t n, ReadSome(buffer, sizeof buffer));
    if (n == 0) return DataLossError("connection ended before a response header");
    pending_.append(buffer, n);
  }
  std::string head = pending_.substr(0, header_end);
  pending_.erase(0, header_end + 4);
  HttpReply reply;
  if (head.size() < 12) return DataLossError("bad status line");
  reply.status = std::atoi(head.substr(9, 3).c_str());
  size_t at = head.find("Content-Length: ");
  if (at == std::string::npos) at = head.find("content-length: ");
  if (at == std::string::npos) return DataLossError("response without Content-Length");
  size_t length = std::strtoull(head.c_str() + at + 16, nullptr, 10);
  while (pending_.size() < length) {
    std::string buffer(std::min<size_t>(length - pending_.size(), 1 << 20), '\0');
    MSE_ASSIGN_OR_RETURN(size_t n, ReadSome(buffer.data(), buffer.size()));
    if (n == 0) return DataLossError("connection ended inside a response body");
    pending_.append(buffer.data(), n);
  }
  reply.body = pending_.substr(0, length);
  pending_.erase(0, length);
  return reply;
}

bool TlsClient::ReadsCleanClose() {
  char byte;
  auto n = ReadSome(&byte, 1);
  return n.ok() && *n == 0 && last_error_ == SSL_ERROR_ZERO_RETURN;
}

bool TlsClient::ReadsEnd() {
  char byte;
  auto n = ReadSome(&byte, 1);
  // SSL_ERROR_SSL / SYSCALL: reset or EOF without close_notify; a timeout
  // (EAGAIN from SO_RCVTIMEO) is not an end.
  return n.ok() && *n == 0 && last_error_ != SSL_ERROR_WANT_READ &&
         !(last_error_ == SSL_ERROR_SYSCALL && (last_errno_ == EAGAIN || last_errno_ == EWOULDBLOCK));
}

void TlsClient::SendCloseNotify() { SSL_shutdown(ssl_); }

}  // namespace mse::cloud::router::testing
