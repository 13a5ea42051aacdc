// HttpServer: an HTTP/1.1 server over TLS (or plain TCP) for mse-enclave and
// mse-cloud, built on Boost.Beast/Asio + OpenSSL. See docs/enclave-runtime.md.
//
// Contract:
//  - Binds host:port (port 0 = any free port, reported by port()).
//  - TLS >= 1.2, ALPN "http/1.1" when the client offers it; no client auth.
//    Credentials can be replaced at run time (new connections use them).
//  - TLS 1.2 suites: ECDHE with AES-GCM or ChaCha20-Poly1305 only (no CBC,
//    no SHA-1, no static RSA); TLS 1.3 suites are all AEAD.
//  - Keep-alive; a request body above the limit (max_body_bytes, or the
//    handler's lower MaxBodyBytes()) gets 413 and the connection is closed:
//    the parser refuses a larger Content-Length before reading any body byte
//    and counts chunked bodies as they arrive; no memory is reserved from
//    Content-Length. Malformed requests get 400 and are closed.
//  - Request bodies being received share max_buffered_body_bytes: a body
//    that would exceed it gets 503 ("server busy") and is closed.
//  - At most max_connections connections are served at once (lowered to fit
//    RLIMIT_NOFILE at start); a connection over the cap gets a 503 JSON
//    answer ("too many connections") and is closed — past a few such
//    answers in flight, it is closed at once. Refusals are logged at most
//    once a second with their count.
//  - Request bodies are wiped after the handler returned; each connection's
//    read buffer is wiped when it closes (bodies may carry keys).
//  - header_timeout bounds the time from a request's first byte (or the TLS
//    handshake) to the end of its headers, so a client dribbling bytes is cut
//    off while others are served; idle_timeout bounds the wait for the next
//    request on a kept-alive connection; body_timeout bounds the body read.
//  - Handlers run on a pool of worker_threads threads, never on the I/O
//    thread. A streamed body's producer is called on a worker thread, one
//    chunk at a time; the network write happens on the I/O thread in between,
//    and the Response (with its producer) is destroyed on a worker thread.
//  - The handler can be swapped atomically (SetHandler) without closing the
//    listener; requests already dispatched finish on the old handler.
//  - Accepted sockets get TCP_NODELAY; accept errors (EMFILE…) pause the
//    accept loop for 50 ms instead of spinning.
//  - Stop() closes the listener, lets in-flight requests finish (up to
//    Options::stop_grace) and joins every thread. Bad input never stops it.
#ifndef MSE_NET_HTTP_SERVER_H_
#define MSE_NET_HTTP_SERVER_H_

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

namespace mse::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup of the first header named `name`.
std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name);

struct ServerRequest {
  std::string method;          // "GET", as received
  std::string target;          // "/path?query", as received (not decoded)
  std::string version = "HTTP/1.1";
  HeaderList headers;          // in arrival order, names as received
  std::string body;
  std::string remote_address;  // "127.0.0.1"
  uint16_t remote_port = 0;

  std::optional<std::string_view> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

// Returns the next chunk of a streamed body, std::nullopt at the end, or an
// error (the connection is then aborted: the client sees a truncated body).
using ChunkProducer = std::function<StatusOr<std::optional<std::string>>()>;

struct ServerResponse {
  int status = 200;  // outside 200..999 the server sends 500 instead
  // Framing headers (Content-Length, Transfer-Encoding, Connection) are set
  // by the server and dropped from this list.
  HeaderList headers;
  std::string body;           // used when `stream` is empty
  ChunkProducer stream;       // when set: the body comes from here
  // For a stream: the exact length if known (sent as Content-Length instead
  // of chunked encoding). For a HEAD reply: the length a GET would have.
  std::optional<uint64_t> content_length;

  // A complete response with a Content-Type header.
  static ServerResponse Text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  // {"error": message} with Content-Type application/json.
  static ServerResponse JsonError(int status, std::string_view message);
};

// Implementations must be thread-safe: Handle is called concurrently from
// the worker pool. Handle must not throw.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual ServerResponse Handle(const ServerRequest& request) = 0;
  // A body limit lower than the server's for requests this handler will
  // receive (read when a request starts); nullopt: the server's.
  virtual std::optional<uint64_t> MaxBodyBytes() const { return std::nullopt; }
};

// PEM texts. An empty certificate means plain HTTP (no TLS). The private key
// is wiped when the credentials are destroyed (every copy wipes its own).
struct TlsCredentials {
  std::string certificate_chain_pem;
  std::string private_key_pem;
  bool enabled() const { return !certificate_chain_pem.empty(); }
  ~TlsCredentials() { WipeMemory(private_key_pem.data(), private_key_pem.size()); }
};

// OK when `credentials` load into a server TLS context (chain and key parse
// and match); the errors SetCredentials would return otherwise.
Status CheckTlsCredentials(const TlsCredentials& credentials);

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  TlsCredentials tls;
  uint64_t max_body_bytes = 64ull << 20;
  // Memory all connections may hold for request bodies being received.
  uint64_t max_buffered_body_bytes = 256ull << 20;
  uint32_t max_header_bytes = 16 << 10;
  // Connections served at once (0: only the RLIMIT_NOFILE bound).
  size_t max_connections = 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds stop_grace{5'000};
  int worker_threads = 4;
  // One line per request; default writes to stdout. Called from any thread.
  std::function<void(std::string_view line)> access_log;
  // Called on the I/O thread with each accepted socket's descriptor, after
  // the server set its options (TCP_NODELAY); tests check them through it.
  std::function<void(int fd)> accepted_socket_observer;
};

class HttpServer {
 public:
  // Binds and starts serving. Fails with InvalidArgument for bad options or
  // credentials ("OpenSSL: ..."), Unavailable when the address cannot be bound.
  static StatusOr<std::unique_ptr<HttpServer>> Start(HttpServerOptions options,
                                                      std::shared_ptr<HttpHandler> handler);
  virtual ~HttpServer() = default;  // Stops if still running.

  virtual uint16_t port() const = 0;
  virtual void SetHandler(std::shared_ptr<HttpHandler> handler) = 0;
  // Applies to connections accepted from now on. Fails (and keeps the old
  // credentials) when the PEM texts do not load or do not match.
  virtual Status SetCredentials(const TlsCredentials& credentials) = 0;
  // Idempotent; safe from any thread except a worker (a handler).
  virtual void Stop() = 0;
};

}  // namespace mse::net

#endif  // MSE_NET_HTTP_SERVER_H_
