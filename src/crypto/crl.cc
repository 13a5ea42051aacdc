#include "crypto/crl.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>

#include "crypto/pki_openssl.h"
#include "crypto/x509_impl.h"

namespace mse::crypto {

struct X509Crl::Impl {
  pki_internal::X509CrlPtr crl;
  Bytes der;
};

namespace {

// Compares unsigned big-endian integers of any zero padding.
bool SameInteger(ByteView a, ByteView b) {
  while (!a.empty() && a.front() == 0) a = a.subspan(1);
  while (!b.empty() && b.front() == 0) b = b.subspan(1);
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

StatusOr<X509Crl> X509Crl::FromDer(ByteView der) {
  const unsigned char* p = der.data();
  pki_internal::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));  // NOLINT
  if (crl == nullptr) {
    return InvalidArgumentError("X.509 CRL does not parse: " + pki_internal::OpenSslError());
  }
  if (p != der.data() + der.size()) {
    return InvalidArgumentError("X.509 CRL has trailing bytes after its DER encoding");
  }
  auto impl = std::make_shared<Impl>();
  impl->crl = std::move(crl);
  impl->der.assign(der.begin(), der.end());
  return X509Crl(std::move(impl));
}

StatusOr<X509Crl> X509Crl::FromPem(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(std::vector<PemBlock> blocks, ParsePemBlocks(pem));
  if (blocks.size() != 1 || blocks[0].label != "X509 CRL") {
    return InvalidArgumentError("expected exactly one 'X509 CRL' PEM block, found " +
                                std::to_string(blocks.size()) + " block(s)");
  }
  return FromDer(blocks[0].der);
}

const Bytes& X509Crl::der() const { return impl_->der; }
std::string X509Crl::ToPem() const { return PemEncode("X509 CRL", impl_->der); }

std::string X509Crl::IssuerName() const {
  return pki_internal::NameToString(X509_CRL_get_issuer(impl_->crl.get()));
}
std::string X509Crl::IssuerCommonName() const {
  return pki_internal::CommonName(X509_CRL_get_issuer(impl_->crl.get()));
}
bool X509Crl::IssuedBy(const X509Certificate& ca) const {
  return X509_NAME_cmp(X509_CRL_get_issuer(impl_->crl.get()),
                       X509_get_subject_name(ca.impl().x509.get())) == 0;
}

UnixSeconds X509Crl::ThisUpdate() const {
  int64_t t = INT64_MAX;  // unreadable: "not yet valid" at any time
  pki_internal::Asn1TimeToUnix(X509_CRL_get0_lastUpdate(impl_->crl.get()), &t);
  return t;
}

std::optional<UnixSeconds> X509Crl::NextUpdate() const {
  const ASN1_TIME* next = X509_CRL_get0_nextUpdate(impl_->crl.get());
  int64_t t = 0;
  if (next == nullptr || !pki_internal::Asn1TimeToUnix(next, &t)) return std::nullopt;
  return t;
}

size_t X509Crl::RevokedCount() const {
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(impl_->crl.get());
  return revoked == nullptr ? 0 : static_cast<size_t>(sk_X509_REVOKED_num(revoked));
}

bool X509Crl::IsRevoked(ByteView serial) const {
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(impl_->crl.get());
  if (revoked == nullptr) return false;
  for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i) {
    const X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, i);
    Bytes listed = pki_internal::Asn1IntegerToBytes(X509_REVOKED_get0_serialNumber(entry));
    if (SameInteger(listed, serial)) return true;
  }
  return false;
}

Status X509Crl::VerifySignature(const P256Point& issuer_key) const {
  if (X509_CRL_get_signature_nid(impl_->crl.get()) != NID_ecdsa_with_SHA256) {
    return InvalidArgumentError("CRL of '" + IssuerCommonName() +
                                "' is not signed with ecdsa-with-SHA256");
  }
  pki_internal::EvpPkeyPtr key = pki_internal::PkeyFromP256Point(issuer_key);
  if (key == nullptr) return InvalidArgumentError("CRL issuer key: " + pki_internal::OpenSslError());
  if (X509_CRL_verify(impl_->crl.get(), key.get()) != 1) {
    ERR_clear_error();
    return UnauthenticatedError("signature of the CRL of '" + IssuerCommonName() +
                                "' does not verify under the issuer key");
  }
  return Status::Ok();
}

}  // namespace mse::crypto
