// X.509 CRLs for attestation collateral (attestation.md §5, §6 V4–V6).
#ifndef MSE_CRYPTO_CRL_H_
#define MSE_CRYPTO_CRL_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/ecdsa.h"
#include "crypto/x509.h"

namespace mse::crypto {

// An immutable parsed CRL. Cheap to copy.
class X509Crl {
 public:
  // InvalidArgument with OpenSSL's text when the DER does not parse.
  static StatusOr<X509Crl> FromDer(ByteView der);
  // Exactly one "X509 CRL" PEM block.
  static StatusOr<X509Crl> FromPem(std::string_view pem);

  const Bytes& der() const;
  std::string ToPem() const;
  std::string IssuerName() const;
  std::string IssuerCommonName() const;
  // True when the CRL's issuer name equals `ca`'s subject name.
  bool IssuedBy(const X509Certificate& ca) const;
  UnixSeconds ThisUpdate() const;
  std::optional<UnixSeconds> NextUpdate() const;
  size_t RevokedCount() const;
  // Serial numbers compared as integers (unsigned big-endian bytes).
  bool IsRevoked(ByteView serial) const;

  // Signature (ecdsa-with-SHA256) under `issuer_key`: Unauthenticated when it
  // does not verify, InvalidArgument for another algorithm.
  Status VerifySignature(const P256Point& issuer_key) const;

 private:
  struct Impl;
  explicit X509Crl(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_CRL_H_
