// The attestation policy options shared by `home verify` and `attest verify`
// (--at, --accept-tcb, --allow-stale-collateral, --allow-simulation,
// --sim-root, --mrenclave, --mrsigner) turned into verifier inputs.
#ifndef MSE_CLI_VERIFY_OPTIONS_H_
#define MSE_CLI_VERIFY_OPTIONS_H_

#include "attest/policy.h"
#include "attest/time_util.h"
#include "attest/verdict.h"
#include "cli/command_spec.h"

namespace mse::cli {

StatusOr<attest::Policy> PolicyFromArgs(const ParsedArgs& args);
// Intel's pinned root, plus a simulation root only with --allow-simulation:
// the --sim-root certificate, else this machine's simulated platform root.
StatusOr<attest::TrustAnchors> AnchorsFromArgs(const ParsedArgs& args, CommandContext& ctx);
StatusOr<attest::UnixSeconds> VerificationTime(const ParsedArgs& args, CommandContext& ctx);

// Prints the verdict (text, or JSON with --json) on stdout, or on stderr
// when stdout carries the command's own result, and turns a failed verdict
// into an error naming the failure.
enum class VerdictStream { kStdout, kStderr };
Status ReportVerdict(const attest::Verdict& verdict, const ParsedArgs& args, CommandContext& ctx,
                     VerdictStream stream = VerdictStream::kStdout);

}  // namespace mse::cli

#endif  // MSE_CLI_VERIFY_OPTIONS_H_
