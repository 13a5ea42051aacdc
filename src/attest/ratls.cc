#include "attest/ratls.h"

#include <algorithm>
#include <cctype>

#include "attest/internal/verify_steps.h"
#include "attest/quote.h"
#include "attest/verifier.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::attest {
namespace {

StatusOr<crypto::X509Certificate> ParseAnyCertificate(ByteView data) {
  // DER starts with a SEQUENCE tag; a PEM certificate's DER embeds the
  // quote's own PEM chain, so searching for "-----BEGIN" would misfire.
  if (!data.empty() && data[0] == 0x30) return crypto::X509Certificate::FromDer(data);
  return crypto::X509Certificate::FromPem(AsStringView(data));
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// The certificate checks of §8.3 (1, 2); records "ratls_certificate".
bool CheckCertificate(const RatlsCertificate& ratls, const Policy& policy, UnixSeconds time,
                      internal::VerifyState& s) {
  const crypto::X509Certificate& cert = ratls.certificate;
  Status st = cert.VerifySignature(ratls.key);
  if (!st.ok() || !cert.IsSelfIssued()) {
    return s.Fail("ratls_certificate", "RA-TLS certificate is not self-signed by its own key: " +
                                           (st.ok() ? "issuer differs from subject" : st.message()));
  }
  if (time < cert.NotBefore()) {
    return s.Fail("ratls_certificate", "RA-TLS certificate is not yet valid: it starts at " +
                                           FormatRfc3339(cert.NotBefore()));
  }
  if (time > cert.NotAfter()) {
    const std::string detail = "RA-TLS certificate expired at " + FormatRfc3339(cert.NotAfter());
    if (!policy.allow_expired_collateral) return s.Fail("ratls_certificate", detail);
    return s.Expired("ratls_certificate", detail);
  }
  if (policy.expected_ratls_name) {
    const std::vector<std::string> names = cert.SubjectAltNames();
    const bool found = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
      return SameName(n, *policy.expected_ratls_name);
    });
    if (!found) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      return s.Fail("ratls_certificate", "RA-TLS certificate names [" + list + "], expected '" +
                                             *policy.expected_ratls_name + "'");
    }
  }
  s.Pass("ratls_certificate", "self-signed P-256 certificate '" + cert.SubjectCommonName() +
                                  "' valid until " + FormatRfc3339(cert.NotAfter()));
  return true;
}

}  // namespace

StatusOr<RatlsCertificate> ParseRatlsCertificate(ByteView pem_or_der) {
  MSE_ASSIGN_OR_RETURN(crypto::X509Certificate cert, ParseAnyCertificate(pem_or_der));
  MSE_ASSIGN_OR_RETURN(std::optional<Bytes> quote, cert.ExtensionValue(kRatlsQuoteOid));
  if (!quote.has_value()) {
    return InvalidArgumentError(std::string(kNotMseCertificate) + " (no quote extension " +
                                kRatlsQuoteOid + ")");
  }
  auto key = cert.PublicKeyP256();
  if (!key.ok()) return key.status().WithContext("RA-TLS certificate");
  return RatlsCertificate{cert, *key, *std::move(quote)};
}

StatusOr<EnclaveKey> EnclavePublicKeyFromRatlsCertificate(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(RatlsCertificate ratls, ParseRatlsCertificate(AsBytes(pem)));
  auto quote = ParseQuote(ratls.quote);
  if (!quote.ok()) return quote.status().WithContext("RA-TLS certificate quote");
  const auto& rd = quote->isv_report.report_data;
  const crypto::Sha256Digest expected = crypto::Sha256(ratls.key);
  if (!std::equal(expected.begin(), expected.end(), rd.begin())) {
    return UnauthenticatedError("RA-TLS binding broken: report_data[0:32] is " +
                                HexEncode(ByteView(rd.data(), 32)) +
                                ", not the SHA-256 of the certificate key " + HexEncode(expected));
  }
  EnclaveKey key;
  std::copy(rd.begin() + 32, rd.end(), key.begin());
  if (std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; })) {
    return FailedPreconditionError(
        "this enclave does not support sealed secrets (its report_data carries no X25519 key)");
  }
  return key;
}

Verdict VerifyRatlsCertificate(ByteView pem_or_der, const Collateral& collateral,
                               const Policy& policy, const TrustAnchors& anchors, UnixSeconds time,
                               std::optional<EnclaveKey>* enclave_key) {
  Verdict pre;
  pre.verification_time = time;
  internal::VerifyState s;
  s.policy = &policy;
  s.time = time;
  s.verdict = &pre;
  auto ratls = ParseRatlsCertificate(pem_or_der);
  if (!ratls.ok()) {
    s.Fail("ratls_certificate", ratls.status().message());
  } else {
    CheckCertificate(*ratls, policy, time, s);
  }
  if (!pre.failure.empty()) {
    internal::FinalizeVerdict(pre);
    return pre;
  }
  Verdict v = VerifyQuote(ratls->quote, collateral, policy, anchors, time,
                          RatlsBinding{ratls->key});
  for (Check& c : v.checks) {
    if (c.name == "ratls_certificate") c = pre.checks[0];
  }
  v.warnings.insert(v.warnings.begin(), pre.warnings.begin(), pre.warnings.end());
  v.collateral_expired = v.collateral_expired || pre.collateral_expired;
  if (v.ok && enclave_key != nullptr) {
    EnclaveKey key;
    std::copy(v.identity.report_data.begin() + 32, v.identity.report_data.end(), key.begin());
    const bool zero = std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; });
    *enclave_key = zero ? std::nullopt : std::optional<EnclaveKey>(key);
    if (zero) v.warnings.push_back("this enclave does not support sealed secrets");
  }
  return v;
}

std::function<Status(ByteView)> MakeRatlsPeerVerifier(Collateral collateral, Policy policy,
                                                      TrustAnchors anchors, UnixSeconds time) {
  return [collateral = std::move(collateral), policy = std::move(policy),
          anchors = std::move(anchors), time](ByteView peer_der) -> Status {
    Verdict v = VerifyRatlsCertificate(peer_der, collateral, policy, anchors, time);
    if (v.ok) return Status::Ok();
    const Check* failed = v.FirstFailure();
    return PermissionDeniedError("RA-TLS peer verification failed: " + v.failure +
                                 (failed != nullptr ? " (" + failed->detail + ")" : "") + "; " +
                                 v.next_step);
  };
}

}  // namespace mse::attest
