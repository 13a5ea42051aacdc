#include "net/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <thread>

#include "crypto/pki_testing.h"

namespace mse::net {
namespace {

using std::chrono::milliseconds;

// A one-thread HTTP(S) server on 127.0.0.1 answering canned responses in
// order; an empty response string means "never answer" (for timeouts).
class CannedServer {
 public:
  explicit CannedServer(std::deque<std::string> responses, SSL_CTX* tls = nullptr)
      : responses_(std::move(responses)), tls_(tls) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(fd_, 8);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string Url(const std::string& path = "/") const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }

 private:
  void Serve() {
    while (!responses_.empty()) {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      ++requests_;
      std::string response = responses_.front();
      responses_.pop_front();
      SSL* ssl = nullptr;
      if (tls_ != nullptr) {
        ssl = SSL_new(tls_);
        SSL_set_fd(ssl, client);
        if (SSL_accept(ssl) != 1) {
          SSL_free(ssl);
          close(client);
          continue;
        }
      }
      char buf[4096];
      std::string request;
      while (request.find("\r\n\r\n") == std::string::npos) {
        int n = ssl ? SSL_read(ssl, buf, sizeof(buf)) : static_cast<int>(read(client, buf, sizeof(buf)));
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
      }
      if (response.empty()) {
        std::this_thread::sleep_for(milliseconds(600));
      } else if (ssl) {
        SSL_write(ssl, response.data(), static_cast<int>(response.size()));
      } else {
        (void)!write(client, response.data(), response.size());
      }
      if (ssl) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
      }
      close(client);
    }
  }

  std::deque<std::string> responses_;
  SSL_CTX* tls_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

std::string Reply(int status, const std::string& body, const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra + "\r\n" + body;
}

TEST(HttpClientTest, GetReturnsStatusHeadersAndBody) {
  CannedServer server({Reply(200, "hello", "SGX-TCB-Info-Issuer-Chain: a%20b\r\n")});
  auto response = NewCurlHttpClient()->Get(server.Url("/x"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("sgx-tcb-info-issuer-chain"), "a%20b");
  EXPECT_EQ(UrlDecode(response->Header("SGX-TCB-INFO-ISSUER-CHAIN")).value(), "a b");
}

TEST(HttpClientTest, NonTransientStatusIsReturnedWithoutRetry) {
  CannedServer server({Reply(404, "no"), Reply(200, "late")});
  HttpRequest request;
  request.url = server.Url();
  request.max_attempts = 3;
  auto response = NewCurlHttpClient()->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(server.requests(), 1);
}

TEST(HttpClientTest, RetriesTransientStatus) {
  CannedServer server({Reply(503, "busy"), Reply(200, "ok")});
  HttpRequest request;
  request.url = server.Url();
  request.max_attempts = 3;
  request.retry_delay = milliseconds(10);
  auto response = NewCurlHttpClient()->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
}

TEST(HttpClientTest, TimeoutIsDeadlineExceeded) {
  CannedServer server({""});
  HttpRequest request;
  request.url = server.Url();
  request.timeout = milliseconds(200);
  auto response = NewCurlHttpClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(response.status().message().find("127.0.0.1"), std::string::npos);
}

TEST(HttpClientTest, RefusedConnectionIsUnavailable) {
  int port = 0;
  {
    CannedServer server({});
    port = std::stoi(server.Url().substr(17));
  }
  auto response = NewCurlHttpClient()->Get("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
}

TEST(HttpClientTest, UrlDecodeRejectsBadEscapes) {
  EXPECT_EQ(UrlDecode("%2D%2d+x").value(), "--+x");
  EXPECT_FALSE(UrlDecode("%2").ok());
  EXPECT_FALSE(UrlDecode("%zz").ok());
}

// TLS server context with a fresh self-signed P-256 certificate.
struct TlsFixture {
  TlsFixture() {
    crypto::testing::NewCertificateOptions options;
    options.subject_cn = "enclave";
    cert_pem = crypto::testing::MakeCertificate(options, key, key).value().ToPem();
    ctx = SSL_CTX_new(TLS_server_method());
    BIO* cert_bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
    X509* x509 = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    SSL_CTX_use_certificate(ctx, x509);
    std::string key_pem = key.PrivateKeyPem();
    BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    SSL_CTX_use_PrivateKey(ctx, pkey);
    EVP_PKEY_free(pkey);
    X509_free(x509);
    BIO_free(cert_bio);
    BIO_free(key_bio);
  }
  ~TlsFixture() { SSL_CTX_free(ctx); }
  crypto::testing::TestP256Key key = crypto::testing::TestP256Key::Generate();
  std::string cert_pem;
  SSL_CTX* ctx = nullptr;
};

TEST(HttpClientTest, PeerVerifierSeesTheServerCertificate) {
  TlsFixture tls;
  CannedServer server({Reply(200, "secret"), Reply(200, "secret")}, tls.ctx);
  auto expected = crypto::X509Certificate::FromPem(tls.cert_pem).value();
  HttpRequest request;
  request.url = server.Url();
  request.peer_certificate_verifier = [&](ByteView der) {
    return std::equal(der.begin(), der.end(), expected.der().begin(), expected.der().end())
               ? Status::Ok()
               : PermissionDeniedError("unexpected certificate");
  };
  auto response = NewCurlHttpClient()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "secret");

  request.peer_certificate_verifier = [](ByteView) {
    return PermissionDeniedError("RA-TLS peer verification failed: QUOTE_SIGNATURE");
  };
  response = NewCurlHttpClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(response.status().message().find("QUOTE_SIGNATURE"), std::string::npos);
}

TEST(HttpClientTest, ExactCertificatePin) {
  TlsFixture tls;
  TlsFixture other;
  CannedServer server({Reply(200, "pinned"), Reply(200, "pinned")}, tls.ctx);
  HttpRequest request;
  request.url = server.Url();
  request.pinned_certificate_pem = tls.cert_pem;
  auto response = NewCurlHttpClient()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "pinned");
  request.pinned_certificate_pem = other.cert_pem;
  response = NewCurlHttpClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace mse::net
