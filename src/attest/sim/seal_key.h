// The simulated platform's MRENCLAVE-policy seal key (docs/sealed-state.md
// §2): what Gramine's /dev/attestation/keys/_sgx_mrenclave gives on SGX — a
// 128-bit key only this platform can derive, only for this MRENCLAVE. In
// simulation it is derived from the platform's PCK leaf private key, the
// stand-in for the CPU's fused secrets:
//
//   HKDF-SHA256(ikm  = PKCS#8 PEM text of the PCK leaf private key,
//               salt = "mse-sim-seal-key-v1",
//               info = "MRENCLAVE" ‖ mr_enclave (32) ‖ isv_prod_id (u16 LE) ‖ isv_svn (u16 LE),
//               L    = 16)
//
// Nothing about simulation is secret from the machine's owner; the point is
// that the enclave code path is the one SGX runs.
#ifndef MSE_ATTEST_SIM_SEAL_KEY_H_
#define MSE_ATTEST_SIM_SEAL_KEY_H_

#include "attest/sim/platform.h"
#include "attest/sim/quote_provider.h"
#include "base/bytes.h"
#include "base/status.h"

namespace mse::attest::sim {

inline constexpr size_t kSealKeySize = 16;

// Fails only if the key derivation fails (Internal, "OpenSSL: ...").
StatusOr<SecretBytes> SimSealKey(const SimPlatform& platform, const SimEnclaveIdentity& identity);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_SEAL_KEY_H_
