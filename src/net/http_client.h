// HTTP(S) client over libcurl: timeouts, a bounded retry of transient
// failures, unix sockets, and TLS peer pinning — either an exact certificate
// (ratls.pem, attestation.md §8.3.5) or a callback that verifies the peer's
// certificate (RA-TLS: attest::MakeRatlsPeerVerifier). Hostname and CA checks
// are replaced by the pin when one is given.
#ifndef MSE_NET_HTTP_CLIENT_H_
#define MSE_NET_HTTP_CLIENT_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::net {

struct HttpResponse {
  long status = 0;  // NOLINT(runtime/int): libcurl's type
  std::map<std::string, std::string> headers;  // names lowercased; last value wins
  std::string body;

  // Header value by case-insensitive name, or "".
  std::string Header(std::string_view name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  std::chrono::milliseconds timeout{30000};
  // Attempts for transient failures (connection errors, timeouts, 429, 502,
  // 503, 504); 1 = no retry. Other statuses are returned as they are.
  int max_attempts = 1;
  std::chrono::milliseconds retry_delay{500};

  std::string unix_socket_path;  // talk HTTP over this socket when set
  // "HOST:PORT:CONNECT-HOST:CONNECT-PORT" (libcurl's CONNECT_TO): reach
  // HOST:PORT at another address, keeping the URL's name for SNI and Host.
  std::vector<std::string> connect_to;
  bool verify_tls = true;        // CA and hostname checks (when no pin is set)
  // Exact-certificate pinning: the peer's leaf must be this PEM certificate.
  std::string pinned_certificate_pem;
  // Runs on the peer's leaf certificate (DER) during the handshake; a
  // non-OK status aborts the connection and is returned by Send().
  std::function<Status(ByteView peer_der)> peer_certificate_verifier;
};

// Not copyable; one instance may be used by one thread at a time.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a successful exchange. Fails with DeadlineExceeded
  // (timeout), Unavailable (cannot connect, TLS failure), PermissionDenied
  // (the pin or peer verifier rejected the certificate, with its message),
  // InvalidArgument (bad URL or pin). Messages name the URL.
  virtual StatusOr<HttpResponse> Send(const HttpRequest& request) = 0;

  StatusOr<HttpResponse> Get(const std::string& url) {
    HttpRequest request;
    request.url = url;
    return Send(request);
  }
};

std::unique_ptr<HttpClient> NewCurlHttpClient();

// Percent-decoding (RFC 3986; '+' is kept), as PCCS issuer-chain headers use.
// InvalidArgument for a truncated or non-hex escape.
StatusOr<std::string> UrlDecode(std::string_view text);

}  // namespace mse::net

#endif  // MSE_NET_HTTP_CLIENT_H_
