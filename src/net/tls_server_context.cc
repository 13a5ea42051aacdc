#include "net/tls_server_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>
#include <string>

namespace mse::net {
namespace {

namespace ssl = boost::asio::ssl;

// No CBC, no SHA-1 MAC, no static RSA key exchange, no DHE.
constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string OpenSslErrorText(const boost::system::error_code& ec) {
  std::string text = "OpenSSL: ";
  unsigned long err = ERR_get_error();
  if (err != 0) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof buf);
    text += buf;
  } else {
    text += ec ? ec.message() : "unknown error";
  }
  ERR_clear_error();
  return text;
}

// Picks "http/1.1" when the client offers it; otherwise no ALPN at all
// (clients without ALPN, or offering only h2, still get HTTP/1.1).
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void*) {
  static constexpr unsigned char kHttp11[] = {'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned int i = 0;
  while (i < inlen) {
    unsigned int len = in[i];
    if (i + 1 + len > inlen) break;
    if (len == sizeof kHttp11 && std::memcmp(in + i + 1, kHttp11, len) == 0) {
      *out = in + i + 1;
      *outlen = static_cast<unsigned char>(len);
      return SSL_TLSEXT_ERR_OK;
    }
    i += 1 + len;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

StatusOr<std::shared_ptr<ssl::context>> MakeServerTlsContext(const TlsCredentials& credentials) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // TLS 1.2: forward-secret AEAD suites only (TLS 1.3 suites all are).
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return InternalError("TLS 1.2 cipher list: " + OpenSslErrorText({}));
  }
  SSL_CTX_set_alpn_select_cb(native, &SelectAlpn, nullptr);
  ERR_clear_error();
  boost::system::error_code ec;
  ctx->use_certificate_chain(boost::asio::buffer(credentials.certificate_chain_pem), ec);
  if (ec) return InvalidArgumentError("TLS certificate chain: " + OpenSslErrorText(ec));
  ctx->use_private_key(boost::asio::buffer(credentials.private_key_pem), ssl::context::pem, ec);
  if (ec) return InvalidArgumentError("TLS private key: " + OpenSslErrorText(ec));
  if (SSL_CTX_check_private_key(native) != 1) {
    return InvalidArgumentError("TLS private key does not match the certificate: " +
                                OpenSslErrorText({}));
  }
  return ctx;
}

}  // namespace mse::net
