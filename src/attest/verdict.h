// The result of a verification (attestation.md §6 "Result object"): every
// named check with its spec step, the TCB evaluation, the enclave identity,
// and a "next step" sentence when it failed. Rendered as text or JSON.
#ifndef MSE_ATTEST_VERDICT_H_
#define MSE_ATTEST_VERDICT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/policy.h"
#include "attest/tcb.h"
#include "attest/time_util.h"

namespace mse::attest {

enum class CheckOutcome { kPassed, kFailed, kWarning, kSkipped };

std::string_view CheckOutcomeName(CheckOutcome outcome);  // "passed", ...

struct Check {
  std::string name;     // e.g. "pck_leaf_signature"
  std::string step;     // e.g. "V3"
  std::string failure;  // failure name when it fails, e.g. "PCK_CHAIN_INVALID"
  CheckOutcome outcome = CheckOutcome::kSkipped;
  std::string detail;   // what was compared, or why it failed
};

struct EnclaveIdentity {
  Measurement mr_enclave{};
  Measurement mr_signer{};
  uint16_t isv_prod_id = 0;
  uint16_t isv_svn = 0;
  bool debug = false;
  std::array<uint8_t, 64> report_data{};
};

struct Verdict {
  bool ok = false;
  std::vector<Check> checks;  // in step order; after a failure the rest are skipped
  std::string failure;        // failure name of the first failed check ("" when ok)
  std::string next_step;      // what a person should do about the failure
  std::vector<std::string> warnings;

  UnixSeconds verification_time = 0;
  std::string anchor;  // name of the matched trust anchor ("" if none matched)
  bool simulated = false;
  bool collateral_expired = false;
  bool mr_enclave_checked = false;

  bool quote_parsed = false;
  EnclaveIdentity identity;
  std::string fmspc;
  std::string pce_id;
  std::string pck_ca_type;  // "platform" / "processor"

  std::optional<TcbStatus> tcb_status;  // converged
  std::optional<TcbStatus> platform_tcb_status;
  std::optional<TcbStatus> qe_tcb_status;
  std::string tcb_date;
  std::vector<std::string> advisory_ids;  // platform then QE, without duplicates

  // Values someone other than the verifier chose that enter the measurement
  // (e.g. the operator's spawn arguments), shown so the verifier sees what
  // it accepts. Filled by the caller; (name, value) in display order.
  std::vector<std::pair<std::string, std::string>> measured_inputs;

  // The first failed check, or nullptr.
  const Check* FirstFailure() const;
  const Check* FindCheck(std::string_view name) const;
};

// "✔ name (V3) detail" lines, a TCB summary, identity and the next step.
std::string RenderVerdictText(const Verdict& verdict);
// Pretty JSON (2-space indent) of every field.
std::string RenderVerdictJson(const Verdict& verdict);

}  // namespace mse::attest

#endif  // MSE_ATTEST_VERDICT_H_
