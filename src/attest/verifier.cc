#include "attest/verifier.h"

#include <algorithm>

#include "attest/internal/verify_steps.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

const CheckInfo* FindInfo(std::string_view name) {
  for (const CheckInfo& info : AllChecks()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

void CopyIdentity(const Quote& quote, Verdict& v) {
  const ReportBody& r = quote.isv_report;
  v.quote_parsed = true;
  v.identity.mr_enclave = r.mr_enclave;
  v.identity.mr_signer = r.mr_signer;
  v.identity.isv_prod_id = r.isv_prod_id;
  v.identity.isv_svn = r.isv_svn;
  v.identity.debug = r.debug();
  v.identity.report_data = r.report_data;
}

// Appends a skipped entry for every check that did not run.
void FillSkipped(Verdict& v) {
  std::vector<Check> all;
  for (const CheckInfo& info : AllChecks()) {
    auto it = std::find_if(v.checks.begin(), v.checks.end(),
                           [&](const Check& c) { return c.name == info.name; });
    if (it != v.checks.end()) {
      all.push_back(*it);
    } else {
      all.push_back(Check{info.name, info.step, info.failure, CheckOutcome::kSkipped,
                          v.failure.empty() ? "not applicable" : "not run: an earlier check failed"});
    }
  }
  v.checks = std::move(all);
}

}  // namespace

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"ratls_certificate", "§8.3", "RATLS_CERTIFICATE", "RA-TLS certificate (RA-TLS only)"},
      {"quote_format", "V1", "QUOTE_FORMAT", "quote structure (§2.4)"},
      {"root_pinned", "V2", "UNTRUSTED_ROOT", "quote root is a trusted anchor (by key)"},
      {"pck_ca_signature", "V3", "PCK_CHAIN_INVALID", "PCK CA signed by the root"},
      {"pck_leaf_signature", "V3", "PCK_CHAIN_INVALID", "PCK leaf signed by the PCK CA"},
      {"pck_chain_profile", "V3", "PCK_CHAIN_INVALID", "PCK chain names, CA flag, SGX extension"},
      {"pck_chain_validity", "V3", "CERT_EXPIRED", "PCK chain certificates valid at T"},
      {"root_crl_signature", "V4", "CRL_INVALID", "root CA CRL issued and signed by the root"},
      {"pck_ca_not_revoked", "V4", "INTERMEDIATE_REVOKED", "PCK CA not in the root CA CRL"},
      {"root_crl_fresh", "V4", "COLLATERAL_EXPIRED", "root CA CRL valid at T"},
      {"pck_crl_signature", "V5", "CRL_INVALID", "PCK CRL issued and signed by the PCK CA"},
      {"pck_leaf_not_revoked", "V5", "PCK_REVOKED", "PCK leaf not in the PCK CRL"},
      {"pck_crl_fresh", "V5", "COLLATERAL_EXPIRED", "PCK CRL valid at T"},
      {"tcb_signing_chain", "V6", "TCB_SIGNING_INVALID", "TCB Signing certificate signed by root"},
      {"tcb_signing_not_revoked", "V6", "TCB_SIGNING_REVOKED", "TCB Signing cert not revoked"},
      {"tcb_signing_validity", "V6", "COLLATERAL_EXPIRED", "TCB Signing certificate valid at T"},
      {"tcb_info_signature", "V7", "TCB_INFO_INVALID", "TCB info signed over its raw bytes"},
      {"tcb_info_format", "V7", "TCB_INFO_INVALID", "TCB info id SGX, version 3, tcbType 0"},
      {"tcb_info_fmspc", "V7", "TCB_INFO_MISMATCH", "TCB info FMSPC = PCK FMSPC"},
      {"tcb_info_pce_id", "V7", "TCB_INFO_MISMATCH", "TCB info PCE-ID = PCK PCE-ID"},
      {"tcb_info_fresh", "V7", "COLLATERAL_EXPIRED", "TCB info valid at T"},
      {"qe_identity_signature", "V8", "QE_IDENTITY_INVALID", "QE identity signed over raw bytes"},
      {"qe_identity_format", "V8", "QE_IDENTITY_INVALID", "QE identity id QE, version 2"},
      {"qe_identity_fresh", "V8", "COLLATERAL_EXPIRED", "QE identity valid at T"},
      {"qe_report_signature", "V9", "QE_REPORT_SIGNATURE", "QE report signed by the PCK key"},
      {"qe_report_data", "V9", "QE_REPORT_DATA", "QE report binds the attestation key"},
      {"quote_signature", "V10", "QUOTE_SIGNATURE", "quote signed by the attestation key"},
      {"qe_identity_match", "V11", "QE_IDENTITY_MISMATCH", "QE matches the QE identity"},
      {"platform_tcb_level", "V12", "TCB_NOT_SUPPORTED", "platform TCB level found"},
      {"tcb_status", "V13", "TCB_STATUS_NOT_ACCEPTED", "converged TCB status accepted"},
      {"debug_disabled", "V14", "DEBUG_ENCLAVE", "enclave is not in debug mode"},
      {"mr_signer", "V15", "MRSIGNER_MISMATCH", "MRSIGNER is the expected signer"},
      {"mr_enclave", "V15", "MRENCLAVE_MISMATCH", "MRENCLAVE is the expected code"},
      {"isv_prod_id_svn", "V15", "ISV_MISMATCH", "ISV product ID and SVN"},
      {"ratls_binding", "V16", "RATLS_BINDING", "report_data binds the RA-TLS key"},
  };
  return kChecks;
}

namespace internal {

void FinalizeVerdict(Verdict& verdict) {
  verdict.ok = verdict.failure.empty();
  FillSkipped(verdict);
  if (!verdict.ok) verdict.next_step = NextStepFor(verdict);
}

void VerifyState::Pass(const char* name, std::string detail) {
  const CheckInfo* info = FindInfo(name);
  verdict->checks.push_back(
      Check{name, info->step, info->failure, CheckOutcome::kPassed, std::move(detail)});
}

bool VerifyState::Fail(const char* name, std::string detail, const char* failure) {
  const CheckInfo* info = FindInfo(name);
  const std::string code = failure != nullptr ? failure : info->failure;
  verdict->checks.push_back(Check{name, info->step, code, CheckOutcome::kFailed, std::move(detail)});
  if (verdict->failure.empty()) verdict->failure = code;
  return false;
}

bool VerifyState::Expired(const char* name, std::string detail) {
  if (!policy->allow_expired_collateral) return Fail(name, std::move(detail));
  const CheckInfo* info = FindInfo(name);
  verdict->collateral_expired = true;
  verdict->warnings.push_back(detail + " (accepted: stale collateral allowed)");
  verdict->checks.push_back(
      Check{name, info->step, info->failure, CheckOutcome::kWarning, std::move(detail)});
  return true;
}

bool VerifyState::CheckWindow(const char* name, const std::string& what, UnixSeconds start,
                              UnixSeconds end) {
  if (time < start) {
    return Fail(name, what + " is not yet valid: it starts at " + FormatRfc3339(start) +
                          ", after the verification time " + FormatRfc3339(time));
  }
  if (time > end) {
    return Expired(name, what + " expired: its validity ended at " + FormatRfc3339(end) +
                             ", before the verification time " + FormatRfc3339(time));
  }
  Pass(name, what + " valid from " + FormatRfc3339(start) + " to " + FormatRfc3339(end));
  return true;
}

}  // namespace internal

const Check* Verdict::FirstFailure() const {
  for (const Check& c : checks) {
    if (c.outcome == CheckOutcome::kFailed) return &c;
  }
  return nullptr;
}

const Check* Verdict::FindCheck(std::string_view name) const {
  for (const Check& c : checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Verdict VerifyQuote(ByteView quote_bytes, const Collateral& collateral, const Policy& policy,
                    const TrustAnchors& anchors, UnixSeconds time,
                    const std::optional<RatlsBinding>& binding) {
  Verdict verdict;
  verdict.verification_time = time;
  internal::VerifyState s;
  s.collateral = &collateral;
  s.policy = &policy;
  s.anchors = &anchors;
  s.time = time;
  s.verdict = &verdict;
  using Step = bool (*)(internal::VerifyState&);
  static constexpr Step kSteps[] = {
      internal::StepPinnedRoot,      internal::StepPckChain,       internal::StepRootCrl,
      internal::StepPckCrl,          internal::StepTcbSigning,     internal::StepTcbInfo,
      internal::StepQeIdentity,      internal::StepQeReport,       internal::StepQuoteSignature,
      internal::StepQeIdentityMatch, internal::StepPlatformTcb,    internal::StepTcbStatus,
      internal::StepDebug,           internal::StepEnclaveIdentity,
  };
  bool ok = internal::StepParseQuote(quote_bytes, s);
  if (ok) CopyIdentity(s.quote, verdict);
  for (Step step : kSteps) {
    if (!ok) break;
    ok = step(s);
  }
  if (ok && binding.has_value()) ok = internal::StepRatlsBinding(*binding, s);
  internal::FinalizeVerdict(verdict);
  return verdict;
}

}  // namespace mse::attest
