#include "attest/decode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "attest/collateral.h"
#include "attest/pck_extension.h"
#include "attest/policy.h"
#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/signed_json.h"
#include "attest/time_util.h"
#include "base/encoding.h"
#include "base/json_depth.h"
#include "crypto/crl.h"
#include "crypto/hash.h"

namespace mse::attest {
namespace {

using Json = nlohmann::ordered_json;

std::string HexNumber(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));  // NOLINT
  return buf;
}

Json ReportJson(const ReportBody& r) {
  return Json{{"cpu_svn", HexEncode(r.cpu_svn)},
              {"misc_select", r.misc_select},
              {"isv_ext_prod_id", HexEncode(r.isv_ext_prod_id)},
              {"attributes", HexEncode(r.attributes)},
              {"flags", HexNumber(r.flags)},
              {"debug", r.debug()},
              {"xfrm", HexNumber(r.xfrm)},
              {"mr_enclave", HexEncode(r.mr_enclave)},
              {"mr_signer", HexEncode(r.mr_signer)},
              {"config_id", HexEncode(r.config_id)},
              {"isv_prod_id", r.isv_prod_id},
              {"isv_svn", r.isv_svn},
              {"config_svn", r.config_svn},
              {"isv_family_id", HexEncode(r.isv_family_id)},
              {"report_data", HexEncode(r.report_data)}};
}

Json CertificateJson(const crypto::X509Certificate& c) {
  Json j{{"subject", c.SubjectName()},
         {"issuer", c.IssuerName()},
         {"serial", HexEncode(c.Serial())},
         {"not_before", FormatRfc3339(c.NotBefore())},
         {"not_after", FormatRfc3339(c.NotAfter())},
         {"der_sha256", HexEncode(c.DerSha256())}};
  auto key = c.PublicKeyP256();
  j["public_key"] = key.ok() ? Json(HexEncode(*key)) : Json(nullptr);
  auto ca = c.BasicConstraintsCa();
  j["basic_constraints_ca"] = ca ? Json(*ca) : Json(nullptr);
  return j;
}

Json PckExtensionJson(const PckExtension& e) {
  Json j{{"fmspc", e.FmspcHex()},
         {"pce_id", e.PceIdHex()},
         {"tcb_components", std::vector<int>(e.tcb_components.begin(), e.tcb_components.end())},
         {"pcesvn", e.pcesvn},
         {"cpusvn", HexEncode(e.cpusvn)},
         {"sgx_type", e.SgxTypeName()},
         {"ppid", HexEncode(e.ppid)}};
  if (e.platform_instance_id) j["platform_instance_id"] = HexEncode(*e.platform_instance_id);
  if (e.dynamic_platform) j["dynamic_platform"] = *e.dynamic_platform;
  if (e.cached_keys) j["cached_keys"] = *e.cached_keys;
  if (e.smt_enabled) j["smt_enabled"] = *e.smt_enabled;
  return j;
}

StatusOr<Json> QuoteJson(ByteView bytes) {
  MSE_ASSIGN_OR_RETURN(Quote q, ParseQuote(bytes));
  Json j{{"size", bytes.size()},
         {"version", q.version},
         {"att_key_type", q.att_key_type},
         {"tee_type", q.tee_type},
         {"qe_svn", q.qe_svn},
         {"pce_svn", q.pce_svn},
         {"qe_vendor_id", HexEncode(q.qe_vendor_id)},
         {"user_data", HexEncode(q.user_data)},
         {"isv_report", ReportJson(q.isv_report)},
         {"signature_data_len", q.signature_data_len},
         {"isv_signature", HexEncode(q.isv_signature)},
         {"attestation_key", HexEncode(q.attestation_key)},
         {"qe_report", ReportJson(q.qe_report)},
         {"qe_report_signature", HexEncode(q.qe_report_signature)},
         {"qe_auth_data", HexEncode(q.qe_auth_data)},
         {"cert_data_type", q.cert_data_type}};
  Json chain = Json::array();
  for (const auto& cert : q.pck_chain) chain.push_back(CertificateJson(cert));
  j["pck_chain"] = chain;
  auto ext = PckExtensionFromCertificate(q.pck_leaf());
  j["pck_extension"] = ext.ok() ? PckExtensionJson(*ext) : Json(ext.status().message());
  auto ca = PckCaTypeFromCommonName(q.pck_ca().SubjectCommonName());
  j["pck_ca"] = ca.ok() ? Json(std::string(PckCaTypeName(*ca))) : Json(nullptr);
  return j;
}

StatusOr<Json> RatlsJson(ByteView data) {
  MSE_ASSIGN_OR_RETURN(RatlsCertificate r, ParseRatlsCertificate(data));
  Json j{{"certificate", CertificateJson(r.certificate)}};
  j["certificate"]["self_signed"] =
      r.certificate.IsSelfIssued() && r.certificate.VerifySignature(r.key).ok();
  auto quote = QuoteJson(r.quote);
  if (!quote.ok()) return quote.status().WithContext("RA-TLS certificate quote");
  const std::string report_data = (*quote)["isv_report"]["report_data"].get<std::string>();
  const std::string key_hash = HexEncode(crypto::Sha256(r.key));
  j["binding"] = {{"certificate_key_sha256", key_hash},
                  {"report_data_matches", report_data.substr(0, 64) == key_hash},
                  {"enclave_x25519_key", report_data.substr(64)}};
  j["quote"] = *std::move(quote);
  return j;
}

Json CrlJson(const std::string& pem) {
  auto der = NormalizeCrl(AsBytes(pem), "CRL");
  if (!der.ok()) return der.status().message();
  auto crl = crypto::X509Crl::FromDer(*der);
  if (!crl.ok()) return crl.status().message();
  return Json{{"issuer", crl->IssuerName()},
              {"this_update", FormatRfc3339(crl->ThisUpdate())},
              {"next_update", crl->NextUpdate() ? Json(FormatRfc3339(*crl->NextUpdate())) : Json()},
              {"revoked", crl->RevokedCount()}};
}

template <typename T>
Json SignedJson(const StatusOr<T>& parsed) {
  if (!parsed.ok()) return parsed.status().message();
  return Json{{"id", parsed->id},
              {"version", parsed->version},
              {"issue_date", parsed->issue_date_text},
              {"next_update", parsed->next_update_text},
              {"tcb_evaluation_data_number", parsed->tcb_evaluation_data_number},
              {"tcb_levels", parsed->levels.size()}};
}

StatusOr<Json> EvidenceJson(ByteView data) {
  // input_args is copied into the output and dumped: bound its nesting.
  MSE_RETURN_IF_ERROR(CheckJsonDepth(AsStringView(data), "evidence.json"));
  Json in = Json::parse(data.begin(), data.end(), nullptr, false);
  if (in.is_discarded() || !in.is_object()) {
    return InvalidArgumentError("evidence.json: not a JSON object");
  }
  auto text = [&](const char* key) {
    return in.contains(key) && in[key].is_string() ? in[key].get<std::string>() : std::string();
  };
  Json j;
  if (in.contains("input_args")) j["input_args"] = in["input_args"];
  auto ratls = RatlsJson(AsBytes(text("ratls_certificate")));
  j["ratls_certificate"] = ratls.ok() ? *ratls : Json(ratls.status().message());
  EvidenceCollateralFields fields{text("root_ca_crl"), text("pck_platform_crl"), text("tcb_info"),
                                  text("qe_identity"), text("tcb_cert")};
  j["root_ca_crl"] = CrlJson(fields.root_ca_crl);
  j["pck_crl"] = CrlJson(fields.pck_platform_crl);
  auto collateral = CollateralFromEvidence(fields);
  if (collateral.ok()) {
    Json tcb = SignedJson(ParseTcbInfo(collateral->tcb_info_body));
    auto info = ParseTcbInfo(collateral->tcb_info_body);
    if (info.ok()) tcb["fmspc"] = info->fmspc;
    j["tcb_info"] = tcb;
    j["qe_identity"] = SignedJson(ParseQeIdentity(collateral->qe_identity_body));
  } else {
    j["collateral_error"] = collateral.status().message();
  }
  auto tcb_cert = crypto::X509Certificate::FromPem(fields.tcb_cert);
  j["tcb_cert"] = tcb_cert.ok() ? CertificateJson(*tcb_cert) : Json(tcb_cert.status().message());
  auto mrsigner = MrSignerFromPem(text("signer_pk"));
  j["signer_pk"] = {{"mr_signer", mrsigner.ok() ? Json(HexEncode(*mrsigner))
                                                : Json(mrsigner.status().message())}};
  return j;
}

void RenderText(const Json& j, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent) * 2, ' ');
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = j.is_object() ? it.key() : "-";
    if (it->is_object() || (it->is_array() && !it->empty() && it->front().is_object())) {
      out += pad + key + ":\n";
      RenderText(*it, indent + 1, out);
    } else {
      out += pad + key + ": " + (it->is_string() ? it->get<std::string>() : it->dump()) + "\n";
    }
  }
}

}  // namespace

StatusOr<DecodedReport> DecodeAttestationInput(ByteView data) {
  size_t first = 0;
  while (first < data.size() && std::isspace(data[first])) ++first;
  DecodedReport report;
  StatusOr<Json> j = InvalidArgumentError("empty input");
  if (first < data.size() && data[first] == '{') {
    report.kind = "evidence";
    j = EvidenceJson(data);
  } else if ((first < data.size() && data[first] == '-') || (!data.empty() && data[0] == 0x30)) {
    report.kind = "ratls_certificate";
    j = RatlsJson(data);
  } else {
    report.kind = "quote";
    j = QuoteJson(data);
  }
  if (!j.ok()) return j.status();
  report.json = j->dump(2, ' ', false, Json::error_handler_t::replace);
  RenderText(*j, 0, report.text);
  return report;
}

}  // namespace mse::attest
