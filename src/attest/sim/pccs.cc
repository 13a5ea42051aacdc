#include "attest/sim/pccs.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "base/encoding.h"
#include "crypto/crl.h"

namespace mse::attest::sim {
namespace {

constexpr std::string_view kPrefix = "/sgx/certification/v4/";

PccsResponse Error(int status, std::string message) {
  return PccsResponse{status, {{"Content-Type", "text/plain"}}, std::move(message) + "\n"};
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] != '%') {
      out.push_back(text[i]);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      auto byte = HexDecode(text.substr(i + 1, 2));
      if (!byte.ok()) return std::nullopt;
      out.push_back(static_cast<char>((*byte)[0]));
      i += 2;
    }
  }
  return out;
}

// Query parameters; nullopt when one is malformed.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    params[*key] = *value;
  }
  return params;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

PccsResponse PckCrl(const SimPlatform& p, const std::map<std::string, std::string>& q) {
  auto ca = q.find("ca");
  if (ca == q.end()) return Error(400, "missing parameter 'ca' (platform or processor)");
  if (Lower(ca->second) != "platform") {
    return Error(404, "this simulated platform has only the 'platform' PCK CA, not '" + ca->second + "'");
  }
  auto encoding = q.find("encoding");
  const std::string enc = encoding == q.end() ? "pem" : Lower(encoding->second);
  if (enc != "der" && enc != "pem") return Error(400, "encoding must be 'der' or 'pem'");
  PccsResponse r;
  const Bytes& der = p.collateral().pck_crl_der;
  if (enc == "der") {
    r.headers.push_back({"Content-Type", "application/pkix-crl"});
    r.body.assign(der.begin(), der.end());
  } else {
    auto crl = crypto::X509Crl::FromDer(der);
    if (!crl.ok()) return Error(500, "PCK CRL: " + crl.status().message());
    r.headers.push_back({"Content-Type", "application/x-pem-file"});
    r.body = crl->ToPem();
  }
  r.headers.push_back({"SGX-PCK-CRL-Issuer-Chain", UrlEncode(p.PckCrlIssuerChainPem())});
  return r;
}

PccsResponse TcbInfo(const SimPlatform& p, const std::map<std::string, std::string>& q) {
  auto fmspc = q.find("fmspc");
  if (fmspc == q.end() || fmspc->second.size() != 12 || !HexDecode(fmspc->second).ok()) {
    return Error(400, "parameter 'fmspc' must be 12 hex digits");
  }
  if (Lower(fmspc->second) != Lower(p.pck_extension().FmspcHex())) {
    return Error(404, "no TCB info for FMSPC " + fmspc->second + " (this simulated platform is " +
                          Lower(p.pck_extension().FmspcHex()) + ")");
  }
  const std::string chain = UrlEncode(p.TcbIssuerChainPem());
  return PccsResponse{200,
                      {{"Content-Type", "application/json"},
                       {"TCB-Info-Issuer-Chain", chain},
                       {"SGX-TCB-Info-Issuer-Chain", chain}},
                      p.collateral().tcb_info_body};
}

PccsResponse Route(const SimPlatform& p, std::string_view path, const std::map<std::string, std::string>& q) {
  if (path == "rootcacrl") {
    return PccsResponse{200, {{"Content-Type", "text/plain"}}, HexEncode(p.collateral().root_ca_crl_der)};
  }
  if (path == "pckcrl") return PckCrl(p, q);
  if (path == "tcb") return TcbInfo(p, q);
  if (path == "qe/identity") {
    return PccsResponse{200,
                        {{"Content-Type", "application/json"},
                         {"SGX-Enclave-Identity-Issuer-Chain", UrlEncode(p.TcbIssuerChainPem())}},
                        p.collateral().qe_identity_body};
  }
  return Error(404, "unknown PCCS resource '" + std::string(kPrefix) + std::string(path) +
                        "' (served: rootcacrl, pckcrl, tcb, qe/identity)");
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

PccsResponse HandlePccsRequest(const SimPlatform& platform, std::string_view method,
                               std::string_view target) {
  if (method != "GET" && method != "HEAD") {
    PccsResponse r = Error(405, "method " + std::string(method) + " not allowed: use GET");
    r.headers.push_back({"Allow", "GET, HEAD"});
    return r;
  }
  const size_t qmark = target.find('?');
  const std::string_view path = target.substr(0, qmark);
  if (path.substr(0, kPrefix.size()) != kPrefix) {
    return Error(404, "not a PCCS v4 path: " + std::string(path));
  }
  auto query = ParseQuery(qmark == std::string_view::npos ? "" : target.substr(qmark + 1));
  if (!query) return Error(400, "malformed query string");
  PccsResponse r = Route(platform, path.substr(kPrefix.size()), *query);
  if (method == "HEAD") r.body.clear();
  return r;
}

}  // namespace mse::attest::sim
