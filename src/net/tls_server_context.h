// Server-side TLS context for HttpServer (internal to src/net): TLS >= 1.2
// (1.2 with ECDHE + AES-GCM/ChaCha20-Poly1305 suites only), ALPN "http/1.1",
// no client authentication, certificate chain + private key loaded from PEM
// text. See http_server.h.
#ifndef MSE_NET_TLS_SERVER_CONTEXT_H_
#define MSE_NET_TLS_SERVER_CONTEXT_H_

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "base/status.h"
#include "net/http_server.h"

namespace mse::net {

// Fails with InvalidArgument ("certificate chain: OpenSSL: ...", "private
// key: ...", "private key does not match the certificate: ...").
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const TlsCredentials& credentials);

}  // namespace mse::net

#endif  // MSE_NET_TLS_SERVER_CONTEXT_H_
