// The enclave's identity (formats.md §15, §16): the RA-TLS P-256 key, the
// X25519 enclave key pair and the RA-TLS certificate, created at first start
// and persisted in KEY_PATH (0600) so that a restart keeps the same identity.
#ifndef MSE_ENCLAVE_IDENTITY_H_
#define MSE_ENCLAVE_IDENTITY_H_

#include <cstdint>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "crypto/p256.h"
#include "crypto/x25519.h"
#include "enclave/paths.h"
#include "enclave/quote_provider.h"

namespace mse::enclave {

struct IdentityOptions {
  std::string subject;
  std::string subject_alt_name;
  int64_t not_after_unix = 0;  // 0: generation time + 10 h
};

// Move-only.
struct EnclaveIdentity {
  crypto::P256PrivateKey tls_key;
  crypto::X25519KeyPair enclave_key;
  std::string certificate_pem;
  bool reused = false;  // true when everything came from KEY_PATH
};

// Loads KEY_PATH/key.ratls.pem, enclave.key (+ enclave.pub, which must
// match: DataLoss otherwise) and cert.ratls.pem, creating what is missing. A
// certificate is reused only when the TLS key was not regenerated; a new one
// binds report_data = SHA-256(65-byte point) || X25519 public key through
// `quotes`. Errors name the file and keep earlier files untouched.
StatusOr<EnclaveIdentity> LoadOrCreateIdentity(const EnclavePaths& paths,
                                               const IdentityOptions& options,
                                               QuoteProvider& quotes, Env& env);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_IDENTITY_H_
