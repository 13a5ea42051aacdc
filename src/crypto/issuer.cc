// OpenSSL plumbing for issuer.h. Extensions are built with the X509V3
// configuration API (standard ones) or added as raw DER (custom OIDs).
#include "crypto/issuer.h"

#include <openssl/ec.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "crypto/pki_openssl.h"
#include "crypto/x509_impl.h"

namespace mse::crypto {
namespace {

using pki_internal::BignumPtr;
using pki_internal::EvpPkeyPtr;
using pki_internal::OpenSslError;
using pki_internal::X509CrlPtr;
using pki_internal::X509Ptr;

using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, pki_internal::Deleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, pki_internal::Deleter<ASN1_TIME_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, pki_internal::Deleter<X509_EXTENSION_free>>;

Asn1IntegerPtr ToAsn1Integer(ByteView value) {
  BignumPtr bn(BN_bin2bn(value.data(), static_cast<int>(value.size()), nullptr));
  if (bn == nullptr) return nullptr;
  return Asn1IntegerPtr(BN_to_ASN1_INTEGER(bn.get(), nullptr));
}

Status SetSubject(X509* x, const CertificateSpec& spec) {
  X509_NAME* name = X509_get_subject_name(x);
  for (const auto& [attribute, value] : spec.subject) {
    if (OBJ_txt2nid(attribute.c_str()) == NID_undef) {
      return InvalidArgumentError("certificate subject: unknown attribute '" + attribute + "'");
    }
    if (X509_NAME_add_entry_by_txt(name, attribute.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1) {
      return InvalidArgumentError("certificate subject: cannot add " + attribute + "=" + value + ": " +
                                  OpenSslError());
    }
  }
  return Status::Ok();
}

// A standard extension from its OpenSSL configuration text.
Status AddConfExtension(X509* x, X509V3_CTX* ctx, int nid, const std::string& value) {
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (ext == nullptr || X509_add_ext(x, ext.get(), -1) != 1) {
    return InternalError(std::string("cannot add ") + OBJ_nid2sn(nid) + " extension: " + OpenSslError());
  }
  return Status::Ok();
}

Status AddRawExtension(X509* x, const RawExtension& raw) {
  std::unique_ptr<ASN1_OBJECT, pki_internal::Deleter<ASN1_OBJECT_free>> obj(OBJ_txt2obj(raw.oid.c_str(), 1));
  if (obj == nullptr) return InvalidArgumentError("malformed extension OID '" + raw.oid + "'");
  std::unique_ptr<ASN1_OCTET_STRING, pki_internal::Deleter<ASN1_OCTET_STRING_free>> data(
      ASN1_OCTET_STRING_new());
  if (data == nullptr ||
      ASN1_OCTET_STRING_set(data.get(), raw.der_value.data(), static_cast<int>(raw.der_value.size())) != 1) {
    return InternalError("extension " + raw.oid + ": " + OpenSslError());
  }
  ExtensionPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), raw.critical ? 1 : 0, data.get()));
  if (ext == nullptr || X509_add_ext(x, ext.get(), -1) != 1) {
    return InternalError("cannot add extension " + raw.oid + ": " + OpenSslError());
  }
  return Status::Ok();
}

Status AddExtensions(X509* x, X509* issuer, const CertificateSpec& spec) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, x, nullptr, nullptr, 0);
  if (spec.ca.has_value()) {
    std::string bc = *spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE";
    if (*spec.ca && spec.path_length) bc += ",pathlen:" + std::to_string(*spec.path_length);
    MSE_RETURN_IF_ERROR(AddConfExtension(x, &ctx, NID_basic_constraints, bc));
  }
  if (spec.key_usage) {
    const bool ca = spec.ca.value_or(false);
    MSE_RETURN_IF_ERROR(
        AddConfExtension(x, &ctx, NID_key_usage,
                         ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation"));
  }
  if (spec.key_identifiers) {
    MSE_RETURN_IF_ERROR(AddConfExtension(x, &ctx, NID_subject_key_identifier, "hash"));
    if (issuer != x) {
      MSE_RETURN_IF_ERROR(AddConfExtension(x, &ctx, NID_authority_key_identifier, "keyid:always"));
    }
  }
  for (const RawExtension& raw : spec.extensions) MSE_RETURN_IF_ERROR(AddRawExtension(x, raw));
  return Status::Ok();
}

Status ValidateSpec(const CertificateSpec& spec) {
  if (spec.subject.empty()) return InvalidArgumentError("certificate subject is empty");
  if (spec.serial.empty()) return InvalidArgumentError("certificate serial is empty");
  if (spec.not_after <= spec.not_before) {
    return InvalidArgumentError("certificate notAfter (" + std::to_string(spec.not_after) +
                                ") must be after notBefore (" + std::to_string(spec.not_before) + ")");
  }
  return Status::Ok();
}

StatusOr<Bytes> CertificateDer(X509* x) {
  unsigned char* der = nullptr;
  int len = i2d_X509(x, &der);
  if (len <= 0) return InternalError("certificate encoding failed: " + OpenSslError());
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

}  // namespace

StatusOr<X509Certificate> IssueCertificate(const CertificateSpec& spec, const P256Point& subject_key,
                                           const P256PrivateKey& signer, const X509Certificate* issuer) {
  MSE_RETURN_IF_ERROR(ValidateSpec(spec));
  MSE_RETURN_IF_ERROR(ValidateP256Point(subject_key));
  EvpPkeyPtr pub = pki_internal::PkeyFromSpki(P256PointToSpki(subject_key));
  if (pub == nullptr) return InvalidArgumentError("subject key: " + OpenSslError());
  X509Ptr x(X509_new());
  Asn1IntegerPtr serial = ToAsn1Integer(spec.serial);
  if (x == nullptr || serial == nullptr || X509_set_version(x.get(), 2) != 1 ||
      X509_set_serialNumber(x.get(), serial.get()) != 1 ||
      ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(spec.not_before)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(spec.not_after)) == nullptr ||
      X509_set_pubkey(x.get(), pub.get()) != 1) {
    return InternalError("certificate fields: " + OpenSslError());
  }
  MSE_RETURN_IF_ERROR(SetSubject(x.get(), spec));
  X509* issuer_x509 = issuer != nullptr ? issuer->impl().x509.get() : x.get();
  if (X509_set_issuer_name(x.get(), X509_get_subject_name(issuer_x509)) != 1) {
    return InternalError("certificate issuer: " + OpenSslError());
  }
  MSE_RETURN_IF_ERROR(AddExtensions(x.get(), issuer_x509, spec));
  if (X509_sign(x.get(), signer.native(), EVP_sha256()) <= 0) {
    return InternalError("certificate signing failed: " + OpenSslError());
  }
  MSE_ASSIGN_OR_RETURN(Bytes der, CertificateDer(x.get()));
  return X509Certificate::FromDer(der);
}

StatusOr<X509Crl> IssueCrl(const X509Certificate& issuer, const P256PrivateKey& signer, const CrlSpec& spec) {
  if (spec.next_update <= spec.this_update) {
    return InvalidArgumentError("CRL nextUpdate must be after thisUpdate");
  }
  X509CrlPtr crl(X509_CRL_new());
  Asn1TimePtr this_update(ASN1_TIME_set(nullptr, static_cast<time_t>(spec.this_update)));
  Asn1TimePtr next_update(ASN1_TIME_set(nullptr, static_cast<time_t>(spec.next_update)));
  if (crl == nullptr || this_update == nullptr || next_update == nullptr ||
      X509_CRL_set_version(crl.get(), 1) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.impl().x509.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), this_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1) {
    return InternalError("CRL fields: " + OpenSslError());
  }
  for (const Bytes& serial : spec.revoked_serials) {
    X509_REVOKED* entry = X509_REVOKED_new();
    Asn1IntegerPtr value = ToAsn1Integer(serial);
    if (entry == nullptr || value == nullptr || X509_REVOKED_set_serialNumber(entry, value.get()) != 1 ||
        X509_REVOKED_set_revocationDate(entry, this_update.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), entry) != 1) {
      X509_REVOKED_free(entry);
      return InternalError("CRL entry: " + OpenSslError());
    }
  }
  if (spec.crl_number) {
    Asn1IntegerPtr number = ToAsn1Integer(*spec.crl_number);
    if (number == nullptr || X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1) {
      return InternalError("CRL number: " + OpenSslError());
    }
  }
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), signer.native(), EVP_sha256()) <= 0) {
    return InternalError("CRL signing failed: " + OpenSslError());
  }
  unsigned char* der = nullptr;
  int len = i2d_X509_CRL(crl.get(), &der);
  if (len <= 0) return InternalError("CRL encoding failed: " + OpenSslError());
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return X509Crl::FromDer(out);
}

StatusOr<std::array<uint8_t, 64>> SignEcdsaP256Raw(const P256PrivateKey& key, ByteView message) {
  pki_internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) != 1) {
    return InternalError("ECDSA signing failed: " + OpenSslError());
  }
  Bytes der(len);
  if (EVP_DigestSign(ctx.get(), der.data(), &len, message.data(), message.size()) != 1) {
    return InternalError("ECDSA signing failed: " + OpenSslError());
  }
  const unsigned char* p = der.data();
  std::unique_ptr<ECDSA_SIG, pki_internal::Deleter<ECDSA_SIG_free>> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));  // NOLINT(runtime/int)
  std::array<uint8_t, 64> raw{};
  if (sig == nullptr || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw.data(), 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw.data() + 32, 32) != 32) {
    return InternalError("ECDSA signature decoding failed: " + OpenSslError());
  }
  return raw;
}

}  // namespace mse::crypto
