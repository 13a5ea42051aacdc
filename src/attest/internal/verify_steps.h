// Verification state and the step functions behind VerifyQuote
// (attestation.md §6). Each step records its checks and returns false when
// verification must stop. Internal to src/attest.
#ifndef MSE_ATTEST_INTERNAL_VERIFY_STEPS_H_
#define MSE_ATTEST_INTERNAL_VERIFY_STEPS_H_

#include <optional>
#include <string>

#include "attest/collateral.h"
#include "attest/pck_extension.h"
#include "attest/policy.h"
#include "attest/quote.h"
#include "attest/signed_json.h"
#include "attest/tcb.h"
#include "attest/verdict.h"
#include "attest/verifier.h"
#include "crypto/crl.h"
#include "crypto/x509.h"

namespace mse::attest::internal {

struct VerifyState {
  // Inputs.
  const Collateral* collateral = nullptr;
  const Policy* policy = nullptr;
  const TrustAnchors* anchors = nullptr;
  UnixSeconds time = 0;
  Verdict* verdict = nullptr;

  // Derived as steps pass.
  Quote quote;
  crypto::P256Point root_key{};
  crypto::P256Point pck_ca_key{};
  crypto::P256Point pck_leaf_key{};
  PckExtension pck;
  PckCaType ca_type = PckCaType::kPlatform;
  std::optional<crypto::X509Crl> root_crl;
  std::optional<crypto::X509Crl> pck_crl;
  std::optional<crypto::X509Certificate> tcb_signing;
  crypto::P256Point tcb_signing_key{};
  std::optional<TcbInfo> tcb_info;
  std::optional<QeIdentity> qe_identity;
  std::optional<TcbMatch> platform_match;
  std::optional<TcbMatch> qe_match;

  // Recording. Pass/Fail/Warn take a check name from AllChecks().
  void Pass(const char* name, std::string detail);
  // Always returns false; `failure` overrides the check's default name.
  bool Fail(const char* name, std::string detail, const char* failure = nullptr);
  // A freshness failure: a warning when policy allows expired collateral.
  bool Expired(const char* name, std::string detail);
  // Window check [start, end] of an item at `time` with the §6 rule.
  bool CheckWindow(const char* name, const std::string& what, UnixSeconds start,
                   UnixSeconds end);
};

bool StepParseQuote(ByteView bytes, VerifyState& s);           // V1
bool StepPinnedRoot(VerifyState& s);                           // V2
bool StepPckChain(VerifyState& s);                             // V3
bool StepRootCrl(VerifyState& s);                              // V4
bool StepPckCrl(VerifyState& s);                               // V5
bool StepTcbSigning(VerifyState& s);                           // V6
bool StepTcbInfo(VerifyState& s);                              // V7
bool StepQeIdentity(VerifyState& s);                           // V8
bool StepQeReport(VerifyState& s);                             // V9
bool StepQuoteSignature(VerifyState& s);                       // V10
bool StepQeIdentityMatch(VerifyState& s);                      // V11
bool StepPlatformTcb(VerifyState& s);                          // V12
bool StepTcbStatus(VerifyState& s);                            // V13
bool StepDebug(VerifyState& s);                                // V14
bool StepEnclaveIdentity(VerifyState& s);                      // V15
bool StepRatlsBinding(const RatlsBinding& binding, VerifyState& s);  // V16

// ok = no failure; adds skipped entries for checks that did not run, and
// the next step when it failed.
void FinalizeVerdict(Verdict& verdict);

// The sentence telling a person what to do about a failed verdict.
std::string NextStepFor(const Verdict& verdict);

}  // namespace mse::attest::internal

#endif  // MSE_ATTEST_INTERNAL_VERIFY_STEPS_H_
