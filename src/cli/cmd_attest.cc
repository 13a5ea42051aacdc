// mse attest show | verify, and mse home verify: the attestation verifier
// (src/attest) behind the command line.
#include "attest/collateral.h"
#include "attest/decode.h"
#include "attest/pccs_client.h"
#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/verifier.h"
#include "attest/sim/quote_provider.h"
#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/output_dir.h"
#include "cli/pccs_fetch.h"
#include "cli/provider_verify.h"
#include "cli/verify_options.h"
#include "format/evidence.h"

namespace mse::cli {
namespace {

bool LooksLikeJson(std::string_view data) {
  size_t first = data.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && data[first] == '{';
}
// A PEM or DER certificate (a quote starts with its version, 03 00 or 04 00,
// and carries PEM text only deep inside, so only the start is looked at).
bool LooksLikeCertificate(std::string_view data) {
  size_t first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  return data.substr(first).rfind("-----BEGIN", 0) == 0 || static_cast<uint8_t>(data[0]) == 0x30;
}

// --collateral DIR, --pccs URL (fetched for `quote`), or the evidence's own.
StatusOr<attest::Collateral> CollateralFor(const ParsedArgs& args, CommandContext& ctx, ByteView quote,
                                           const format::Evidence* evidence) {
  if (auto dir = args.Get("collateral")) return attest::LoadCollateralDirectory(*ctx.env.fs, ExpandUser(*dir));
  if (auto url = args.Get("pccs")) {
    MSE_ASSIGN_OR_RETURN(attest::Quote parsed, attest::ParseQuote(quote));
    attest::PccsClient pccs(*url, CurlPccsGet());
    return pccs.FetchForQuote(parsed);
  }
  if (evidence != nullptr) return CollateralOfEvidence(*evidence);
  return UsageError("give the collateral with --collateral DIR or --pccs URL");
}

StatusOr<Bytes> QuoteOfCertificate(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(auto info, attest::ParseRatlsCertificate(AsBytes(pem)));
  return info.quote;
}

}  // namespace

Status RunAttestShow(const ParsedArgs& args, CommandContext& ctx) {
  std::string path = *args.Get("file");
  MSE_ASSIGN_OR_RETURN(std::string data, ctx.env.fs->ReadFile(path));
  auto report = attest::DecodeAttestationInput(AsBytes(data));
  if (!report.ok()) return report.status().WithContext(path);
  ctx.terminal->Result(args.Flag("json") ? report->json + "\n" : report->text);
  return Status::Ok();
}

Status RunAttestVerify(const ParsedArgs& args, CommandContext& ctx) {
  std::string path = *args.Get("file");
  MSE_ASSIGN_OR_RETURN(std::string data, ctx.env.fs->ReadFile(path));
  MSE_ASSIGN_OR_RETURN(attest::Policy policy, PolicyFromArgs(args));
  MSE_ASSIGN_OR_RETURN(attest::TrustAnchors anchors, AnchorsFromArgs(args, ctx));
  MSE_ASSIGN_OR_RETURN(attest::UnixSeconds time, VerificationTime(args, ctx));
  attest::Verdict verdict;
  if (LooksLikeJson(data)) {
    MSE_ASSIGN_OR_RETURN(format::Evidence evidence, format::ParseEvidence(data, path));
    if (!policy.expected_mr_signer) {
      MSE_ASSIGN_OR_RETURN(policy.expected_mr_signer, attest::MrSignerFromPem(evidence.signer_pk));
    }
    MSE_ASSIGN_OR_RETURN(Bytes quote, QuoteOfCertificate(evidence.ratls_certificate));
    MSE_ASSIGN_OR_RETURN(attest::Collateral collateral, CollateralFor(args, ctx, quote, &evidence));
    verdict = attest::VerifyRatlsCertificate(AsBytes(evidence.ratls_certificate), collateral, policy, anchors, time);
    attest::sim::ExplainSimulatedRoot(quote, verdict);
  } else if (LooksLikeCertificate(data)) {
    MSE_ASSIGN_OR_RETURN(Bytes quote, QuoteOfCertificate(data));
    MSE_ASSIGN_OR_RETURN(attest::Collateral collateral, CollateralFor(args, ctx, quote, nullptr));
    verdict = attest::VerifyRatlsCertificate(AsBytes(data), collateral, policy, anchors, time);
    attest::sim::ExplainSimulatedRoot(quote, verdict);
  } else {
    MSE_ASSIGN_OR_RETURN(attest::Collateral collateral, CollateralFor(args, ctx, AsBytes(data), nullptr));
    verdict = attest::VerifyQuote(AsBytes(data), collateral, policy, anchors, time);
    attest::sim::ExplainSimulatedRoot(AsBytes(data), verdict);
  }
  return ReportVerdict(verdict, args, ctx).WithContext(path);
}

Status RunHomeVerify(const ParsedArgs& args, CommandContext& ctx) {
  std::string output = ExpandUser(*args.Get("output"));
  MSE_RETURN_IF_ERROR(CheckOutputDirectory(*ctx.env.fs, output));
  MSE_ASSIGN_OR_RETURN(ProviderVerification result,
                       VerifyEvidenceAsProvider(args, ctx, ExpandUser(*args.Get("evidence"))));
  MSE_RETURN_IF_ERROR(EnsureOutputDirectory(*ctx.env.fs, output));
  MSE_RETURN_IF_ERROR(WriteVerifiedCertificate(ctx, output, result));
  std::string ratls = JoinPath(output, "ratls.pem");
  ctx.terminal->Success("the enclave is trustworthy; its RA-TLS certificate is in " + ratls);
  ctx.terminal->Advice("seal your secrets to it: mse home seal --secrets secrets_to_seal.json --cert " + ratls +
                       " --output DIR");
  return Status::Ok();
}

}  // namespace mse::cli
