// DCAP quote verification equivalent to Intel's QVL (attestation.md §6):
// a pure function of (quote, collateral, policy, trust anchors, time). Each
// step is a named check tagged with its spec step (V1..V16); the first
// failure stops verification and names the failure (QUOTE_SIGNATURE, ...).
// The check names and their steps are listed in docs/attestation.md.
#ifndef MSE_ATTEST_VERIFIER_H_
#define MSE_ATTEST_VERIFIER_H_

#include <optional>
#include <string>
#include <vector>

#include "attest/collateral.h"
#include "attest/policy.h"
#include "attest/quote.h"
#include "attest/time_util.h"
#include "attest/verdict.h"
#include "base/bytes.h"

namespace mse::attest {

// Static description of one check.
struct CheckInfo {
  const char* name;
  const char* step;
  const char* failure;
  const char* title;  // one line for people
};

// Every check, in the order verification runs them.
const std::vector<CheckInfo>& AllChecks();

// Optional extra input for V16 (RA-TLS binding): the certificate key whose
// SHA-256 must equal report_data[0:32].
struct RatlsBinding {
  crypto::P256Point certificate_key{};
};

// Runs V1..V15 (and V16 when `binding` is given) on `quote_bytes`. Never
// fails: every problem, including malformed input, is a failed check in the
// verdict. `time` is the verification time T used for every window.
Verdict VerifyQuote(ByteView quote_bytes, const Collateral& collateral, const Policy& policy,
                    const TrustAnchors& anchors, UnixSeconds time,
                    const std::optional<RatlsBinding>& binding = std::nullopt);

}  // namespace mse::attest

#endif  // MSE_ATTEST_VERIFIER_H_
