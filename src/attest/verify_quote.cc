// V9–V16: QE report, quote signature, QE identity, TCB, debug, identity,
// RA-TLS binding.
#include <algorithm>
#include <string>

#include "attest/internal/verify_steps.h"
#include "base/encoding.h"
#include "crypto/ecdsa.h"
#include "crypto/hash.h"

namespace mse::attest::internal {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void AddAdvisories(const std::vector<std::string>& ids, std::vector<std::string>& out) {
  for (const std::string& id : ids) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
}

}  // namespace

bool StepQeReport(VerifyState& s) {
  const Quote& q = s.quote;
  Status st = crypto::VerifyEcdsaP256Sha256(s.pck_leaf_key, q.qe_report_raw, q.qe_report_signature);
  if (!st.ok()) {
    return s.Fail("qe_report_signature",
                  "QE report signature does not verify under the PCK leaf key: " + st.message());
  }
  s.Pass("qe_report_signature", "QE report signed by the PCK leaf key");
  crypto::Sha256Hasher hasher;
  hasher.Update(q.attestation_key);
  hasher.Update(q.qe_auth_data);
  const crypto::Sha256Digest expected = hasher.Finish();
  const auto& rd = q.qe_report.report_data;
  const bool low_ok = std::equal(expected.begin(), expected.end(), rd.begin());
  const bool high_zero = std::all_of(rd.begin() + 32, rd.end(), [](uint8_t b) { return b == 0; });
  if (!low_ok || !high_zero) {
    return s.Fail("qe_report_data",
                  "QE report_data is " + HexEncode(rd) + ", expected SHA-256(attestation key ‖ QE "
                  "auth data) = " + HexEncode(expected) + " followed by 32 zero bytes");
  }
  s.Pass("qe_report_data", "SHA-256(attestation key ‖ auth data) ‖ 0³²");
  return true;
}

bool StepQuoteSignature(VerifyState& s) {
  auto key = crypto::P256PointFromXY(s.quote.attestation_key);
  if (!key.ok()) return s.Fail("quote_signature", "attestation key: " + key.status().message());
  Status st = crypto::VerifyEcdsaP256Sha256(*key, s.quote.signed_region(), s.quote.isv_signature);
  if (!st.ok()) {
    return s.Fail("quote_signature", "quote signature over header and enclave report does not "
                                     "verify under the attestation key: " + st.message());
  }
  s.Pass("quote_signature", "header and enclave report signed by the attestation key");
  return true;
}

bool StepQeIdentityMatch(VerifyState& s) {
  const QeIdentity& id = *s.qe_identity;
  const ReportBody& qe = s.quote.qe_report;
  if (qe.mr_signer != id.mrsigner) {
    return s.Fail("qe_identity_match", "QE MRSIGNER " + HexEncode(qe.mr_signer) +
                                           " differs from the QE identity's " +
                                           HexEncode(id.mrsigner));
  }
  if (qe.isv_prod_id != id.isvprodid) {
    return s.Fail("qe_identity_match", "QE ISVPRODID " + std::to_string(qe.isv_prod_id) +
                                           " differs from " + std::to_string(id.isvprodid));
  }
  if ((qe.misc_select & id.miscselect_mask) != id.miscselect) {
    return s.Fail("qe_identity_match", "QE MISCSELECT does not match under the mask");
  }
  for (size_t i = 0; i < 16; ++i) {
    if ((qe.attributes[i] & id.attributes_mask[i]) != id.attributes[i]) {
      return s.Fail("qe_identity_match", "QE ATTRIBUTES " + HexEncode(qe.attributes) +
                                             " do not match the identity under the mask");
    }
  }
  s.qe_match = MatchQeTcb(id, qe.isv_svn);
  const TcbStatus status = s.qe_match ? s.qe_match->status : TcbStatus::kRevoked;
  s.verdict->qe_tcb_status = status;
  s.Pass("qe_identity_match", "MRSIGNER, ISVPRODID, MISCSELECT, ATTRIBUTES match; QE ISVSVN " +
                                  std::to_string(qe.isv_svn) + " → " +
                                  std::string(TcbStatusName(status)));
  return true;
}

bool StepPlatformTcb(VerifyState& s) {
  s.platform_match = MatchPlatformTcb(*s.tcb_info, s.pck);
  if (!s.platform_match) {
    return s.Fail("platform_tcb_level",
                  "TCB level not supported: no level of the TCB info (FMSPC " + s.pck.FmspcHex() +
                      ") is reached by the PCK TCB components and PCESVN " +
                      std::to_string(s.pck.pcesvn));
  }
  Verdict& v = *s.verdict;
  v.platform_tcb_status = s.platform_match->status;
  v.tcb_date = s.platform_match->tcb_date;
  s.Pass("platform_tcb_level", "level #" + std::to_string(s.platform_match->index) + " (" +
                                   s.platform_match->tcb_date + "): " +
                                   std::string(TcbStatusName(s.platform_match->status)));
  return true;
}

bool StepTcbStatus(VerifyState& s) {
  Verdict& v = *s.verdict;
  const TcbStatus qe = v.qe_tcb_status.value_or(TcbStatus::kRevoked);
  const TcbStatus status = ConvergeTcb(qe, *v.platform_tcb_status);
  v.tcb_status = status;
  AddAdvisories(s.platform_match->advisory_ids, v.advisory_ids);
  if (s.qe_match) AddAdvisories(s.qe_match->advisory_ids, v.advisory_ids);
  std::string detail = "TCB " + std::string(TcbStatusName(status)) + " (platform " +
                       std::string(TcbStatusName(*v.platform_tcb_status)) + ", QE " +
                       std::string(TcbStatusName(qe)) + ")";
  if (!v.advisory_ids.empty()) detail += ", advisories " + Join(v.advisory_ids);
  if (status == TcbStatus::kRevoked) return s.Fail("tcb_status", detail, "TCB_REVOKED");
  if (s.policy->accepted_tcb.count(status) == 0) {
    return s.Fail("tcb_status", detail + " is not accepted by the policy");
  }
  if (status != TcbStatus::kUpToDate) v.warnings.push_back("accepted " + detail);
  s.Pass("tcb_status", detail);
  return true;
}

bool StepDebug(VerifyState& s) {
  if (s.quote.isv_report.debug()) {
    return s.Fail("debug_disabled", "the enclave runs in DEBUG mode (ATTRIBUTES.flags bit 1): "
                                    "its memory is readable by the host");
  }
  s.Pass("debug_disabled", "production enclave (DEBUG flag clear)");
  return true;
}

bool StepEnclaveIdentity(VerifyState& s) {
  const Policy& p = *s.policy;
  const ReportBody& r = s.quote.isv_report;
  if (p.expected_mr_signer) {
    if (r.mr_signer != *p.expected_mr_signer) {
      return s.Fail("mr_signer", "Enclave signer is wrong (read " + HexEncode(r.mr_signer) +
                                     " but should be " + HexEncode(*p.expected_mr_signer) + ")");
    }
    s.Pass("mr_signer", HexEncode(r.mr_signer));
  } else {
    s.verdict->warnings.push_back("the enclave signer (MRSIGNER) was not checked");
  }
  if (p.expected_mr_enclave) {
    if (r.mr_enclave != *p.expected_mr_enclave) {
      return s.Fail("mr_enclave", "Code fingerprint is wrong (read " + HexEncode(r.mr_enclave) +
                                      " but should be " + HexEncode(*p.expected_mr_enclave) + ")");
    }
    s.verdict->mr_enclave_checked = true;
    s.Pass("mr_enclave", HexEncode(r.mr_enclave));
  } else {
    s.verdict->warnings.push_back("the code fingerprint (MRENCLAVE) was not checked");
  }
  if (p.expected_isv_prod_id && r.isv_prod_id != *p.expected_isv_prod_id) {
    return s.Fail("isv_prod_id_svn", "ISVPRODID is " + std::to_string(r.isv_prod_id) +
                                         ", expected " + std::to_string(*p.expected_isv_prod_id));
  }
  if (p.min_isv_svn && r.isv_svn < *p.min_isv_svn) {
    return s.Fail("isv_prod_id_svn", "ISVSVN is " + std::to_string(r.isv_svn) +
                                         ", below the minimum " + std::to_string(*p.min_isv_svn));
  }
  if (p.expected_isv_prod_id || p.min_isv_svn) {
    s.Pass("isv_prod_id_svn", "ISVPRODID " + std::to_string(r.isv_prod_id) + ", ISVSVN " +
                                  std::to_string(r.isv_svn));
  }
  return true;
}

bool StepRatlsBinding(const RatlsBinding& binding, VerifyState& s) {
  const crypto::Sha256Digest expected = crypto::Sha256(binding.certificate_key);
  const auto& rd = s.quote.isv_report.report_data;
  if (!std::equal(expected.begin(), expected.end(), rd.begin())) {
    return s.Fail("ratls_binding", "report_data[0:32] is " +
                                       HexEncode(ByteView(rd.data(), 32)) +
                                       ", expected SHA-256 of the certificate key " +
                                       HexEncode(expected));
  }
  s.Pass("ratls_binding", "report_data[0:32] = SHA-256(certificate P-256 point)");
  return true;
}

}  // namespace mse::attest::internal
