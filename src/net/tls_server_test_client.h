// Test-only blocking HTTP/1.1 client over TLS or plain TCP with byte-level
// control (slow writes, raw requests), for the HttpServer tests.
#ifndef MSE_NET_TLS_SERVER_TEST_CLIENT_H_
#define MSE_NET_TLS_SERVER_TEST_CLIENT_H_

#include <openssl/ssl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/status.h"

namespace mse::net::server_testing {

inline constexpr char kTestCertificatePem[] = R"(-----BEGIN CERTIFICATE-----
MIIBjzCCATagAwIBAgIUNE2MSHGNrt8yaOXxXN9UkeRxjuowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzExMzM1NFoYDzIxMjYxMDMw
MTEzMzU0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASGtzWZ6WNzEhTyuSAt4heSHoa8afklWkjTWnIAY+pc2klT1ZzMBhjC
W7O/AWDAy40MGuCe82RIKUul6MmXgqoLo2QwYjAdBgNVHQ4EFgQUJRnE5Hvl0bao
jZpL3wOQGS0CPWwwHwYDVR0jBBgwFoAUJRnE5Hvl0baojZpL3wOQGS0CPWwwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC
IGmLtNy81sYEa1DHmlxFLjABupuDnahE1Wi+kqb4ty+4AiBG8LdZRopNvO7yismX
EjuVRI6h5ChG4jVy4YSaIAFdSQ==
-----END CERTIFICATE-----
)";

inline constexpr char kTestPrivateKeyPem[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgP4+ibqfhjHtb9d/Z
z048oysxBr7ANtxAxkW98tmprmChRANCAASGtzWZ6WNzEhTyuSAt4heSHoa8afkl
WkjTWnIAY+pc2klT1ZzMBhjCW7O/AWDAy40MGuCe82RIKUul6MmXgqoL
-----END PRIVATE KEY-----
)";

struct TestResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool chunked = false;
};

struct TestClientOptions {
  bool tls = true;
  std::string alpn;             // offered ALPN protocol, empty = none
  int max_tls_version = 0;      // e.g. TLS1_1_VERSION to test refusal
  std::string tls12_ciphers;    // OpenSSL cipher list offered (TLS <= 1.2), empty = default
  int receive_timeout_ms = 5000;
};

class TestClient {
 public:
  static StatusOr<std::unique_ptr<TestClient>> Connect(uint16_t port, TestClientOptions options = {});
  ~TestClient();

  Status Write(const std::string& bytes);
  // Reads one response (Content-Length or chunked; no body for HEAD).
  StatusOr<TestResponse> ReadResponse(bool head_request = false);
  // True when the server closed the connection (reads EOF) within timeout.
  bool WaitForClose(int timeout_ms);
  std::string negotiated_alpn() const;

 private:
  TestClient() = default;
  StatusOr<size_t> ReadSome(char* out, size_t size);
  StatusOr<std::string> ReadLine();
  StatusOr<std::string> ReadExactly(size_t n);

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

}  // namespace mse::net::server_testing

#endif  // MSE_NET_TLS_SERVER_TEST_CLIENT_H_
