#include "cloud/router/internal/tls_contexts.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>

#include "crypto/x509.h"

namespace mse::cloud::router::internal {
namespace {

namespace ssl = boost::asio::ssl;

constexpr unsigned char kHttp11[] = {'h', 't', 't', 'p', '/', '1', '.', '1'};

// The enclave speaks HTTP/1.1 only; anything else offered gets no ALPN.
int SelectHttp11(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                 unsigned int in_length, void*) {
  unsigned int i = 0;
  while (i < in_length) {
    unsigned int length = in[i];
    if (length > in_length - i - 1) break;
    if (length == sizeof kHttp11 && std::memcmp(in + i + 1, kHttp11, length) == 0) {
      *out = in + i + 1;
      *out_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    i += 1 + length;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

std::string OpenSslError(const boost::system::error_code& ec) {
  std::string text = "OpenSSL: ";
  unsigned long err = ERR_get_error();
  if (err != 0) {
    char buffer[256];
    ERR_error_string_n(err, buffer, sizeof buffer);
    text += buffer;
  } else {
    text += ec ? ec.message() : "unknown error";
  }
  ERR_clear_error();
  return text;
}

StatusOr<std::shared_ptr<ssl::context>> MakeEdgeTlsContext(const net::TlsCredentials& credentials) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_alpn_select_cb(native, &SelectHttp11, nullptr);
  ERR_clear_error();
  boost::system::error_code ec;
  context->use_certificate_chain(boost::asio::buffer(credentials.certificate_chain_pem), ec);
  if (ec) return InvalidArgumentError("edge certificate chain: " + OpenSslError(ec));
  context->use_private_key(boost::asio::buffer(credentials.private_key_pem), ssl::context::pem, ec);
  if (ec) return InvalidArgumentError("edge private key: " + OpenSslError(ec));
  if (SSL_CTX_check_private_key(native) != 1) {
    return InvalidArgumentError("edge private key does not match the certificate: " + OpenSslError({}));
  }
  return context;
}

StatusOr<std::shared_ptr<ssl::context>> MakeEnclaveClientTlsContext() {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX* native = context->native_handle();
  if (native == nullptr) return InternalError("cannot create the enclave TLS context");
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  context->set_verify_mode(ssl::verify_none);  // the pin is checked after the handshake
  static constexpr unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(native, kAlpn, sizeof kAlpn);
  return context;
}

StatusOr<Bytes> PinnedCertificateDer(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(crypto::X509Certificate certificate, crypto::X509Certificate::FromPem(pem));
  return certificate.der();
}

bool PeerMatchesPin(SSL* ssl, ByteView pinned_der) {
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr) return false;
  int length = i2d_X509(peer, nullptr);
  if (length <= 0 || static_cast<size_t>(length) != pinned_der.size()) return false;
  Bytes der(static_cast<size_t>(length));
  unsigned char* out = der.data();
  if (i2d_X509(peer, &out) != length) return false;
  return std::equal(der.begin(), der.end(), pinned_der.begin());
}

}  // namespace mse::cloud::router::internal
