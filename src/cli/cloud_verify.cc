#include "cli/cloud_verify.h"

#include "attest/pccs_client.h"
#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/sim/platform.h"
#include "attest/sim/quote_provider.h"
#include "base/encoding.h"
#include "cli/enclave_container.h"
#include "cli/evidence_collect.h"
#include "cli/pccs_fetch.h"
#include "cli/provider_verify.h"
#include "crypto/pki_rsa.h"
#include "crypto/x509.h"

namespace mse::cli {
namespace {

StatusOr<std::string> FetchText(net::HttpClient& http, const std::string& url, const std::string& what) {
  net::HttpRequest request;
  request.url = url;
  request.timeout = std::chrono::seconds(30);
  request.max_attempts = 3;
  auto response = http.Send(request);
  if (!response.ok())
    return UnavailableError("cannot fetch " + what + " from " + url + ": " + response.status().message());
  if (response->status != 200) {
    return UnavailableError("cannot fetch " + what + " from " + url + ": HTTP " +
                            std::to_string(response->status));
  }
  return response->body;
}

// MRSIGNER from the signer's public key, with its fingerprint shown.
StatusOr<attest::Measurement> ExpectedSigner(CommandContext& ctx, CloudServices& services) {
  MSE_ASSIGN_OR_RETURN(std::string url, services.endpoints().SignerUrl());
  MSE_ASSIGN_OR_RETURN(std::string pem, FetchText(services.http(), url, "the enclave signer key"));
  auto spki = crypto::RsaPublicKeyPem(pem);
  if (!spki.ok()) return spki.status().WithContext("the enclave signer key at " + url);
  MSE_ASSIGN_OR_RETURN(auto blocks, crypto::ParsePemBlocks(*spki));
  MSE_ASSIGN_OR_RETURN(attest::Measurement mr_signer, attest::MrSignerFromPem(*spki));
  ctx.terminal->Info("enclave signer key from " + url + ": SHA-256 " +
                     HexEncode(crypto::Sha256(blocks.front().der)) + ", MRSIGNER " + HexEncode(mr_signer));
  return mr_signer;
}

StatusOr<std::string> SimRootPem(const ParsedArgs& args, CommandContext& ctx, CloudServices& services,
                                 std::string& origin) {
  std::optional<std::string> path;
  if (auto file = args.Get("sim-root")) {
    path = ExpandUser(*file);
  } else if (const char* env = ctx.getenv("MSE_SIM_ROOT"); env != nullptr && *env != '\0') {
    path = ExpandUser(env);
  } else {
    MSE_ASSIGN_OR_RETURN(std::optional<std::string> url, services.endpoints().SimRootUrl());
    if (url) {
      origin = *url;
      ctx.terminal->Info("the simulated root comes from the backend (" + *url +
                         "): in simulation the operator is trusted anyway");
      return FetchText(services.http(), *url, "the simulated platform's root");
    }
    path = JoinPath(ctx.ConfPath(), "sim/root_ca.pem");
  }
  origin = *path;
  auto pem = ctx.env.fs->ReadFile(*path);
  if (!pem.ok()) {
    return FailedPreconditionError("cannot read the simulation root " + *path + " (" +
                                   pem.status().message() +
                                   "): give it with --sim-root FILE or MSE_SIM_ROOT");
  }
  return *pem;
}

StatusOr<attest::Collateral> CollateralFor(CloudServices& services, ByteView quote_bytes) {
  MSE_ASSIGN_OR_RETURN(attest::Quote quote, attest::ParseQuote(quote_bytes));
  MSE_ASSIGN_OR_RETURN(std::string pccs_url, services.endpoints().PccsUrl());
  attest::PccsClient pccs(pccs_url, CurlPccsGet());
  auto collateral = pccs.FetchForQuote(quote);
  if (!collateral.ok()) return collateral.status().WithContext("collateral from the PCCS at " + pccs_url);
  return collateral;
}

}  // namespace

std::string CloudSubject(const std::string& config_domain_name) {
  return "CN=" + config_domain_name + ",O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";
}

attest::sim::SpawnArgs SpawnArgsOf(const CloudSpawn& spawn) {
  return attest::sim::SpawnArgs{CloudSubject(spawn.config_domain_name),
                                spawn.config_domain_name,
                                spawn.expiration,
                                spawn.enclave_size_mb,
                                spawn.app_id,
                                spawn.application};
}

std::vector<std::pair<std::string, std::string>> MeasuredInputsOf(const CloudSpawn& spawn) {
  std::string expiration = spawn.expiration ? std::to_string(*spawn.expiration) + " (" +
                                                  attest::FormatRfc3339(*spawn.expiration) + ")"
                                            : "none (owner certificate)";
  return {{"app_id", spawn.app_id},
          {"application", spawn.application},
          {"size", std::to_string(spawn.enclave_size_mb) + " MB"},
          {"subject", CloudSubject(spawn.config_domain_name)},
          {"subject_alternative_name", spawn.config_domain_name},
          {"expiration_date", expiration}};
}

StatusOr<attest::TrustAnchors> CloudAnchors(const ParsedArgs& args, CommandContext& ctx,
                                            CloudServices& services) {
  attest::TrustAnchors anchors = attest::TrustAnchors::IntelOnly();
  if (!args.Flag("allow-simulation") && !EnvFlag(ctx, "MSE_ALLOW_SIMULATION")) {
    if (args.Has("sim-root"))
      return UsageError("--sim-root needs --allow-simulation (or MSE_ALLOW_SIMULATION=1)");
    return anchors;
  }
  std::string origin;
  MSE_ASSIGN_OR_RETURN(std::string pem, SimRootPem(args, ctx, services, origin));
  auto anchor = attest::sim::SimAnchorFromPem(pem);
  if (!anchor.ok()) return anchor.status().WithContext("simulation root " + origin);
  anchor->name = "MSE Simulation Root CA (" + origin + ")";
  anchors.anchors.push_back(*anchor);
  ctx.terminal->Warning("SIMULATED SGX allowed: trusting the simulated platform root from " + origin +
                        ". A simulated enclave proves nothing about the code it runs");
  return anchors;
}

StatusOr<CloudVerification> VerifyCloudEnclave(const ParsedArgs& args, CommandContext& ctx,
                                               CloudServices& services, const CloudTarget& target,
                                               VerdictStream stream) {
  MSE_ASSIGN_OR_RETURN(attest::Policy policy, PolicyFromArgs(args));
  MSE_ASSIGN_OR_RETURN(attest::UnixSeconds time, VerificationTime(args, ctx));
  CloudVerification out;
  const EnclaveAddress address{target.domain, target.port};
  {
    Spinner spinner(*ctx.terminal, "fetching the enclave's certificate from " + address.BaseUrl());
    auto pem = FetchPeerCertificate(address);
    if (!pem.ok())
      return pem.status().WithContext("the enclave at " + address.BaseUrl() + " does not answer");
    out.certificate_pem = *pem;
  }
  auto ratls = attest::ParseRatlsCertificate(AsBytes(out.certificate_pem));
  if (!ratls.ok()) {
    return Status(ratls.status().code(),
                  address.BaseUrl() + ": " + ratls.status().message() + ", verification is not possible");
  }
  MSE_ASSIGN_OR_RETURN(policy.expected_mr_signer, ExpectedSigner(ctx, services));
  policy.expected_mr_enclave = target.expected_mr_enclave;
  policy.expected_ratls_name = target.domain;
  MSE_ASSIGN_OR_RETURN(attest::TrustAnchors anchors, CloudAnchors(args, ctx, services));
  MSE_ASSIGN_OR_RETURN(attest::Collateral collateral, CollateralFor(services, ratls->quote));
  out.verdict =
      attest::VerifyRatlsCertificate(AsBytes(out.certificate_pem), collateral, policy, anchors, time);
  out.verdict.measured_inputs = target.measured_inputs;
  attest::sim::ExplainSimulatedRoot(ratls->quote, out.verdict);
  MSE_RETURN_IF_ERROR(ReportVerdict(out.verdict, args, ctx, stream).WithContext(address.BaseUrl()));
  if (!target.expected_mr_enclave) {
    ctx.terminal->Warning("the code fingerprint (MRENCLAVE) was NOT checked: everything else was");
  }
  return out;
}

Status WriteCloudCertificate(CommandContext& ctx, const std::string& dir,
                             const CloudVerification& verification) {
  ProviderVerification record;
  record.evidence.ratls_certificate = verification.certificate_pem;
  record.verdict = verification.verdict;
  return WriteVerifiedCertificate(ctx, dir, record);
}

}  // namespace mse::cli
