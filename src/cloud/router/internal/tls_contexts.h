// TLS settings of operator mode (internal to the router): the edge server
// context that terminates client TLS, the client context towards enclaves,
// and the certificate pin check. See router.h for the contract.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_TLS_CONTEXTS_H_
#define MSE_CLOUD_ROUTER_INTERNAL_TLS_CONTEXTS_H_

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"
#include "net/http_server.h"

namespace mse::cloud::router::internal {

// TLS >= 1.2, no renegotiation, ALPN "http/1.1" when the client offers it.
// InvalidArgument ("edge certificate chain: OpenSSL: ...") when the PEM
// texts do not load or the key does not match.
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeEdgeTlsContext(
    const net::TlsCredentials& credentials);

// TLS >= 1.2, offers ALPN "http/1.1". OpenSSL's chain verification is off on
// purpose: enclaves present self-signed RA-TLS certificates and the only
// accepted certificate is the pinned one (PeerMatchesPin after the
// handshake). Internal when OpenSSL cannot allocate the context.
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeEnclaveClientTlsContext();

// DER of the single certificate in `pem`; InvalidArgument otherwise.
StatusOr<Bytes> PinnedCertificateDer(std::string_view pem);

// True when the peer of a completed handshake presented a leaf certificate
// whose DER equals `pinned_der`.
bool PeerMatchesPin(SSL* ssl, ByteView pinned_der);

// "OpenSSL: <first queued error>" (or the error code's text), and clears
// OpenSSL's error queue.
std::string OpenSslError(const boost::system::error_code& ec);

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_TLS_CONTEXTS_H_
