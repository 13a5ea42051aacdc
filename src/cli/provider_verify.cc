#include "cli/provider_verify.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "attest/collateral.h"
#include "attest/ratls.h"
#include "attest/sim/measurement.h"
#include "attest/sim/quote_provider.h"
#include "attest/verifier.h"
#include "base/encoding.h"
#include "base/scoped_dir.h"
#include "cli/verify_options.h"
#include "crypto/hash.h"
#include "format/app_config.h"
#include "format/package.h"

namespace mse::cli {
namespace {

constexpr char kVerdictFormat[] = "mse-verdict/1";

// What the package fixes must be what the operator spawned (formats §19.1:
// `--application` comes from the package's mse.toml).
StatusOr<format::AppConfig> CheckSpawnArguments(CommandContext& ctx, const std::string& mse_toml,
                                                const std::string& evidence_path,
                                                const format::EvidenceInputArgs& in) {
  format::AppConfigLoadOptions options;
  options.mode = format::CloudMode::kSkipCloud;
  auto config = format::LoadAppConfig(*ctx.env.fs, mse_toml, ctx.env.clock->NowUnixSeconds(), options);
  if (!config.ok()) return config.status().WithContext("the package's mse.toml");
  const std::string& expected = config->config.python_application;
  if (in.application != expected) {
    return PermissionDeniedError(evidence_path + ": `input_args.application` is \"" + in.application +
                                 "\" but the package's mse.toml fixes `python_application` = \"" + expected +
                                 "\": the operator did not spawn the application you packaged");
  }
  return config->config;
}

// The simulated platform's MRENCLAVE recomputed from the package alone (no
// Docker): image.tar layers applied in memory, app.tar, the evidence's
// input_args (docs/measurement.md). The package is unpacked safely into a
// temporary directory, removed afterwards.
struct PackageMeasurement {
  attest::Measurement mr_enclave{};
  std::optional<std::string> provider_key;  // canonical "ed25519:<hex>", when the package names one
};

StatusOr<PackageMeasurement> MeasurementOfPackage(CommandContext& ctx, const std::string& package,
                                                  const std::string& evidence_path,
                                                  const format::Evidence& evidence) {
  FileSystem& fs = *ctx.env.fs;
  MSE_ASSIGN_OR_RETURN(std::string temp, fs.MakeTempDirectory(DirName(std::filesystem::absolute(package).string()),
                                                                ".mse-verify-"));
  ScopedDirectory work(fs, temp);
  auto extracted = format::ExtractPackage(package, JoinPath(work.path(), "package"));
  if (!extracted.ok()) return extracted.status();
  const format::EvidenceInputArgs& in = evidence.input_args;
  MSE_ASSIGN_OR_RETURN(format::AppConfig config,
                       CheckSpawnArguments(ctx, extracted->files.mse_toml, evidence_path, in));
  Spinner spinner(*ctx.terminal, "recomputing the measurement from " + BaseName(package));
  MSE_ASSIGN_OR_RETURN(auto trusted, attest::sim::TrustedFilesFromImageTar(fs, extracted->files.image_tar));
  MSE_ASSIGN_OR_RETURN(auto code, attest::sim::CodeFilesFromTar(fs, extracted->files.app_tar));
  attest::sim::SpawnArgs spawn{in.subject, in.subject_alternative_name, in.expiration_date, in.size, in.app_id,
                               in.application};
  PackageMeasurement result;
  result.provider_key = config.provider_public_key;
  spawn.provider_key = result.provider_key;
  result.mr_enclave = attest::sim::ComputeSimMrEnclave(trusted, spawn, code);
  spinner.Stop();
  ctx.terminal->Info("expected MRENCLAVE (simulated platform measurement): " + HexEncode(result.mr_enclave));
  return result;
}

// The operator's spawn arguments, every one of which enters the measurement.
std::vector<std::pair<std::string, std::string>> MeasuredInputs(const format::EvidenceInputArgs& in) {
  std::string expiration = "none: the app serves the owner's certificate (fullchain.pem in the package)";
  if (in.expiration_date) {
    expiration = std::to_string(*in.expiration_date) + " (" + attest::FormatRfc3339(*in.expiration_date) +
                 "): the app serves its RA-TLS certificate until then";
  }
  return {{"app_id", in.app_id},
          {"application", in.application},
          {"size", std::to_string(in.size) + " MB"},
          {"subject", in.subject},
          {"subject_alternative_name", in.subject_alternative_name},
          {"expiration_date", expiration}};
}

std::string CertificateHash(std::string_view pem) { return HexEncode(crypto::Sha256(AsBytes(pem))); }

std::string VerdictRecord(const ProviderVerification& result) {
  const attest::Verdict& v = result.verdict;
  nlohmann::ordered_json j;
  j["format"] = kVerdictFormat;
  j["certificate_sha256"] = CertificateHash(result.evidence.ratls_certificate);
  j["verified_at"] = attest::FormatRfc3339(v.verification_time);
  j["ok"] = v.ok;
  j["simulated"] = v.simulated;
  j["mr_enclave"] = HexEncode(v.identity.mr_enclave);
  j["mr_enclave_checked"] = v.mr_enclave_checked;
  j["mr_signer"] = HexEncode(v.identity.mr_signer);
  j["tcb_status"] = v.tcb_status ? nlohmann::ordered_json(std::string(attest::TcbStatusName(*v.tcb_status)))
                                 : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
  for (const auto& [name, value] : v.measured_inputs) inputs[name] = value;
  j["measured_inputs"] = inputs;
  return j.dump(2) + "\n";
}

}  // namespace

StatusOr<attest::Collateral> CollateralOfEvidence(const format::Evidence& evidence) {
  return attest::CollateralFromEvidence({evidence.root_ca_crl, evidence.pck_platform_crl, evidence.tcb_info,
                                         evidence.qe_identity, evidence.tcb_cert});
}

StatusOr<ProviderVerification> VerifyEvidenceAsProvider(const ParsedArgs& args, CommandContext& ctx,
                                                        const std::string& evidence_path, VerdictStream stream) {
  ProviderVerification result;
  MSE_ASSIGN_OR_RETURN(result.evidence, format::LoadEvidence(*ctx.env.fs, evidence_path));
  const format::Evidence& evidence = result.evidence;
  MSE_ASSIGN_OR_RETURN(attest::Policy policy, PolicyFromArgs(args));
  std::optional<PackageMeasurement> measured;
  if (auto package = args.Get("package")) {
    MSE_ASSIGN_OR_RETURN(measured, MeasurementOfPackage(ctx, ExpandUser(*package), evidence_path, evidence));
    policy.expected_mr_enclave = measured->mr_enclave;
  }
  MSE_ASSIGN_OR_RETURN(policy.expected_mr_signer, attest::MrSignerFromPem(evidence.signer_pk));
  MSE_ASSIGN_OR_RETURN(attest::TrustAnchors anchors, AnchorsFromArgs(args, ctx));
  MSE_ASSIGN_OR_RETURN(attest::UnixSeconds time, VerificationTime(args, ctx));
  auto collateral = CollateralOfEvidence(evidence);
  if (!collateral.ok()) return collateral.status().WithContext(evidence_path);
  result.verdict =
      attest::VerifyRatlsCertificate(AsBytes(evidence.ratls_certificate), *collateral, policy, anchors, time);
  result.verdict.measured_inputs = MeasuredInputs(evidence.input_args);
  if (measured) {
    result.verdict.measured_inputs.emplace_back(
        "provider_public_key", measured->provider_key.value_or("none (compatibility mode)"));
    if (!measured->provider_key) {
      result.verdict.warnings.push_back(
          "the package names no provider key: this enclave accepts the first configuration sent by anyone who "
          "knows its UUID " + evidence.input_args.app_id + " (which is public); add provider_public_key to "
          "mse.toml (`mse home scaffold` does) to accept only yours");
    }
  }
  auto quote = attest::ParseRatlsCertificate(AsBytes(evidence.ratls_certificate));
  if (quote.ok()) attest::sim::ExplainSimulatedRoot(quote->quote, result.verdict);
  MSE_RETURN_IF_ERROR(ReportVerdict(result.verdict, args, ctx, stream).WithContext(evidence_path));
  return result;
}

Status WriteVerifiedCertificate(CommandContext& ctx, const std::string& dir, const ProviderVerification& result) {
  const std::string cert = JoinPath(dir, "ratls.pem");
  MSE_RETURN_IF_ERROR(ctx.env.fs->WriteFile(cert, result.evidence.ratls_certificate));
  return ctx.env.fs->WriteFile(VerdictRecordPath(cert), VerdictRecord(result));
}

std::string VerdictRecordPath(const std::string& cert_path) {
  std::string_view base = cert_path;
  if (base.size() > 4 && base.substr(base.size() - 4) == ".pem") base.remove_suffix(4);
  return std::string(base) + ".verdict.json";
}

StatusOr<std::string> CheckVerdictRecord(CommandContext& ctx, const std::string& cert_path,
                                         const std::string& cert_pem) {
  const std::string record_path = VerdictRecordPath(cert_path);
  const std::string what_to_do =
      ": seal only to a certificate written by a successful `mse home verify` (which writes " +
      BaseName(record_path) + " beside it), or verify here with --evidence FILE and the package; "
      "--unverified seals anyway, to a key the operator may control";
  auto text = ctx.env.fs->ReadFile(record_path);
  if (!text.ok()) {
    return FailedPreconditionError(cert_path + " was not verified: no verdict record " + record_path + what_to_do);
  }
  auto record = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!record.is_object() || record.value("format", "") != kVerdictFormat) {
    return FailedPreconditionError(record_path + " is not a verdict record (" + kVerdictFormat + ")" + what_to_do);
  }
  if (record.value("certificate_sha256", "") != CertificateHash(cert_pem)) {
    return FailedPreconditionError(record_path + " records the verification of another certificate than " +
                                   cert_path + what_to_do);
  }
  if (!record.value("ok", false)) {
    return FailedPreconditionError(record_path + " records a failed verification" + what_to_do);
  }
  std::string verified = record.value("verified_at", "?");
  ctx.terminal->Info("sealing to the enclave verified at " + verified + " (" + BaseName(record_path) + ")" +
                     (record.value("simulated", false) ? ", on a SIMULATED platform" : "") +
                     (record.value("mr_enclave_checked", false) ? "" : ", code fingerprint NOT checked"));
  auto inputs = record.find("measured_inputs");
  if (inputs == record.end() || !inputs->is_object()) return std::string();
  return inputs->value("app_id", "");
}

}  // namespace mse::cli
