// The enclave's identity (formats.md §15, §16): the RA-TLS P-256 key, the
// X25519 enclave key pair and the RA-TLS certificate. Created at first start
// and kept in the sealed state (sealed_state.h, docs/sealed-state.md), never
// in plain files, so that a restart of the same enclave keeps its identity
// and another measurement cannot take it over. KEY_PATH also gets public
// copies, cert.ratls.pem and enclave.pub, which are written, never read.
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
#include "enclave/sealed_state.h"

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
  bool reused = false;  // true when it came from the sealed state
};

// A fresh identity: a new P-256 key, the X25519 key derived from the seal
// key as the original does (formats.md §16: HKDF over its first 16 bytes
// with a random, unkept salt, Q-61), and a certificate whose quote binds
// report_data = SHA-256(65-byte point) ‖ X25519 public key.
StatusOr<EnclaveIdentity> CreateIdentity(const IdentityOptions& options, ByteView seal_key,
                                         QuoteProvider& quotes, Env& env);

// The identity a sealed state holds. DataLoss when the state is
// inconsistent (a key that does not parse, a certificate for another key).
StatusOr<EnclaveIdentity> IdentityFromState(const EnclaveState& state);

// A new unconfigured state holding `identity`.
EnclaveState StateOf(const EnclaveIdentity& identity);

// What a start works with: the identity and the state it came from.
struct LoadedState {
  EnclaveIdentity identity;
  EnclaveState state;
};

// KEY_PATH/state.sealed opened with `sealer` (restart: same identity, and the
// configuration if there was one), or, when absent, a new identity
// (CreateIdentity) sealed there unconfigured. Either way the public copies
// are (re)written. A state that does not open is an error naming the file
// and why (another measurement or platform, or an altered file): the
// enclave must not start under a new identity silently, nor under the old
// one with other code.
StatusOr<LoadedState> LoadOrCreateState(const EnclavePaths& paths, const IdentityOptions& options,
                                        const StateSealer& sealer, ByteView seal_key, QuoteProvider& quotes,
                                        Env& env);

// KEY_PATH/cert.ratls.pem and KEY_PATH/enclave.pub (public, for operators
// and tests), rewritten at each start.
Status WritePublicCopies(const EnclavePaths& paths, const EnclaveIdentity& identity, FileSystem& fs);

// Removes the plain key files an older runtime kept in KEY_PATH
// (key.ratls.pem, enclave.key, code.key, key.pem); they are wiped from the
// state's point of view: never read.
void RemoveLegacyKeyFiles(const EnclavePaths& paths, FileSystem& fs);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_IDENTITY_H_
