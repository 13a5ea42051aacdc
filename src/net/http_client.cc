#include "net/http_client.h"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <thread>

#include "crypto/x509.h"

namespace mse::net {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// State shared with libcurl callbacks for one transfer.
struct Transfer {
  HttpResponse response;
  std::function<Status(ByteView)> verifier;
  Status verifier_status;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<Transfer*>(user)->response.body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    static_cast<Transfer*>(user)->response.headers[Lower(line.substr(0, colon))] = std::string(value);
  }
  return size * count;
}

// OpenSSL certificate verification replaced by the transfer's verifier.
int VerifyPeer(X509_STORE_CTX* store, void* arg) {
  auto* transfer = static_cast<Transfer*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  unsigned char* der = nullptr;
  const int len = leaf != nullptr ? i2d_X509(leaf, &der) : -1;
  if (len <= 0) {
    transfer->verifier_status = PermissionDeniedError("TLS peer sent no certificate");
    return 0;
  }
  transfer->verifier_status = transfer->verifier(ByteView(der, static_cast<size_t>(len)));
  OPENSSL_free(der);
  if (!transfer->verifier_status.ok()) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

CURLcode InstallVerifier(CURL*, void* ssl_ctx, void* user) {
  SSL_CTX_set_cert_verify_callback(static_cast<SSL_CTX*>(ssl_ctx), VerifyPeer, user);
  return CURLE_OK;
}

// A verifier accepting exactly one certificate.
StatusOr<std::function<Status(ByteView)>> PinTo(const std::string& pem) {
  auto cert = crypto::X509Certificate::FromPem(pem);
  if (!cert.ok()) return cert.status().WithContext("pinned certificate");
  Bytes der = cert->der();
  return std::function<Status(ByteView)>([der](ByteView peer) {
    if (std::equal(der.begin(), der.end(), peer.begin(), peer.end())) return Status::Ok();
    return PermissionDeniedError("TLS peer certificate is not the pinned certificate");
  });
}

Status CurlError(CURLcode code, const std::string& url, const char* detail) {
  std::string msg = url + ": " + (detail[0] != 0 ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return DeadlineExceededError("timeout talking to " + msg);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgumentError("bad URL " + msg);
    default:
      return UnavailableError("cannot reach " + msg);
  }
}

class CurlHttpClient : public HttpClient {
 public:
  StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    const int attempts = std::max(1, request.max_attempts);
    StatusOr<HttpResponse> result = InternalError("no attempt");
    for (int i = 0; i < attempts; ++i) {
      if (i > 0) std::this_thread::sleep_for(request.retry_delay * i);
      result = SendOnce(request);
      if (!IsTransient(result)) break;
    }
    return result;
  }

 private:
  static bool IsTransient(const StatusOr<HttpResponse>& r) {
    if (!r.ok()) {
      return r.status().code() == StatusCode::kUnavailable ||
             r.status().code() == StatusCode::kDeadlineExceeded;
    }
    return r->status == 429 || r->status == 502 || r->status == 503 || r->status == 504;
  }

  StatusOr<HttpResponse> SendOnce(const HttpRequest& request) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (curl == nullptr) return InternalError("curl_easy_init failed");
    Transfer transfer;
    transfer.verifier = request.peer_certificate_verifier;
    if (!request.pinned_certificate_pem.empty()) {
      MSE_ASSIGN_OR_RETURN(transfer.verifier, PinTo(request.pinned_certificate_pem));
    }
    CURL* c = curl.get();
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));  // NOLINT
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    if (!request.unix_socket_path.empty()) {
      curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, request.unix_socket_path.c_str());
    }
    struct curl_slist* connect_to = nullptr;
    for (const std::string& entry : request.connect_to) connect_to = curl_slist_append(connect_to, entry.c_str());
    if (connect_to != nullptr) curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to);
    struct curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (transfer.verifier) {
      // The pin replaces CA and hostname trust (attestation.md §8.3.5).
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
      curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, InstallVerifier);
      curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, &transfer);
    } else if (!request.verify_tls) {
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    const CURLcode code = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    if (!transfer.verifier_status.ok()) {
      return transfer.verifier_status.WithContext("TLS peer of " + request.url);
    }
    if (code != CURLE_OK) return CurlError(code, request.url, error);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    return std::move(transfer.response);
  }
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::unique_ptr<HttpClient> NewCurlHttpClient() { return std::make_unique<CurlHttpClient>(); }

StatusOr<std::string> UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return InvalidArgumentError("bad percent-escape at offset " + std::to_string(i));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace mse::net
