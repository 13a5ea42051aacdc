#include "crypto/jwt.h"

#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "crypto/p256.h"
#include "crypto/pki_openssl.h"

namespace mse::crypto {
namespace {

using pki_internal::BioPtr;
using pki_internal::EvpPkeyPtr;
using JwtPtr = std::unique_ptr<jwt_t, pki_internal::Deleter<jwt_free>>;

// 64 raw signature bytes are exactly 86 unpadded base64url characters.
constexpr size_t kSignatureChars = 86;
// The order n of P-256 starts with these four bytes; a scalar whose first
// four bytes are smaller is certainly below n (and so a valid key).
constexpr uint8_t kOrderPrefix[] = {0xff, 0xff, 0xff, 0xff};

struct MallocFree {
  void operator()(char* p) const { std::free(p); }  // libjwt's strings come from malloc
};
using CString = std::unique_ptr<char, MallocFree>;

std::string LibjwtError(std::string_view what) {
  return "libjwt: " + std::string(what) + ": " + std::strerror(errno);
}

bool IsBase64UrlSegment(std::string_view s) {
  for (char c : s) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Unpadded base64url leaves 2 or 4 unused low bits in a final partial
// character; decoders ignore them, so a token with them set would be a
// second spelling of the same token. Only the canonical spelling passes.
bool IsCanonicalBase64Url(std::string_view s) {
  if (s.size() % 4 == 1) return false;
  if (s.size() % 4 == 0) return true;
  const char c = s.back();
  int value = (c >= 'A' && c <= 'Z')   ? c - 'A'
              : (c >= 'a' && c <= 'z') ? c - 'a' + 26
              : (c >= '0' && c <= '9') ? c - '0' + 52
              : (c == '-')             ? 62
                                       : 63;
  const int unused_mask = s.size() % 4 == 2 ? 0x0f : 0x03;
  return (value & unused_mask) == 0;
}

// The JWS compact form, checked before libjwt sees the token: libjwt's own
// decoder is lenient, and a DER or truncated signature must never reach it.
Status CheckCompactForm(std::string_view token) {
  if (token.size() > kMaxJwtBytes) {
    return UnauthenticatedError("JWT is longer than " + std::to_string(kMaxJwtBytes) + " bytes");
  }
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return UnauthenticatedError("JWT must have three dot-separated parts");
  }
  const std::string_view header = token.substr(0, dot1);
  const std::string_view claims = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature = token.substr(dot2 + 1);
  if (header.empty() || claims.empty() || !IsBase64UrlSegment(header) || !IsBase64UrlSegment(claims) ||
      !IsBase64UrlSegment(signature)) {
    return UnauthenticatedError("JWT parts must be non-empty base64url");
  }
  if (!IsCanonicalBase64Url(header) || !IsCanonicalBase64Url(claims) || !IsCanonicalBase64Url(signature)) {
    return UnauthenticatedError("JWT parts must be canonical base64url (no stray low bits)");
  }
  if (signature.size() != kSignatureChars) {
    return UnauthenticatedError("JWT signature is not a 64-byte ES256 signature");
  }
  return Status::Ok();
}

bool IsP256(EVP_PKEY* key) {
  char group[64] = {0};
  size_t len = 0;
  if (!EVP_PKEY_is_a(key, "EC") ||
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1) {
    return false;
  }
  const std::string_view name(group, len);
  return name == "prime256v1" || name == "P-256";
}

// Validated before libjwt, which would take any key type its algorithm can use.
Status CheckPublicKeyPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return InternalError("BIO_new_mem_buf: " + pki_internal::OpenSslError());
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return InvalidArgumentError("JWT verification key is not a PEM public key: " +
                                pki_internal::OpenSslError());
  }
  if (!IsP256(key.get())) return InvalidArgumentError("JWT verification key is not on P-256");
  return Status::Ok();
}

}  // namespace

StatusOr<SecretBytes> GenerateJwtSigningKeyPem(Random& random) {
  // The scalar comes from our Random (tests inject a deterministic one);
  // a draw at or above the group order is redrawn, which a real source
  // needs with probability about 2^-32.
  for (int attempt = 0; attempt < 16; ++attempt) {
    SecretBytes scalar(32);
    random.Fill(scalar.mutable_view());
    if (std::memcmp(scalar.data(), kOrderPrefix, sizeof kOrderPrefix) == 0) continue;
    auto key = P256PrivateKey::FromScalar(scalar.view());
    if (!key.ok()) continue;  // the all-zero scalar
    SecretBytes pem = key->ToPkcs8Pem();
    if (pem.empty()) return InternalError("cannot write the JWT signing key as PKCS#8 PEM");
    return pem;
  }
  return InternalError("the random source gave no usable P-256 scalar in 16 draws");
}

StatusOr<std::string> JwtPublicKeyPem(std::string_view private_key_pem) {
  MSE_ASSIGN_OR_RETURN(P256PrivateKey key, P256PrivateKey::FromPkcs8Pem(private_key_pem));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key.native()) != 1) {
    return InternalError("cannot write the JWT public key: " + pki_internal::OpenSslError());
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int): OpenSSL's type
  return std::string(data, static_cast<size_t>(size));
}

StatusOr<std::string> SignJwtEs256(std::string_view claims_json, std::string_view private_key_pem,
                                   std::string_view key_id) {
  MSE_RETURN_IF_ERROR(P256PrivateKey::FromPkcs8Pem(private_key_pem).status());
  // libjwt takes C strings: an embedded NUL would silently cut the text.
  if (key_id.find('\0') != std::string_view::npos || claims_json.find('\0') != std::string_view::npos) {
    return InvalidArgumentError("JWT claims or key id hold a NUL byte");
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return InternalError(LibjwtError("jwt_new"));
  JwtPtr jwt(raw);
  if (jwt_add_grants_json(jwt.get(), std::string(claims_json).c_str()) != 0) {
    return InvalidArgumentError("JWT claims are not a JSON object");
  }
  if (!key_id.empty() && jwt_add_header(jwt.get(), "kid", std::string(key_id).c_str()) != 0) {
    return InternalError(LibjwtError("jwt_add_header"));
  }
  // libjwt copies the key and wipes its copy in jwt_free.
  if (jwt_set_alg(jwt.get(), JWT_ALG_ES256, reinterpret_cast<const unsigned char*>(private_key_pem.data()),
                  static_cast<int>(private_key_pem.size())) != 0) {
    return InternalError(LibjwtError("jwt_set_alg"));
  }
  CString token(jwt_encode_str(jwt.get()));
  if (token == nullptr) return InternalError(LibjwtError("jwt_encode_str"));
  return std::string(token.get());
}

StatusOr<std::string> VerifyJwtEs256(std::string_view token, std::string_view public_key_pem) {
  MSE_RETURN_IF_ERROR(CheckPublicKeyPem(public_key_pem));
  MSE_RETURN_IF_ERROR(CheckCompactForm(token));
  jwt_t* raw = nullptr;
  const int rc = jwt_decode(&raw, std::string(token).c_str(),
                            reinterpret_cast<const unsigned char*>(public_key_pem.data()),
                            static_cast<int>(public_key_pem.size()));
  JwtPtr jwt(raw);
  if (rc != 0 || jwt == nullptr) {
    return UnauthenticatedError("JWT does not verify (libjwt: " + std::string(std::strerror(rc)) + ")");
  }
  // libjwt verifies with whatever algorithm the header names, HMAC included
  // (the public key PEM would then be the secret): only ES256 is ours.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_ES256) {
    const char* alg = jwt_alg_str(jwt_get_alg(jwt.get()));
    return UnauthenticatedError(std::string("JWT algorithm is ") + (alg ? alg : "unknown") +
                                ", expected ES256");
  }
  CString claims(jwt_get_grants_json(jwt.get(), nullptr));
  if (claims == nullptr) return UnauthenticatedError("JWT claims are not JSON");
  return std::string(claims.get());
}

}  // namespace mse::crypto
