#include "attest/pccs_client.h"

#include <algorithm>
#include <cctype>

#include "base/encoding.h"

namespace mse::attest {
namespace {

constexpr char kPrefix[] = "/sgx/certification/v4";

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

const std::string* FindHeader(const PccsHttpResponse& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (SameName(key, name)) return &value;
  }
  return nullptr;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

StatusOr<std::string> PercentDecode(std::string_view text, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return InvalidArgumentError(std::string(what) + ": bad URL encoding");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// The issuer chain from the first present header among `names`.
StatusOr<std::string> IssuerChain(const PccsHttpResponse& r,
                                  std::initializer_list<std::string_view> names,
                                  const std::string& url) {
  for (std::string_view name : names) {
    if (const std::string* value = FindHeader(r, name)) return PercentDecode(*value, name);
  }
  return InvalidArgumentError("PCCS answer from " + url + " has no " +
                              std::string(*names.begin()) + " header");
}

Status StatusForHttp(long code, const std::string& url, std::string_view what) {  // NOLINT
  const std::string msg = "PCCS " + std::string(what) + ": HTTP " + std::to_string(code) + " from " +
                          url;
  if (code == 404) return NotFoundError(msg + " (the PCCS has no such collateral)");
  if (code == 400) return InvalidArgumentError(msg + " (the PCCS rejected the request)");
  if (code == 401 || code == 403) return PermissionDeniedError(msg + " (check the PCCS API key)");
  if (code >= 500) return UnavailableError(msg + " (PCCS or Intel PCS unavailable; retry later)");
  return InternalError(msg + " (unexpected status)");
}

}  // namespace

std::string PccsUrl(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + kPrefix + std::string(path);
}

PccsClient::PccsClient(std::string base_url, PccsHttpGet get)
    : base_url_(std::move(base_url)), get_(std::move(get)) {}

StatusOr<PccsHttpResponse> PccsClient::Fetch(const std::string& path, std::string_view what) {
  const std::string url = PccsUrl(base_url_, path);
  auto response = get_(url);
  if (!response.ok()) return response.status().WithContext("PCCS " + std::string(what));
  if (response->status != 200) return StatusForHttp(response->status, url, what);
  return response;
}

StatusOr<Bytes> PccsClient::GetRootCaCrl() {
  MSE_ASSIGN_OR_RETURN(PccsHttpResponse r, Fetch("/rootcacrl", "root CA CRL"));
  return NormalizeCrl(AsBytes(r.body), "PCCS root CA CRL");
}

StatusOr<Collateral> PccsClient::GetPckCrl(PckCaType ca) {
  const std::string path = "/pckcrl?ca=" + std::string(PckCaTypeName(ca)) + "&encoding=der";
  MSE_ASSIGN_OR_RETURN(PccsHttpResponse r, Fetch(path, "PCK CRL"));
  Collateral c;
  MSE_ASSIGN_OR_RETURN(c.pck_crl_der, NormalizeCrl(AsBytes(r.body), "PCCS PCK CRL"));
  MSE_ASSIGN_OR_RETURN(c.pck_crl_issuer_chain_pem,
                       IssuerChain(r, {"SGX-PCK-CRL-Issuer-Chain"}, PccsUrl(base_url_, path)));
  return c;
}

StatusOr<Collateral> PccsClient::GetTcbInfo(std::string_view fmspc_hex) {
  std::string fmspc(fmspc_hex);
  std::transform(fmspc.begin(), fmspc.end(), fmspc.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const std::string path = "/tcb?fmspc=" + fmspc;
  MSE_ASSIGN_OR_RETURN(PccsHttpResponse r, Fetch(path, "TCB info"));
  Collateral c;
  c.tcb_info_body = std::move(r.body);
  MSE_ASSIGN_OR_RETURN(c.tcb_info_issuer_chain_pem,
                       IssuerChain(r, {"TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"},
                                   PccsUrl(base_url_, path)));
  return c;
}

StatusOr<Collateral> PccsClient::GetQeIdentity() {
  MSE_ASSIGN_OR_RETURN(PccsHttpResponse r, Fetch("/qe/identity", "QE identity"));
  Collateral c;
  c.qe_identity_body = std::move(r.body);
  MSE_ASSIGN_OR_RETURN(c.qe_identity_issuer_chain_pem,
                       IssuerChain(r, {"SGX-Enclave-Identity-Issuer-Chain"},
                                   PccsUrl(base_url_, "/qe/identity")));
  return c;
}

StatusOr<Collateral> PccsClient::FetchForQuote(const Quote& quote) {
  MSE_ASSIGN_OR_RETURN(PckExtension pck, PckExtensionFromCertificate(quote.pck_leaf()));
  MSE_ASSIGN_OR_RETURN(PckCaType ca, PckCaTypeFromCommonName(quote.pck_ca().SubjectCommonName()));
  Collateral c;
  MSE_ASSIGN_OR_RETURN(c.root_ca_crl_der, GetRootCaCrl());
  MSE_ASSIGN_OR_RETURN(Collateral pck_crl, GetPckCrl(ca));
  c.pck_crl_der = std::move(pck_crl.pck_crl_der);
  c.pck_crl_issuer_chain_pem = std::move(pck_crl.pck_crl_issuer_chain_pem);
  MSE_ASSIGN_OR_RETURN(Collateral tcb, GetTcbInfo(pck.FmspcHex()));
  c.tcb_info_body = std::move(tcb.tcb_info_body);
  c.tcb_info_issuer_chain_pem = std::move(tcb.tcb_info_issuer_chain_pem);
  MSE_ASSIGN_OR_RETURN(Collateral qe, GetQeIdentity());
  c.qe_identity_body = std::move(qe.qe_identity_body);
  c.qe_identity_issuer_chain_pem = std::move(qe.qe_identity_issuer_chain_pem);
  return c;
}

}  // namespace mse::attest
