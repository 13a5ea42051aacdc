#include "attest/verdict.h"

#include <nlohmann/json.hpp>

#include "attest/internal/verify_steps.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

using Json = nlohmann::ordered_json;

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

std::string_view Mark(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPassed: return "✔";
    case CheckOutcome::kFailed: return "✘";
    case CheckOutcome::kWarning: return "!";
    case CheckOutcome::kSkipped: return "-";
  }
  return "?";
}

Json OptionalStatus(const std::optional<TcbStatus>& status) {
  return status ? Json(std::string(TcbStatusName(*status))) : Json(nullptr);
}

}  // namespace

std::string_view CheckOutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPassed: return "passed";
    case CheckOutcome::kFailed: return "failed";
    case CheckOutcome::kWarning: return "warning";
    case CheckOutcome::kSkipped: return "skipped";
  }
  return "unknown";
}

std::string RenderVerdictText(const Verdict& v) {
  std::string out;
  if (v.simulated) out += "*** SIMULATED platform: this attestation proves nothing ***\n";
  out += v.ok ? "Attestation verified" : "Attestation FAILED (" + v.failure + ")";
  out += " at " + FormatRfc3339(v.verification_time);
  if (!v.anchor.empty()) out += ", root: " + v.anchor;
  out += "\n";
  for (const Check& c : v.checks) {
    if (c.outcome == CheckOutcome::kSkipped) continue;
    out += "  " + std::string(Mark(c.outcome)) + " " + c.name + " (" + c.step + ")";
    if (c.outcome == CheckOutcome::kFailed) out += " " + c.failure;
    if (!c.detail.empty()) out += ": " + c.detail;
    out += "\n";
  }
  if (v.tcb_status) {
    out += "TCB status: " + std::string(TcbStatusName(*v.tcb_status));
    if (!v.advisory_ids.empty()) out += " (" + JoinIds(v.advisory_ids) + ")";
    if (!v.tcb_date.empty()) out += ", TCB date " + v.tcb_date;
    out += "\n";
  }
  if (v.quote_parsed) {
    out += "MRENCLAVE: " + HexEncode(v.identity.mr_enclave) + "\n";
    out += "MRSIGNER:  " + HexEncode(v.identity.mr_signer) + "\n";
    out += "ISVPRODID: " + std::to_string(v.identity.isv_prod_id) +
           ", ISVSVN: " + std::to_string(v.identity.isv_svn) + "\n";
  }
  if (!v.fmspc.empty()) out += "FMSPC: " + v.fmspc + " (" + v.pck_ca_type + " CA)\n";
  if (!v.measured_inputs.empty()) {
    out += "Chosen by the operator and measured (check them):\n";
    for (const auto& [name, value] : v.measured_inputs) out += "  " + name + ": " + value + "\n";
  }
  for (const std::string& w : v.warnings) out += "warning: " + w + "\n";
  if (!v.ok && !v.next_step.empty()) out += "next step: " + v.next_step + "\n";
  return out;
}

std::string RenderVerdictJson(const Verdict& v) {
  Json j;
  j["ok"] = v.ok;
  j["failure"] = v.failure.empty() ? Json(nullptr) : Json(v.failure);
  j["next_step"] = v.next_step.empty() ? Json(nullptr) : Json(v.next_step);
  j["verification_time"] = FormatRfc3339(v.verification_time);
  j["anchor"] = v.anchor.empty() ? Json(nullptr) : Json(v.anchor);
  j["simulated"] = v.simulated;
  j["collateral_expired"] = v.collateral_expired;
  j["tcb_status"] = OptionalStatus(v.tcb_status);
  j["platform_tcb_status"] = OptionalStatus(v.platform_tcb_status);
  j["qe_tcb_status"] = OptionalStatus(v.qe_tcb_status);
  j["qvl_result"] = v.tcb_status ? Json(std::string(QvlResultName(*v.tcb_status))) : Json(nullptr);
  j["tcb_date"] = v.tcb_date.empty() ? Json(nullptr) : Json(v.tcb_date);
  j["advisory_ids"] = v.advisory_ids;
  if (v.quote_parsed) {
    j["mr_enclave"] = HexEncode(v.identity.mr_enclave);
    j["mr_enclave_checked"] = v.mr_enclave_checked;
    j["mr_signer"] = HexEncode(v.identity.mr_signer);
    j["isv_prod_id"] = v.identity.isv_prod_id;
    j["isv_svn"] = v.identity.isv_svn;
    j["debug"] = v.identity.debug;
    j["report_data"] = HexEncode(v.identity.report_data);
  }
  j["fmspc"] = v.fmspc.empty() ? Json(nullptr) : Json(v.fmspc);
  j["pce_id"] = v.pce_id.empty() ? Json(nullptr) : Json(v.pce_id);
  j["pck_ca"] = v.pck_ca_type.empty() ? Json(nullptr) : Json(v.pck_ca_type);
  j["warnings"] = v.warnings;
  if (!v.measured_inputs.empty()) {
    Json inputs = Json::object();
    for (const auto& [name, value] : v.measured_inputs) inputs[name] = value;
    j["measured_inputs"] = inputs;
  }
  Json checks = Json::array();
  for (const Check& c : v.checks) {
    checks.push_back({{"name", c.name},
                      {"step", c.step},
                      {"result", std::string(CheckOutcomeName(c.outcome))},
                      {"failure", c.outcome == CheckOutcome::kFailed ? Json(c.failure)
                                                                     : Json(nullptr)},
                      {"detail", c.detail}});
  }
  j["checks"] = checks;
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

namespace internal {

std::string NextStepFor(const Verdict& v) {
  const std::string& f = v.failure;
  if (f == "TCB_STATUS_NOT_ACCEPTED" && v.tcb_status) {
    const std::string name(TcbStatusName(*v.tcb_status));
    std::string advisories = v.advisory_ids.empty() ? "" : " (" + JoinIds(v.advisory_ids) + ")";
    return "platform TCB is " + name + advisories +
           ": update the platform microcode/BIOS and SGX software, or accept it with "
           "--accept-tcb " + name;
  }
  if (f == "COLLATERAL_EXPIRED") {
    return "collateral is stale at the verification time: fetch fresh collateral from the PCCS, "
           "verify at another time with --at, or accept it with --allow-stale-collateral";
  }
  if (f == "TCB_REVOKED" || f == "PCK_REVOKED" || f == "INTERMEDIATE_REVOKED" ||
      f == "TCB_SIGNING_REVOKED") {
    return "Intel revoked a key of this platform: do not trust this enclave; the platform must be "
           "re-provisioned";
  }
  if (f == "UNTRUSTED_ROOT") {
    return "the quote does not chain to the Intel SGX Root CA: it comes from another (or a "
           "simulated) platform and cannot be trusted";
  }
  if (f == "TCB_INFO_MISMATCH" || f == "CRL_INVALID" || f == "TCB_SIGNING_INVALID") {
    return "the collateral does not belong to this platform or was altered: fetch it again from "
           "the PCCS for this quote";
  }
  if (f == "TCB_NOT_SUPPORTED") {
    return "Intel's TCB info lists no level for this platform's TCB: update the platform or fetch "
           "newer collateral";
  }
  if (f == "RATLS_CERTIFICATE") {
    return "the server certificate is not a valid MSE RA-TLS certificate: the peer is not an MSE "
           "enclave, or its certificate expired (restart the enclave to get a fresh one)";
  }
  if (f == "RATLS_BINDING") {
    return "the certificate key is not the one the enclave attested: do not trust this server";
  }
  if (f == "DEBUG_ENCLAVE") return "rebuild and run the enclave in production (non-debug) mode";
  if (f == "MRENCLAVE_MISMATCH") {
    return "the enclave does not run the expected code: check the package and its arguments";
  }
  if (f == "MRSIGNER_MISMATCH") return "the enclave was signed by another key: check the signer";
  if (f == "QUOTE_FORMAT") return "the quote is malformed or truncated: collect the evidence again";
  return "the evidence failed a signature or integrity check (" + f +
         "): it was altered or does not come from a genuine SGX platform; do not trust it";
}

}  // namespace internal
}  // namespace mse::attest
