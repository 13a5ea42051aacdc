// The code provider's verification of a home enclave (`home verify`, and
// `home seal --evidence`): the evidence's spawn arguments checked against
// what the package fixes, the measurement recomputed from the package, the
// full DCAP verification, and the verdict record written beside the
// certificate so that `seal` only seals to a key that was verified.
// Verdict record layout: docs/file-formats.md ("ratls.verdict.json").
#ifndef MSE_CLI_PROVIDER_VERIFY_H_
#define MSE_CLI_PROVIDER_VERIFY_H_

#include <string>

#include "attest/collateral.h"
#include "attest/verdict.h"
#include "cli/command_spec.h"
#include "cli/verify_options.h"
#include "format/evidence.h"

namespace mse::cli {

// The collateral stored in an evidence file.
StatusOr<attest::Collateral> CollateralOfEvidence(const format::Evidence& evidence);

struct ProviderVerification {
  format::Evidence evidence;
  attest::Verdict verdict;  // ok
};

// Verifies `evidence_path` with the policy options of `args` (--package or
// --mrenclave, --accept-tcb, --allow-simulation, ...), prints the verdict
// (with the operator-chosen values that entered the measurement) and fails
// unless it is trustworthy. With --package, an `input_args.application`
// that differs from the package's mse.toml is refused before anything else.
StatusOr<ProviderVerification> VerifyEvidenceAsProvider(const ParsedArgs& args, CommandContext& ctx,
                                                        const std::string& evidence_path,
                                                        VerdictStream stream = VerdictStream::kStdout);

// `<dir>/ratls.pem` and `<dir>/ratls.verdict.json`, each written atomically.
Status WriteVerifiedCertificate(CommandContext& ctx, const std::string& dir, const ProviderVerification& result);

// The verdict record that belongs to certificate `cert_path`: `X.pem` →
// `X.verdict.json` (any other name: `<name>.verdict.json`).
std::string VerdictRecordPath(const std::string& cert_path);

// When `cert_path` has a verdict record of a successful verification of
// exactly `cert_pem` (SHA-256 compared): the app id it records (the
// operator's spawn argument, "" for records without one). FailedPrecondition
// naming the files and what to do otherwise.
StatusOr<std::string> CheckVerdictRecord(CommandContext& ctx, const std::string& cert_path,
                                         const std::string& cert_pem);

}  // namespace mse::cli

#endif  // MSE_CLI_PROVIDER_VERIFY_H_
