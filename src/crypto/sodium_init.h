// libsodium start-up. Every function of src/crypto that calls libsodium calls
// EnsureSodiumInitialized() first: sodium_init() selects the fast
// implementations and must run once before use. Internal to src/crypto.
#ifndef MSE_CRYPTO_SODIUM_INIT_H_
#define MSE_CRYPTO_SODIUM_INIT_H_

namespace mse::crypto {

// Thread-safe and idempotent. Aborts if libsodium cannot start (no usable
// randomness source): nothing in mse can work then.
void EnsureSodiumInitialized();

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_SODIUM_INIT_H_
