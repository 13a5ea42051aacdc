#include "crypto/pki_testing.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdlib>

#include "crypto/pki_openssl.h"
#include "crypto/x509_impl.h"

namespace mse::crypto::testing {
namespace {

using pki_internal::OpenSslError;

EVP_PKEY* Pkey(const TestP256Key& key) { return static_cast<EVP_PKEY*>(key.pkey()); }

bool SetSerial(X509* x, ByteView serial) {
  pki_internal::BignumPtr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  ASN1_INTEGER* value = BN_to_ASN1_INTEGER(bn.get(), nullptr);
  bool ok = value != nullptr && X509_set_serialNumber(x, value) == 1;
  ASN1_INTEGER_free(value);
  return ok;
}

bool SetTime(ASN1_TIME* field, UnixSeconds t) {
  return ASN1_TIME_set(field, static_cast<time_t>(t)) != nullptr;
}

StatusOr<X509Certificate> SignAndWrap(X509* x, const TestP256Key& signing_key) {
  if (X509_sign(x, Pkey(signing_key), EVP_sha256()) <= 0) {
    return InternalError("test certificate signing failed: " + OpenSslError());
  }
  unsigned char* der = nullptr;
  int len = i2d_X509(x, &der);
  if (len <= 0) return InternalError("test certificate encoding failed: " + OpenSslError());
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return X509Certificate::FromDer(out);
}

bool AddCustomExtension(X509* x, const std::string& oid, const Bytes& content) {
  ASN1_OBJECT* obj = OBJ_txt2obj(oid.c_str(), 1);
  ASN1_OCTET_STRING* data = ASN1_OCTET_STRING_new();
  bool ok = obj != nullptr && data != nullptr &&
            ASN1_OCTET_STRING_set(data, content.data(), static_cast<int>(content.size())) == 1;
  X509_EXTENSION* ext = ok ? X509_EXTENSION_create_by_OBJ(nullptr, obj, 0, data) : nullptr;
  ok = ext != nullptr && X509_add_ext(x, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  ASN1_OCTET_STRING_free(data);
  ASN1_OBJECT_free(obj);
  return ok;
}

}  // namespace

TestP256Key TestP256Key::Generate() {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  if (pkey == nullptr) std::abort();  // test helper: no way to continue
  return TestP256Key(pkey);
}

TestP256Key::~TestP256Key() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }
TestP256Key::TestP256Key(TestP256Key&& other) noexcept : pkey_(other.pkey_) {
  other.pkey_ = nullptr;
}
TestP256Key& TestP256Key::operator=(TestP256Key&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_));
    pkey_ = other.pkey_;
    other.pkey_ = nullptr;
  }
  return *this;
}

P256Point TestP256Key::PublicPoint() const {
  P256Point point{};
  size_t len = 0;
  EVP_PKEY_get_octet_string_param(Pkey(*this), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                  point.size(), &len);
  return point;
}

Bytes TestP256Key::SignRaw(ByteView message) const {
  pki_internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, Pkey(*this));
  EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size());
  Bytes der(len);
  EVP_DigestSign(ctx.get(), der.data(), &len, message.data(), message.size());
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len));  // NOLINT
  Bytes raw(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

std::string TestP256Key::PrivateKeyPem() const {
  pki_internal::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), Pkey(*this), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int)
  return std::string(data, static_cast<size_t>(len));
}

StatusOr<X509Certificate> Reissue(const X509Certificate& cert, const ReissueOptions& options,
                                  const TestP256Key& signing_key) {
  pki_internal::X509Ptr x(X509_dup(cert.impl().x509.get()));
  if (x == nullptr) return InternalError("X509_dup: " + OpenSslError());
  if (options.new_subject_key != nullptr) {
    X509_set_pubkey(x.get(), Pkey(*options.new_subject_key));
  }
  const X509_NAME* issuer_name = options.issuer != nullptr
                                     ? X509_get_subject_name(options.issuer->impl().x509.get())
                                     : X509_get_subject_name(x.get());
  X509_set_issuer_name(x.get(), issuer_name);
  if (options.serial && !SetSerial(x.get(), *options.serial)) return InternalError("serial");
  if (options.not_before) SetTime(X509_getm_notBefore(x.get()), *options.not_before);
  if (options.not_after) SetTime(X509_getm_notAfter(x.get()), *options.not_after);
  return SignAndWrap(x.get(), signing_key);
}

StatusOr<X509Certificate> MakeCertificate(const NewCertificateOptions& options,
                                          const TestP256Key& subject_key,
                                          const TestP256Key& signing_key) {
  pki_internal::X509Ptr x(X509_new());
  X509_set_version(x.get(), 2);
  SetSerial(x.get(), options.serial);
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(options.subject_cn.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(x.get(), options.issuer != nullptr
                                    ? X509_get_subject_name(options.issuer->impl().x509.get())
                                    : name);
  SetTime(X509_getm_notBefore(x.get()), options.not_before);
  SetTime(X509_getm_notAfter(x.get()), options.not_after);
  X509_set_pubkey(x.get(), Pkey(subject_key));
  if (options.basic_constraints_ca) {
    BASIC_CONSTRAINTS* bc = BASIC_CONSTRAINTS_new();
    bc->ca = *options.basic_constraints_ca ? 0xFF : 0;
    X509_add1_ext_i2d(x.get(), NID_basic_constraints, bc, 1, X509V3_ADD_DEFAULT);
    BASIC_CONSTRAINTS_free(bc);
  }
  if (!options.subject_alt_name.empty()) {
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                              options.subject_alt_name.c_str());
    if (san == nullptr || X509_add_ext(x.get(), san, -1) != 1) {
      X509_EXTENSION_free(san);
      return InternalError("cannot add subjectAltName: " + OpenSslError());
    }
    X509_EXTENSION_free(san);
  }
  for (const auto& [oid, content] : options.extensions) {
    if (!AddCustomExtension(x.get(), oid, content)) {
      return InternalError("cannot add extension " + oid + ": " + OpenSslError());
    }
  }
  return SignAndWrap(x.get(), signing_key);
}

StatusOr<X509Crl> MakeCrl(const X509Certificate& issuer, const TestP256Key& key,
                          UnixSeconds this_update, UnixSeconds next_update,
                          const std::vector<Bytes>& revoked) {
  pki_internal::X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.impl().x509.get()));
  ASN1_TIME* t = ASN1_TIME_set(nullptr, static_cast<time_t>(this_update));
  X509_CRL_set1_lastUpdate(crl.get(), t);
  ASN1_TIME_set(t, static_cast<time_t>(next_update));
  X509_CRL_set1_nextUpdate(crl.get(), t);
  for (const Bytes& serial : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    pki_internal::BignumPtr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
    ASN1_INTEGER* value = BN_to_ASN1_INTEGER(bn.get(), nullptr);
    X509_REVOKED_set_serialNumber(entry, value);
    X509_REVOKED_set_revocationDate(entry, t);
    X509_CRL_add0_revoked(crl.get(), entry);
    ASN1_INTEGER_free(value);
  }
  ASN1_TIME_free(t);
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), Pkey(key), EVP_sha256()) <= 0) {
    return InternalError("test CRL signing failed: " + OpenSslError());
  }
  unsigned char* der = nullptr;
  int len = i2d_X509_CRL(crl.get(), &der);
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return X509Crl::FromDer(out);
}

std::string GenerateRsaPublicKeyPem(int bits, unsigned exponent) {
  pki_internal::BignumPtr e(BN_new());
  BN_set_word(e.get(), exponent);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr);
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_keygen_init(ctx);
  EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits);
  EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e.get());
  EVP_PKEY_keygen(ctx, &pkey);
  EVP_PKEY_CTX_free(ctx);
  pki_internal::EvpPkeyPtr key(pkey);
  pki_internal::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int)
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace mse::crypto::testing
