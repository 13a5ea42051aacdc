// The simulated SGX platform (ARCHITECTURE.md "Attestation: one code path,
// two quote sources"; docs/simulation.md): a locally generated PKI shaped
// like Intel's (attestation.md §1, §3) and signed collateral (§5), stored in
// one directory on the operator's machine. Nothing about it is secure; the
// verifier trusts its root only when the caller adds it as a *simulated*
// anchor (`--allow-simulation`), and every verdict then says SIMULATED.
//
// Directory layout (all written atomically through FileSystem; keys 0600):
//   root_ca.pem / root_ca.key        "MSE Simulation Root CA" (self-signed)
//   pck_ca.pem / pck_ca.key          CN "Intel SGX PCK Platform CA", O "MSE Simulation"
//   pck_leaf.pem / pck_leaf.key      CN "Intel SGX PCK Certificate" + SGX extension
//   tcb_signing.pem / tcb_signing.key CN "Intel SGX TCB Signing"
//   attestation.key                  the simulated QE attestation key
//   collateral/                      attest::SaveCollateralDirectory layout
#ifndef MSE_ATTEST_SIM_PLATFORM_H_
#define MSE_ATTEST_SIM_PLATFORM_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "attest/collateral.h"
#include "attest/pck_extension.h"
#include "attest/policy.h"
#include "attest/time_util.h"
#include "base/env.h"
#include "base/status.h"
#include "crypto/p256.h"
#include "crypto/x509.h"

namespace mse::attest::sim {

inline constexpr char kSimRootCommonName[] = "MSE Simulation Root CA";
inline constexpr char kSimOrganization[] = "MSE Simulation";
inline constexpr int64_t kCollateralValiditySeconds = 30 * 86400;
inline constexpr int64_t kRenewMarginSeconds = 7 * 86400;
inline constexpr int64_t kCertificateValiditySeconds = 10 * 365 * 86400;

// The simulated quoting enclave, as its QE identity describes it.
inline constexpr uint16_t kSimQeIsvProdId = 1;
inline constexpr uint16_t kSimQeIsvSvn = 8;
inline constexpr uint64_t kSimQeFlags = 0x15;  // INIT, MODE64, PROVISIONKEY
inline constexpr uint64_t kSimQeXfrm = 0x1f;
// SHA-256 of "mse simulated quoting enclave" (the simulated QE MRSIGNER).
std::array<uint8_t, 32> SimQeMrSigner();

// Move-only (owns private keys).
class SimPlatform {
 public:
  // Creates a fresh platform in `dir` (created 0700 if needed): keys,
  // certificates valid 10 years from now, and collateral valid 30 days.
  // AlreadyExists when `dir` already holds a platform (remove it first).
  static StatusOr<SimPlatform> Init(FileSystem& fs, Clock& clock, Random& random, const std::string& dir);
  // Loads a platform written by Init. FailedPrecondition "simulated platform
  // file <path> is missing: run `mse home sim init`" / DataLoss "simulated
  // platform file <path> is corrupted: <reason>"; never crashes.
  static StatusOr<SimPlatform> Load(FileSystem& fs, const std::string& dir);

  SimPlatform(SimPlatform&&) noexcept;
  SimPlatform& operator=(SimPlatform&&) noexcept;
  ~SimPlatform();

  // Re-signs the collateral (CRLs, TCB info, QE identity; 30-day window from
  // now) when it is expired or expires within 7 days, or always with
  // `force`. Returns whether it renewed; the files are rewritten atomically.
  StatusOr<bool> Renew(FileSystem& fs, Clock& clock, bool force = false);

  const std::string& dir() const;
  const crypto::X509Certificate& root() const;
  const crypto::X509Certificate& pck_ca() const;
  const crypto::X509Certificate& pck_leaf() const;
  const crypto::X509Certificate& tcb_signing() const;
  const PckExtension& pck_extension() const;
  const Collateral& collateral() const;
  // End of the collateral window (CRL nextUpdate = TCB info nextUpdate).
  UnixSeconds collateral_next_update() const;

  crypto::P256Point RootKey() const;
  std::string RootPem() const;
  std::string PckChainPem() const;           // leaf ‖ PCK CA ‖ root
  std::string PckCrlIssuerChainPem() const;  // PCK CA ‖ root
  std::string TcbIssuerChainPem() const;     // TCB Signing ‖ root

  // For the quote provider.
  const crypto::P256PrivateKey& attestation_key() const;
  const crypto::P256PrivateKey& pck_leaf_key() const;

  struct State;  // defined in platform_state.h (sim-internal)

 private:
  explicit SimPlatform(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Adds this platform's root to `anchors` as a simulated anchor
// ("MSE Simulation Root CA (<dir>)"). Only for `--allow-simulation`.
TrustAnchors& AddSimRoot(TrustAnchors& anchors, const SimPlatform& platform);

// `--sim-root <pem>`: a simulated anchor from an exported root certificate.
// InvalidArgument unless it is one self-signed P-256 certificate whose CN is
// "MSE Simulation Root CA".
StatusOr<TrustAnchor> SimAnchorFromPem(std::string_view pem);

// `mse home sim export-root`: the root certificate PEM of the platform in
// `dir` (same errors as Load for a missing or corrupted file).
StatusOr<std::string> ExportSimRootPem(FileSystem& fs, const std::string& dir);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_PLATFORM_H_
