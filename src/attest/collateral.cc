#include "attest/collateral.h"

#include <algorithm>
#include <cctype>

#include "base/encoding.h"
#include "crypto/x509.h"

namespace mse::attest {
namespace {

bool LooksLikeHex(std::string_view s) {
  if (s.empty() || s.size() % 2 != 0) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

StatusOr<std::string> ReadRequired(FileSystem& fs, const std::string& dir, const char* name) {
  const std::string path = JoinPath(dir, name);
  if (!fs.Exists(path)) {
    return NotFoundError("collateral file " + path + " is missing");
  }
  return fs.ReadFile(path);
}

StatusOr<std::string> ReadOptional(FileSystem& fs, const std::string& dir, const char* name) {
  const std::string path = JoinPath(dir, name);
  if (!fs.Exists(path)) return std::string();
  return fs.ReadFile(path);
}

bool LooksLikeJsonObject(std::string_view s) {
  s = TrimWhitespace(s);
  return !s.empty() && s.front() == '{';
}

// An evidence body: standard base64 of the JSON (current files), base64 of
// its hex text, optionally newline-terminated (earlier versions of the
// original), or the bare hex text. Whatever the form, the result must be a
// JSON object: the signature is then checked over exactly those bytes.
StatusOr<std::string> DecodeBody(std::string_view stored, std::string_view field) {
  const std::string what = "evidence `" + std::string(field) + "`";
  std::string_view text = TrimWhitespace(stored);
  auto decoded = LooksLikeHex(text) ? HexDecode(text) : Base64Decode(text);
  if (!decoded.ok()) {
    return InvalidArgumentError(what + " is neither standard base64 nor hex: " + decoded.status().message());
  }
  std::string body = ToString(*decoded);
  std::string_view inner = TrimWhitespace(body);
  if (LooksLikeHex(inner)) {
    MSE_ASSIGN_OR_RETURN(Bytes json, HexDecode(inner));
    body = ToString(json);
  }
  if (!LooksLikeJsonObject(body)) {
    return InvalidArgumentError(what + " decodes to neither a JSON object nor the hex text of one (" +
                                std::to_string(body.size()) + " bytes starting with " +
                                HexEncode(AsBytes(std::string_view(body).substr(0, 8))) + ")");
  }
  return body;
}

}  // namespace

StatusOr<Bytes> NormalizeCrl(ByteView data, std::string_view what) {
  std::string_view text = TrimWhitespace(AsStringView(data));
  if (text.find("-----BEGIN X509 CRL-----") != std::string_view::npos) {
    auto blocks = crypto::ParsePemBlocks(text);
    if (!blocks.ok()) return blocks.status().WithContext(std::string(what));
    for (const crypto::PemBlock& block : *blocks) {
      if (block.label == "X509 CRL") return block.der;
    }
  }
  if (LooksLikeHex(text)) {
    auto der = HexDecode(text);
    if (!der.ok()) return der.status().WithContext(std::string(what));
    return *der;
  }
  if (!data.empty() && data[0] == 0x30) return Bytes(data.begin(), data.end());
  return InvalidArgumentError(std::string(what) + " is neither DER, PEM nor hex of a CRL");
}

StatusOr<Collateral> LoadCollateralDirectory(FileSystem& fs, const std::string& dir) {
  Collateral c;
  MSE_ASSIGN_OR_RETURN(std::string root_crl, ReadRequired(fs, dir, kRootCaCrlFile));
  MSE_ASSIGN_OR_RETURN(c.root_ca_crl_der, NormalizeCrl(AsBytes(root_crl), kRootCaCrlFile));
  MSE_ASSIGN_OR_RETURN(std::string pck_crl, ReadRequired(fs, dir, kPckCrlFile));
  MSE_ASSIGN_OR_RETURN(c.pck_crl_der, NormalizeCrl(AsBytes(pck_crl), kPckCrlFile));
  MSE_ASSIGN_OR_RETURN(c.pck_crl_issuer_chain_pem, ReadOptional(fs, dir, kPckCrlIssuerChainFile));
  MSE_ASSIGN_OR_RETURN(c.tcb_info_body, ReadRequired(fs, dir, kTcbInfoFile));
  MSE_ASSIGN_OR_RETURN(c.tcb_info_issuer_chain_pem,
                       ReadRequired(fs, dir, kTcbInfoIssuerChainFile));
  MSE_ASSIGN_OR_RETURN(c.qe_identity_body, ReadRequired(fs, dir, kQeIdentityFile));
  MSE_ASSIGN_OR_RETURN(c.qe_identity_issuer_chain_pem,
                       ReadOptional(fs, dir, kQeIdentityIssuerChainFile));
  return c;
}

Status SaveCollateralDirectory(FileSystem& fs, const std::string& dir,
                               const Collateral& collateral) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(dir, FileMode::kNormal));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kRootCaCrlFile), collateral.root_ca_crl_der));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kPckCrlFile), collateral.pck_crl_der));
  if (!collateral.pck_crl_issuer_chain_pem.empty()) {
    MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kPckCrlIssuerChainFile),
                                     collateral.pck_crl_issuer_chain_pem));
  }
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kTcbInfoFile), collateral.tcb_info_body));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kTcbInfoIssuerChainFile),
                                   collateral.tcb_info_issuer_chain_pem));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kQeIdentityFile), collateral.qe_identity_body));
  if (!collateral.qe_identity_issuer_chain_pem.empty()) {
    MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kQeIdentityIssuerChainFile),
                                     collateral.qe_identity_issuer_chain_pem));
  }
  return Status::Ok();
}

StatusOr<Collateral> CollateralFromEvidence(const EvidenceCollateralFields& fields) {
  Collateral c;
  MSE_ASSIGN_OR_RETURN(c.root_ca_crl_der,
                       NormalizeCrl(AsBytes(fields.root_ca_crl), "evidence root_ca_crl"));
  MSE_ASSIGN_OR_RETURN(c.pck_crl_der,
                       NormalizeCrl(AsBytes(fields.pck_platform_crl), "evidence pck_platform_crl"));
  MSE_ASSIGN_OR_RETURN(c.tcb_info_body, DecodeBody(fields.tcb_info, "tcb_info"));
  MSE_ASSIGN_OR_RETURN(c.qe_identity_body, DecodeBody(fields.qe_identity, "qe_identity"));
  c.tcb_info_issuer_chain_pem = fields.tcb_cert;
  c.qe_identity_issuer_chain_pem = fields.tcb_cert;
  return c;
}

StatusOr<EvidenceCollateralFields> CollateralToEvidence(const Collateral& collateral) {
  EvidenceCollateralFields f;
  f.root_ca_crl = crypto::PemEncode("X509 CRL", collateral.root_ca_crl_der);
  f.pck_platform_crl = crypto::PemEncode("X509 CRL", collateral.pck_crl_der);
  f.tcb_info = Base64Encode(AsBytes(collateral.tcb_info_body));
  f.qe_identity = Base64Encode(AsBytes(collateral.qe_identity_body));
  MSE_ASSIGN_OR_RETURN(auto chain,
                       crypto::X509Certificate::ChainFromPem(collateral.tcb_info_issuer_chain_pem));
  if (chain.empty()) {
    return InvalidArgumentError("collateral: the TCB info issuer chain holds no certificate");
  }
  f.tcb_cert = chain[0].ToPem();
  return f;
}

}  // namespace mse::attest
