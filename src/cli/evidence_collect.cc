#include "cli/evidence_collect.h"

#include "attest/collateral.h"
#include "attest/pccs_client.h"
#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/sim/platform.h"
#include "attest/verifier.h"
#include "cli/output_dir.h"
#include "cli/pccs_fetch.h"
#include "cli/sim_platform.h"
#include "crypto/pki_rsa.h"
#include "crypto/x509.h"
#include "format/qcnl.h"
#include "net/http_client.h"

namespace mse::cli {

StatusOr<std::string> FetchPeerCertificate(const EnclaveAddress& address) {
  Bytes der;
  net::HttpRequest request;
  request.url = address.BaseUrl() + "/";
  request.verify_tls = false;
  request.timeout = std::chrono::seconds(10);
  request.peer_certificate_verifier = [&der](ByteView peer) {
    der.assign(peer.begin(), peer.end());
    return Status::Ok();
  };
  auto response = net::NewCurlHttpClient()->Send(request);
  if (der.empty()) {
    return UnavailableError("no certificate from " + address.BaseUrl() +
                            (response.ok() ? "" : ": " + response.status().message()));
  }
  MSE_ASSIGN_OR_RETURN(crypto::X509Certificate cert, crypto::X509Certificate::FromDer(der));
  return cert.ToPem();
}

StatusOr<format::Evidence> CollectEvidence(CommandContext& ctx, const EnclaveAddress& address,
                                           const EnclaveArgs& args, const std::string& pccs_url,
                                           const std::string& signer_key_path) {
  format::Evidence evidence;
  evidence.input_args = {args.subject, args.san, args.expiration, args.size_mb, args.app_id, args.application};
  MSE_ASSIGN_OR_RETURN(evidence.ratls_certificate, FetchPeerCertificate(address));
  MSE_ASSIGN_OR_RETURN(attest::RatlsCertificate ratls,
                       attest::ParseRatlsCertificate(AsBytes(evidence.ratls_certificate)));
  MSE_ASSIGN_OR_RETURN(attest::Quote quote, attest::ParseQuote(ratls.quote));
  attest::PccsClient pccs(pccs_url, CurlPccsGet());
  auto collateral = pccs.FetchForQuote(quote);
  if (!collateral.ok()) return collateral.status().WithContext("collateral from the PCCS at " + pccs_url);
  MSE_ASSIGN_OR_RETURN(attest::EvidenceCollateralFields fields, attest::CollateralToEvidence(*collateral));
  evidence.root_ca_crl = fields.root_ca_crl;
  evidence.pck_platform_crl = fields.pck_platform_crl;
  evidence.tcb_info = fields.tcb_info;
  evidence.qe_identity = fields.qe_identity;
  evidence.tcb_cert = fields.tcb_cert;
  auto signer = ctx.env.fs->ReadFile(signer_key_path);
  if (!signer.ok()) return signer.status().WithContext("signer key");
  auto public_pem = crypto::RsaPublicKeyPem(*signer);
  WipeMemory(signer->data(), signer->size());
  if (!public_pem.ok()) return public_pem.status().WithContext(signer_key_path);
  evidence.signer_pk = *public_pem;
  return evidence;
}

Status SaveAndCheckEvidence(CommandContext& ctx, const format::Evidence& evidence, const std::string& dir) {
  std::string evidence_path = JoinPath(dir, "evidence.json");
  MSE_RETURN_IF_ERROR(EnsureOutputDirectory(*ctx.env.fs, dir));
  MSE_RETURN_IF_ERROR(format::SaveEvidence(*ctx.env.fs, evidence_path, evidence));
  // Named apart from the ratls.pem that a successful `home verify` writes:
  // the operator's copy is what the enclave presented, verified by no one.
  MSE_RETURN_IF_ERROR(ctx.env.fs->WriteFile(JoinPath(dir, kUnverifiedCertificateFile), evidence.ratls_certificate));
  ctx.terminal->Success("evidence written to " + evidence_path + " (share it with the code provider)");

  attest::TrustAnchors anchors = attest::TrustAnchors::IntelOnly();
  std::string sim_dir = JoinPath(ctx.ConfPath(), "sim");
  auto platform = attest::sim::SimPlatform::Load(*ctx.env.fs, sim_dir);
  if (platform.ok()) attest::sim::AddSimRoot(anchors, *platform);
  attest::Policy policy;
  auto collateral = attest::CollateralFromEvidence({evidence.root_ca_crl, evidence.pck_platform_crl,
                                                    evidence.tcb_info, evidence.qe_identity, evidence.tcb_cert});
  if (!collateral.ok()) {
    ctx.terminal->Warning("the collected collateral does not load: " + collateral.status().message());
    return Status::Ok();
  }
  auto mr_signer = attest::MrSignerFromPem(evidence.signer_pk);
  if (mr_signer.ok()) policy.expected_mr_signer = *mr_signer;
  attest::Verdict verdict = attest::VerifyRatlsCertificate(AsBytes(evidence.ratls_certificate), *collateral,
                                                           policy, anchors, ctx.env.clock->NowUnixSeconds());
  if (verdict.ok) {
    ctx.terminal->Info(std::string("sanity check of the evidence passed") +
                       (verdict.simulated ? " (SIMULATED platform)" : ""));
  } else {
    ctx.terminal->Warning("sanity check of the evidence failed: " + verdict.failure + ": " + verdict.next_step);
  }
  return Status::Ok();
}

std::string DefaultPccsUrl(const ParsedArgs& args, CommandContext& ctx) {
  if (auto pccs = args.Get("pccs")) return *pccs;
  return format::LoadDefaultPccsUrl(*ctx.env.fs);
}

}  // namespace mse::cli
