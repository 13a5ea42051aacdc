// V1–V6: quote structure, pinned root, PCK chain, CRLs, TCB Signing chain.
#include <string>

#include "attest/internal/verify_steps.h"
#include "base/encoding.h"

namespace mse::attest::internal {
namespace {

std::string Hex(ByteView b) { return HexEncode(b); }

// A certificate's key, or a failed check naming the certificate.
bool KeyOf(const crypto::X509Certificate& cert, const char* check, VerifyState& s,
           crypto::P256Point* out) {
  auto key = cert.PublicKeyP256();
  if (!key.ok()) return s.Fail(check, key.status().message());
  *out = *key;
  return true;
}

// Issuer name and signature of `child` under `issuer`.
bool SignedBy(const crypto::X509Certificate& child, const crypto::X509Certificate& issuer,
              const crypto::P256Point& issuer_key, const char* check, VerifyState& s) {
  if (!child.IssuerNameMatches(issuer)) {
    return s.Fail(check, "issuer of '" + child.SubjectCommonName() + "' is '" + child.IssuerName() +
                             "', expected '" + issuer.SubjectName() + "'");
  }
  Status st = child.VerifySignature(issuer_key);
  if (!st.ok()) return s.Fail(check, st.message());
  s.Pass(check, "'" + child.SubjectCommonName() + "' signed by '" + issuer.SubjectCommonName() + "'");
  return true;
}

// The certificate chain of an issuer-chain header, leaf first, or a failure.
bool ParseChain(const std::string& pem, const char* what, const char* check, VerifyState& s,
                std::vector<crypto::X509Certificate>* out) {
  auto chain = crypto::X509Certificate::ChainFromPem(pem);
  if (!chain.ok()) return s.Fail(check, std::string(what) + ": " + chain.status().message());
  *out = *std::move(chain);
  return true;
}

// Every certificate of a header chain that claims to be a root must carry the
// pinned key (W14: anchor every chain).
bool ChainRootPinned(const std::vector<crypto::X509Certificate>& chain, const char* what,
                     const char* check, VerifyState& s) {
  for (const crypto::X509Certificate& cert : chain) {
    if (!cert.IsSelfIssued()) continue;
    auto key = cert.PublicKeyP256();
    if (!key.ok() || *key != s.root_key) {
      return s.Fail(check, std::string(what) + ": its root '" + cert.SubjectCommonName() +
                               "' is not the trusted root of the quote");
    }
  }
  return true;
}

}  // namespace

bool StepParseQuote(ByteView bytes, VerifyState& s) {
  auto quote = ParseQuote(bytes);
  if (!quote.ok()) return s.Fail("quote_format", quote.status().message());
  s.quote = *std::move(quote);
  std::string detail = "version " + std::to_string(s.quote.version) + ", " +
                       std::to_string(bytes.size()) + " bytes, PCK chain of 3 certificates";
  s.Pass("quote_format", detail);
  return true;
}

bool StepPinnedRoot(VerifyState& s) {
  const crypto::X509Certificate& root = s.quote.root();
  if (!KeyOf(root, "root_pinned", s, &s.root_key)) return false;
  const TrustAnchor* anchor = s.anchors->Find(s.root_key);
  if (anchor == nullptr) {
    return s.Fail("root_pinned", "root '" + root.SubjectCommonName() + "' has key " +
                                     Hex(s.root_key) + ", which is not a trusted anchor");
  }
  if (!root.IsSelfIssued() || !root.VerifySignature(s.root_key).ok()) {
    return s.Fail("root_pinned", "root certificate is not self-signed by the pinned key");
  }
  s.verdict->anchor = anchor->name;
  s.verdict->simulated = anchor->simulated;
  std::string detail = "root key matches '" + anchor->name + "'";
  if (Hex(root.DerSha256()) != kIntelSgxRootDerSha256 && !anchor->simulated) {
    detail += " (an older certificate of the same key)";
  }
  s.Pass("root_pinned", detail);
  return true;
}

bool StepPckChain(VerifyState& s) {
  const Quote& q = s.quote;
  if (!KeyOf(q.pck_ca(), "pck_ca_signature", s, &s.pck_ca_key)) return false;
  if (!SignedBy(q.pck_ca(), q.root(), s.root_key, "pck_ca_signature", s)) return false;
  if (!KeyOf(q.pck_leaf(), "pck_leaf_signature", s, &s.pck_leaf_key)) return false;
  if (!SignedBy(q.pck_leaf(), q.pck_ca(), s.pck_ca_key, "pck_leaf_signature", s)) return false;
  auto ca_type = PckCaTypeFromCommonName(q.pck_ca().SubjectCommonName());
  if (!ca_type.ok()) return s.Fail("pck_chain_profile", ca_type.status().message());
  s.ca_type = *ca_type;
  if (q.pck_leaf().SubjectCommonName() != "Intel SGX PCK Certificate") {
    return s.Fail("pck_chain_profile", "PCK leaf CN is '" + q.pck_leaf().SubjectCommonName() +
                                           "', expected 'Intel SGX PCK Certificate'");
  }
  if (q.pck_ca().BasicConstraintsCa() != std::optional<bool>(true)) {
    return s.Fail("pck_chain_profile", "PCK CA certificate is not marked CA:TRUE");
  }
  auto pck = PckExtensionFromCertificate(q.pck_leaf());
  if (!pck.ok()) return s.Fail("pck_chain_profile", pck.status().message());
  s.pck = *std::move(pck);
  s.verdict->fmspc = s.pck.FmspcHex();
  s.verdict->pce_id = s.pck.PceIdHex();
  s.verdict->pck_ca_type = std::string(PckCaTypeName(s.ca_type));
  s.Pass("pck_chain_profile", "FMSPC " + s.pck.FmspcHex() + ", PCE-ID " + s.pck.PceIdHex() +
                                  ", " + std::string(PckCaTypeName(s.ca_type)) + " CA");
  for (const crypto::X509Certificate* cert : {&q.pck_leaf(), &q.pck_ca(), &q.root()}) {
    if (s.time < cert->NotBefore() || s.time > cert->NotAfter()) {
      return s.Fail("pck_chain_validity",
                    "certificate '" + cert->SubjectCommonName() + "' is valid from " +
                        FormatRfc3339(cert->NotBefore()) + " to " + FormatRfc3339(cert->NotAfter()) +
                        ", not at the verification time " + FormatRfc3339(s.time));
    }
  }
  s.Pass("pck_chain_validity", "leaf, PCK CA and root valid at " + FormatRfc3339(s.time));
  return true;
}

bool StepRootCrl(VerifyState& s) {
  const char* check = "root_crl_signature";
  if (s.collateral->root_ca_crl_der.empty()) return s.Fail(check, "collateral missing: root CA CRL");
  auto crl = crypto::X509Crl::FromDer(s.collateral->root_ca_crl_der);
  if (!crl.ok()) return s.Fail(check, "root CA CRL: " + crl.status().message());
  if (!crl->IssuedBy(s.quote.root())) {
    return s.Fail(check, "root CA CRL issuer is '" + crl->IssuerName() + "', expected '" +
                             s.quote.root().SubjectName() + "'");
  }
  Status st = crl->VerifySignature(s.root_key);
  if (!st.ok()) return s.Fail(check, st.message());
  s.Pass(check, "issued and signed by '" + s.quote.root().SubjectCommonName() + "'");
  s.root_crl = *std::move(crl);
  if (s.root_crl->IsRevoked(s.quote.pck_ca().Serial())) {
    return s.Fail("pck_ca_not_revoked",
                  "PCK CA serial " + Hex(s.quote.pck_ca().Serial()) + " is listed in the root CA CRL");
  }
  s.Pass("pck_ca_not_revoked", "serial " + Hex(s.quote.pck_ca().Serial()) + " not listed");
  return s.CheckWindow("root_crl_fresh", "root CA CRL", s.root_crl->ThisUpdate(),
                       s.root_crl->NextUpdate().value_or(INT64_MIN));
}

bool StepPckCrl(VerifyState& s) {
  const char* check = "pck_crl_signature";
  if (s.collateral->pck_crl_der.empty()) return s.Fail(check, "collateral missing: PCK CRL");
  auto crl = crypto::X509Crl::FromDer(s.collateral->pck_crl_der);
  if (!crl.ok()) return s.Fail(check, "PCK CRL: " + crl.status().message());
  if (!crl->IssuedBy(s.quote.pck_ca())) {
    return s.Fail(check, "PCK CRL issuer is '" + crl->IssuerName() + "', expected the quote's '" +
                             s.quote.pck_ca().SubjectName() + "'");
  }
  Status st = crl->VerifySignature(s.pck_ca_key);
  if (!st.ok()) return s.Fail(check, st.message());
  if (!s.collateral->pck_crl_issuer_chain_pem.empty()) {
    std::vector<crypto::X509Certificate> chain;
    if (!ParseChain(s.collateral->pck_crl_issuer_chain_pem, "PCK CRL issuer chain", check, s,
                    &chain) ||
        !ChainRootPinned(chain, "PCK CRL issuer chain", check, s)) {
      return false;
    }
    if (chain.empty() || chain[0].der() != s.quote.pck_ca().der()) {
      return s.Fail(check, "PCK CRL issuer chain does not start with the quote's PCK CA");
    }
  }
  s.Pass(check, "issued and signed by '" + s.quote.pck_ca().SubjectCommonName() + "'");
  s.pck_crl = *std::move(crl);
  const Bytes serial = s.quote.pck_leaf().Serial();
  if (s.pck_crl->IsRevoked(serial)) {
    return s.Fail("pck_leaf_not_revoked", "PCK leaf serial " + Hex(serial) +
                                              " is listed in the PCK CRL: the platform is revoked");
  }
  s.Pass("pck_leaf_not_revoked", "serial " + Hex(serial) + " not listed");
  return s.CheckWindow("pck_crl_fresh", "PCK CRL (" + s.pck_crl->IssuerCommonName() + ")",
                       s.pck_crl->ThisUpdate(), s.pck_crl->NextUpdate().value_or(INT64_MIN));
}

bool StepTcbSigning(VerifyState& s) {
  const char* check = "tcb_signing_chain";
  std::vector<crypto::X509Certificate> chain;
  if (!ParseChain(s.collateral->tcb_info_issuer_chain_pem, "TCB info issuer chain", check, s,
                  &chain)) {
    return false;
  }
  if (chain.empty()) return s.Fail(check, "collateral missing: TCB info issuer chain");
  if (!ChainRootPinned(chain, "TCB info issuer chain", check, s)) return false;
  const crypto::X509Certificate& tcb = chain[0];
  if (tcb.SubjectCommonName() != "Intel SGX TCB Signing") {
    return s.Fail(check, "first certificate of the TCB info issuer chain is '" +
                             tcb.SubjectCommonName() + "', expected 'Intel SGX TCB Signing'");
  }
  if (!KeyOf(tcb, check, s, &s.tcb_signing_key)) return false;
  if (!s.collateral->qe_identity_issuer_chain_pem.empty()) {
    std::vector<crypto::X509Certificate> qe_chain;
    if (!ParseChain(s.collateral->qe_identity_issuer_chain_pem, "QE identity issuer chain", check,
                    s, &qe_chain) ||
        !ChainRootPinned(qe_chain, "QE identity issuer chain", check, s)) {
      return false;
    }
    const auto qe_key = qe_chain.empty() ? StatusOr<crypto::P256Point>(InvalidArgumentError(""))
                                         : qe_chain[0].PublicKeyP256();
    if (!qe_key.ok() || *qe_key != s.tcb_signing_key) {
      return s.Fail(check, "QE identity issuer chain does not start with the TCB Signing key");
    }
  }
  if (!SignedBy(tcb, s.quote.root(), s.root_key, check, s)) return false;
  s.tcb_signing = tcb;
  if (s.root_crl->IsRevoked(tcb.Serial())) {
    return s.Fail("tcb_signing_not_revoked",
                  "TCB Signing serial " + Hex(tcb.Serial()) + " is listed in the root CA CRL");
  }
  s.Pass("tcb_signing_not_revoked", "serial " + Hex(tcb.Serial()) + " not listed");
  return s.CheckWindow("tcb_signing_validity", "TCB Signing certificate", tcb.NotBefore(),
                       tcb.NotAfter());
}

}  // namespace mse::attest::internal
