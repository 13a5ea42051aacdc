// Simulated DCAP quotes (attestation.md §2.1, §2.2): Intel's exact v3
// binary layout, signed by the simulated platform's attestation key, with a
// QE report signed by its PCK leaf key and the PEM PCK chain (type 5). The
// repository's parser and verifier accept these quotes unchanged when the
// platform's root is a (simulated) trust anchor, and refuse them otherwise.
#ifndef MSE_ATTEST_SIM_QUOTE_PROVIDER_H_
#define MSE_ATTEST_SIM_QUOTE_PROVIDER_H_

#include <array>
#include <cstdint>

#include "attest/sim/platform.h"
#include "attest/verdict.h"
#include "base/bytes.h"
#include "base/status.h"

namespace mse::attest::sim {

inline constexpr uint64_t kAttributeDebug = 0x2;

// The identity the simulated enclave reports (§2.2 fields).
struct SimEnclaveIdentity {
  std::array<uint8_t, 32> mr_enclave{};
  std::array<uint8_t, 32> mr_signer{};
  uint16_t isv_prod_id = 1;
  uint16_t isv_svn = 10;
  uint64_t flags = 0x5;  // INIT | MODE64; the DEBUG bit (0x2) is refused
  uint64_t xfrm = 0x3;
};

// The QE authentication data the Intel QE uses: 32 bytes 00 01 .. 1f.
Bytes SimQeAuthData();

// Copyable; holds a reference to `platform`, which must outlive it.
class SimQuoteProvider {
 public:
  // InvalidArgument when the identity has the DEBUG attribute set.
  static StatusOr<SimQuoteProvider> Create(const SimPlatform& platform, const SimEnclaveIdentity& identity);

  // A complete v3 quote binding `report_data`. Fails only if signing fails
  // (Internal, "OpenSSL: ...").
  StatusOr<Bytes> GetQuote(const std::array<uint8_t, 64>& report_data) const;

  const SimEnclaveIdentity& identity() const { return identity_; }

 private:
  SimQuoteProvider(const SimPlatform& platform, const SimEnclaveIdentity& identity)
      : platform_(&platform), identity_(identity) {}
  const SimPlatform* platform_;
  SimEnclaveIdentity identity_;
};

// When `verdict` failed with UNTRUSTED_ROOT because `quote` chains to an
// "MSE Simulation Root CA", replaces its next step with one that says so and
// names the flag to pass (`--allow-simulation`). Leaves any other verdict
// unchanged. (verdict.cc's generic text does not know about simulation.)
void ExplainSimulatedRoot(ByteView quote, Verdict& verdict);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_QUOTE_PROVIDER_H_
