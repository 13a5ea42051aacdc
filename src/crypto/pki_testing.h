// Test-only PKI helpers (library mse_pki_testing, never linked into the
// binaries): P-256 keys that sign, certificates re-issued under test keys,
// and CRLs. Tests use them to build a private copy of the Intel chain and
// fail one attestation check at a time.
#ifndef MSE_CRYPTO_PKI_TESTING_H_
#define MSE_CRYPTO_PKI_TESTING_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/crl.h"
#include "crypto/ecdsa.h"
#include "crypto/x509.h"

namespace mse::crypto::testing {

// A freshly generated P-256 key pair. Move-only.
class TestP256Key {
 public:
  static TestP256Key Generate();
  ~TestP256Key();
  TestP256Key(TestP256Key&&) noexcept;
  TestP256Key& operator=(TestP256Key&&) noexcept;

  P256Point PublicPoint() const;
  // ECDSA-SHA256 signature as raw r ‖ s (64 bytes).
  Bytes SignRaw(ByteView message) const;
  // PKCS#8 PEM of the private key.
  std::string PrivateKeyPem() const;
  void* pkey() const { return pkey_; }  // EVP_PKEY*, for the helpers below

 private:
  explicit TestP256Key(void* pkey) : pkey_(pkey) {}
  void* pkey_;
};

struct ReissueOptions {
  const TestP256Key* new_subject_key = nullptr;  // keep the key when null
  const X509Certificate* issuer = nullptr;       // self-issued when null
  std::optional<Bytes> serial;
  std::optional<UnixSeconds> not_before;
  std::optional<UnixSeconds> not_after;
};

// A copy of `cert` (same subject, extensions) with the given changes, signed
// ecdsa-with-SHA256 by `signing_key`; issuer name = issuer's subject.
StatusOr<X509Certificate> Reissue(const X509Certificate& cert, const ReissueOptions& options,
                                  const TestP256Key& signing_key);

struct NewCertificateOptions {
  std::string subject_cn = "test";
  const X509Certificate* issuer = nullptr;  // self-signed when null
  Bytes serial = {0x01};
  UnixSeconds not_before = 0;
  UnixSeconds not_after = 4102444800;  // 2100-01-01
  std::optional<bool> basic_constraints_ca;  // no extension when nullopt
  std::string subject_alt_name;  // OpenSSL syntax "DNS:a.b,IP:127.0.0.1"; none when empty
  // (dotted OID, DER content of extnValue), added non-critical.
  std::vector<std::pair<std::string, Bytes>> extensions;
};

StatusOr<X509Certificate> MakeCertificate(const NewCertificateOptions& options,
                                          const TestP256Key& subject_key,
                                          const TestP256Key& signing_key);

// A v2 CRL by `issuer` listing `revoked` serials (big-endian bytes).
StatusOr<X509Crl> MakeCrl(const X509Certificate& issuer, const TestP256Key& key,
                          UnixSeconds this_update, UnixSeconds next_update,
                          const std::vector<Bytes>& revoked);

// PEM SPKI of a fresh RSA key with the given size and public exponent.
std::string GenerateRsaPublicKeyPem(int bits, unsigned exponent);

}  // namespace mse::crypto::testing

#endif  // MSE_CRYPTO_PKI_TESTING_H_
