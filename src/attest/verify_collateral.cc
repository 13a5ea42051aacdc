// V7–V8: TCB info and QE identity (signatures over raw spans, fields, dates).
#include <algorithm>
#include <cctype>
#include <string>

#include "attest/internal/verify_steps.h"
#include "crypto/ecdsa.h"

namespace mse::attest::internal {
namespace {

bool SameHexIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool VerifySpan(const std::string& span, const Bytes& signature, const char* check,
                const char* what, VerifyState& s) {
  Status st = crypto::VerifyEcdsaP256Sha256(s.tcb_signing_key, AsBytes(span), signature);
  if (!st.ok()) {
    return s.Fail(check, std::string(what) + " signature does not verify under the TCB Signing "
                         "key over the exact bytes received (" + st.message() +
                         "); the body was altered or re-serialized");
  }
  s.Pass(check, std::string(what) + " signature verifies over " + std::to_string(span.size()) +
                    " raw bytes");
  return true;
}

}  // namespace

bool StepTcbInfo(VerifyState& s) {
  if (s.collateral->tcb_info_body.empty()) {
    return s.Fail("tcb_info_signature", "collateral missing: TCB info");
  }
  auto info = ParseTcbInfo(s.collateral->tcb_info_body);
  if (!info.ok()) return s.Fail("tcb_info_signature", info.status().message());
  s.tcb_info = *std::move(info);
  const TcbInfo& t = *s.tcb_info;
  if (!VerifySpan(t.signed_span, t.signature, "tcb_info_signature", "tcbInfo", s)) return false;
  if (t.id != "SGX" || t.version != 3 || t.tcb_type != 0) {
    return s.Fail("tcb_info_format", "TCB info has id '" + t.id + "', version " +
                                         std::to_string(t.version) + ", tcbType " +
                                         std::to_string(t.tcb_type) +
                                         "; expected SGX, 3 and 0");
  }
  s.Pass("tcb_info_format", "id SGX, version 3, tcbType 0, evaluation data number " +
                                std::to_string(t.tcb_evaluation_data_number));
  if (!SameHexIgnoringCase(t.fmspc, s.pck.FmspcHex())) {
    return s.Fail("tcb_info_fmspc", "TCB info is for FMSPC " + t.fmspc +
                                        " but the PCK certificate has FMSPC " + s.pck.FmspcHex());
  }
  s.Pass("tcb_info_fmspc", "FMSPC " + s.pck.FmspcHex());
  if (!SameHexIgnoringCase(t.pce_id, s.pck.PceIdHex())) {
    return s.Fail("tcb_info_pce_id", "TCB info is for PCE-ID " + t.pce_id +
                                         " but the PCK certificate has PCE-ID " + s.pck.PceIdHex());
  }
  s.Pass("tcb_info_pce_id", "PCE-ID " + s.pck.PceIdHex());
  return s.CheckWindow("tcb_info_fresh", "TCB info", t.issue_date, t.next_update);
}

bool StepQeIdentity(VerifyState& s) {
  if (s.collateral->qe_identity_body.empty()) {
    return s.Fail("qe_identity_signature", "collateral missing: QE identity");
  }
  auto identity = ParseQeIdentity(s.collateral->qe_identity_body);
  if (!identity.ok()) return s.Fail("qe_identity_signature", identity.status().message());
  s.qe_identity = *std::move(identity);
  const QeIdentity& q = *s.qe_identity;
  if (!VerifySpan(q.signed_span, q.signature, "qe_identity_signature", "enclaveIdentity", s)) {
    return false;
  }
  if (q.id != "QE") {
    // An identity of another enclave (e.g. TD_QE): the quote's QE cannot match it.
    return s.Fail("qe_identity_format",
                  "QE identity is for '" + q.id + "', an SGX quote needs the 'QE' identity",
                  "QE_IDENTITY_MISMATCH");
  }
  if (q.version != 2) {
    return s.Fail("qe_identity_format",
                  "QE identity version is " + std::to_string(q.version) + ", expected 2");
  }
  s.Pass("qe_identity_format", "id QE, version 2");
  return s.CheckWindow("qe_identity_fresh", "QE identity", q.issue_date, q.next_update);
}

}  // namespace mse::attest::internal
