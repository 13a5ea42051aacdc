// Verification inputs other than the quote and collateral (attestation.md §6):
// the acceptance policy and the trusted root keys.
#ifndef MSE_ATTEST_POLICY_H_
#define MSE_ATTEST_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attest/tcb.h"
#include "base/status.h"
#include "crypto/ecdsa.h"

namespace mse::attest {

using Measurement = std::array<uint8_t, 32>;

// Defaults: no identity expectation, TCB UpToDate + SWHardeningNeeded,
// stale collateral refused. Debug enclaves are always refused; Revoked is
// never accepted whatever the set says.
struct Policy {
  std::optional<Measurement> expected_mr_enclave;
  std::optional<Measurement> expected_mr_signer;
  std::optional<uint16_t> expected_isv_prod_id;
  std::optional<uint16_t> min_isv_svn;
  std::set<TcbStatus> accepted_tcb = DefaultAcceptedTcb();
  bool allow_expired_collateral = false;
  // RA-TLS in cloud mode (attestation.md §8.3.3): the certificate's
  // subjectAltName must contain this name (DNS, case-insensitive, or IP).
  std::optional<std::string> expected_ratls_name;

  static std::set<TcbStatus> DefaultAcceptedTcb() {
    return {TcbStatus::kUpToDate, TcbStatus::kSWHardeningNeeded};
  }
};

// `--accept-tcb A,B`: the defaults plus the listed statuses (Intel names,
// case-insensitive). InvalidArgument for an unknown name or "Revoked".
StatusOr<std::set<TcbStatus>> ParseAcceptTcb(std::string_view list);

// 64 hex digits (MRENCLAVE / MRSIGNER). InvalidArgument otherwise.
StatusOr<Measurement> ParseMeasurementHex(std::string_view hex);

// MRSIGNER from the signer's RSA public key PEM (attestation.md §8.1).
StatusOr<Measurement> MrSignerFromPem(std::string_view pem);

struct TrustAnchor {
  std::string name;
  crypto::P256Point key{};  // root public key (SEC1 uncompressed)
  bool simulated = false;
};

// The roots a quote's chain may end in, matched by key (never by name).
// By default only the pinned Intel SGX Root CA (attestation.md §4).
struct TrustAnchors {
  std::vector<TrustAnchor> anchors;

  static TrustAnchors IntelOnly();
  // Adds a simulated root (trusted only on explicit request by the caller).
  TrustAnchors& AddSimulated(std::string name, const crypto::P256Point& key);
  const TrustAnchor* Find(const crypto::P256Point& key) const;
};

// The pinned Intel SGX Root CA key and certificate hash (attestation.md §4).
const crypto::P256Point& IntelSgxRootKey();
inline constexpr char kIntelSgxRootDerSha256[] =
    "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

}  // namespace mse::attest

#endif  // MSE_ATTEST_POLICY_H_
