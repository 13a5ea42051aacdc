#include "cli/verify_options.h"

#include "attest/sim/platform.h"

namespace mse::cli {
namespace {

// The simulated platform's root certificate on this machine (mse home sim init).
std::string LocalSimRootPath(const CommandContext& ctx) { return JoinPath(ctx.ConfPath(), "sim/root_ca.pem"); }

}  // namespace

StatusOr<attest::Policy> PolicyFromArgs(const ParsedArgs& args) {
  attest::Policy policy;
  if (auto accept = args.Get("accept-tcb")) {
    auto accepted = attest::ParseAcceptTcb(*accept);
    if (!accepted.ok()) return UsageError("--accept-tcb: " + accepted.status().message());
    policy.accepted_tcb = *accepted;
  }
  policy.allow_expired_collateral = args.Flag("allow-stale-collateral");
  for (const char* key : {"mrenclave", "mrsigner"}) {
    auto hex = args.Get(key);
    if (!hex) continue;
    auto value = attest::ParseMeasurementHex(*hex);
    if (!value.ok()) return UsageError(std::string("--") + key + ": " + value.status().message());
    (std::string(key) == "mrenclave" ? policy.expected_mr_enclave : policy.expected_mr_signer) = *value;
  }
  return policy;
}

StatusOr<attest::TrustAnchors> AnchorsFromArgs(const ParsedArgs& args, CommandContext& ctx) {
  attest::TrustAnchors anchors = attest::TrustAnchors::IntelOnly();
  if (!args.Flag("allow-simulation")) {
    if (args.Has("sim-root")) return UsageError("--sim-root needs --allow-simulation");
    return anchors;
  }
  std::string path = args.Has("sim-root") ? ExpandUser(*args.Get("sim-root")) : LocalSimRootPath(ctx);
  auto pem = ctx.env.fs->ReadFile(path);
  if (!pem.ok()) {
    return FailedPreconditionError(
        "--allow-simulation: cannot read the simulation root " + path + " (" + pem.status().message() +
        "); import the operator's root with --sim-root FILE (from `mse home sim export-root`)");
  }
  auto anchor = attest::sim::SimAnchorFromPem(*pem);
  if (!anchor.ok()) return anchor.status().WithContext("simulation root " + path);
  anchor->name = "MSE Simulation Root CA (" + path + ")";
  anchors.anchors.push_back(*anchor);
  ctx.terminal->Warning("trusting the simulated SGX platform root " + path +
                        ": a SIMULATED enclave proves nothing about the code it runs");
  return anchors;
}

StatusOr<attest::UnixSeconds> VerificationTime(const ParsedArgs& args, CommandContext& ctx) {
  if (auto at = args.Get("at")) {
    auto t = attest::ParseRfc3339(*at);
    if (!t.ok()) return UsageError("--at: " + t.status().message());
    return *t;
  }
  return ctx.env.clock->NowUnixSeconds();
}

Status ReportVerdict(const attest::Verdict& verdict, const ParsedArgs& args, CommandContext& ctx,
                     VerdictStream stream) {
  std::string text =
      args.Flag("json") ? attest::RenderVerdictJson(verdict) + "\n" : attest::RenderVerdictText(verdict);
  if (stream == VerdictStream::kStdout) {
    ctx.terminal->Result(text);
  } else {
    std::lock_guard<std::mutex> lock(ctx.terminal->mutex());
    ctx.terminal->err() << text << std::flush;
  }
  if (verdict.ok) return Status::Ok();
  std::string message = "verification failed: " + verdict.failure;
  if (const attest::Check* check = verdict.FirstFailure()) message += " (" + check->name + ")";
  if (verdict.simulated) message += " [SIMULATED]";
  return PermissionDeniedError(message);
}

}  // namespace mse::cli
