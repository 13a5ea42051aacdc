#include "crypto/cert_builder.h"

#include "crypto/pki_openssl.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

namespace mse::crypto {
namespace {

using pki_internal::BioPtr;
using pki_internal::Deleter;
using pki_internal::X509Ptr;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using BnPtr = pki_internal::BignumPtr;
using ObjectPtr = std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT_free>>;
using OctetPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using BasicConstraintsPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS_free>>;

std::string OpenSsl() { return pki_internal::OpenSslError(); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Attribute {
  std::string type;
  std::string value;
  bool continues_rdn = false;  // joined to the previous one with '+'
};

// RFC 4514 string -> attributes in string order.
StatusOr<std::vector<Attribute>> ParseRfc4514(std::string_view text) {
  std::vector<Attribute> out;
  size_t i = 0;
  bool continues = false;
  while (i < text.size()) {
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) {
      return InvalidArgumentError("subject '" + std::string(text) + "': missing '=' after '" +
                                  std::string(text.substr(i)) + "'");
    }
    Attribute attr{std::string(text.substr(i, eq - i)), "", continues};
    if (attr.type.empty()) return InvalidArgumentError("subject: empty attribute type");
    i = eq + 1;
    if (i < text.size() && text[i] == '#') {
      return InvalidArgumentError("subject attribute " + attr.type + ": '#' hex values are not supported");
    }
    for (; i < text.size() && text[i] != ',' && text[i] != '+'; ++i) {
      if (text[i] != '\\') {
        attr.value += text[i];
        continue;
      }
      if (++i == text.size()) return InvalidArgumentError("subject: dangling '\\' at the end");
      int hi = HexDigit(text[i]);
      int lo = i + 1 < text.size() ? HexDigit(text[i + 1]) : -1;
      if (hi >= 0 && lo >= 0) {
        attr.value += static_cast<char>(hi * 16 + lo);
        ++i;
      } else {
        attr.value += text[i];
      }
    }
    continues = i < text.size() && text[i] == '+';
    if (i < text.size()) ++i;  // skip the separator
    out.push_back(std::move(attr));
  }
  if (out.empty()) return InvalidArgumentError("subject is empty");
  return out;
}

// DER order is the reverse of the string order (RFC 4514 §2.1).
StatusOr<NamePtr> BuildName(std::string_view subject) {
  MSE_ASSIGN_OR_RETURN(auto attributes, ParseRfc4514(subject));
  NamePtr name(X509_NAME_new());
  // Walk RDNs from the last; inside an RDN keep the string order.
  size_t end = attributes.size();
  while (end > 0) {
    size_t begin = end - 1;
    while (begin > 0 && attributes[begin].continues_rdn) --begin;
    for (size_t k = begin; k < end; ++k) {
      const Attribute& a = attributes[k];
      int set = k == begin ? 0 : -1;
      if (X509_NAME_add_entry_by_txt(name.get(), a.type.c_str(), MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(a.value.data()),
                                     static_cast<int>(a.value.size()), -1, set) != 1) {
        return InvalidArgumentError("subject attribute '" + a.type + "=" + a.value +
                                    "' rejected: " + OpenSsl());
      }
    }
    end = begin;
  }
  return name;
}

Status SetSerial(X509* cert, Random& random) {
  Bytes serial = random.Generate(20);
  serial[0] &= 0x7f;  // positive, at most 159 bits
  if (serial[0] == 0 && serial[1] == 0) serial[1] = 1;  // never zero, never tiny
  BnPtr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  ASN1_INTEGER* integer = bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr;
  bool ok = integer && X509_set_serialNumber(cert, integer) == 1;
  ASN1_INTEGER_free(integer);
  return ok ? Status::Ok() : InternalError("certificate serial: " + OpenSsl());
}

Status AddSubjectAltName(X509* cert, const std::string& san) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  GENERAL_NAME* name = GENERAL_NAME_new();
  if (ASN1_OCTET_STRING* ip = a2i_IPADDRESS(san.c_str())) {
    GENERAL_NAME_set0_value(name, GEN_IPADD, ip);
  } else {
    ERR_clear_error();
    ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
    ASN1_STRING_set(dns, san.data(), static_cast<int>(san.size()));
    GENERAL_NAME_set0_value(name, GEN_DNS, dns);
  }
  sk_GENERAL_NAME_push(names.get(), name);
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return InternalError("subjectAltName: " + OpenSsl());
  }
  return Status::Ok();
}

Status AddQuote(X509* cert, ByteView quote) {
  ObjectPtr oid(OBJ_txt2obj(kSgxQuoteExtensionOid, 1));
  OctetPtr value(ASN1_OCTET_STRING_new());
  if (!oid || !value ||
      ASN1_OCTET_STRING_set(value.get(), quote.data(), static_cast<int>(quote.size())) != 1) {
    return InternalError("quote extension: " + OpenSsl());
  }
  ExtensionPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return InternalError("quote extension: " + OpenSsl());
  }
  return Status::Ok();
}

Status AddBasicConstraints(X509* cert) {
  BasicConstraintsPtr bc(BASIC_CONSTRAINTS_new());
  bc->ca = 0xff;
  if (X509_add1_ext_i2d(cert, NID_basic_constraints, bc.get(), 1, X509V3_ADD_DEFAULT) != 1) {
    return InternalError("basicConstraints: " + OpenSsl());
  }
  return Status::Ok();
}

StatusOr<std::string> ToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return InternalError("PEM: " + OpenSsl());
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// The fields both certificate kinds share: serial, names, validity, key, SAN.
StatusOr<X509Ptr> NewSelfSigned(const P256PrivateKey& key, const RatlsCertificateSpec& spec, Random& random) {
  if (spec.subject_alt_name.empty()) return InvalidArgumentError("subject alternative name is empty");
  if (spec.not_after_unix <= spec.not_before_unix) {
    return InvalidArgumentError("certificate expiration " + std::to_string(spec.not_after_unix) +
                                " is not after its start " + std::to_string(spec.not_before_unix));
  }
  MSE_ASSIGN_OR_RETURN(NamePtr name, BuildName(spec.subject));
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return InternalError(OpenSsl());
  MSE_RETURN_IF_ERROR(SetSerial(cert.get(), random));
  if (X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), name.get()) != 1 ||
      !ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(spec.not_before_unix)) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(spec.not_after_unix)) ||
      X509_set_pubkey(cert.get(), key.native()) != 1) {
    return InternalError("certificate fields: " + OpenSsl());
  }
  MSE_RETURN_IF_ERROR(AddSubjectAltName(cert.get(), spec.subject_alt_name));
  return cert;
}

StatusOr<std::string> SignToPem(X509* cert, const P256PrivateKey& key) {
  if (X509_sign(cert, key.native(), EVP_sha256()) <= 0) {
    return InternalError("signing the certificate: " + OpenSsl());
  }
  return ToPem(cert);
}

}  // namespace

StatusOr<std::string> BuildRatlsCertificatePem(const P256PrivateKey& key,
                                               const RatlsCertificateSpec& spec, Random& random) {
  MSE_ASSIGN_OR_RETURN(X509Ptr cert, NewSelfSigned(key, spec, random));
  MSE_RETURN_IF_ERROR(AddQuote(cert.get(), spec.quote));
  MSE_RETURN_IF_ERROR(AddBasicConstraints(cert.get()));
  return SignToPem(cert.get(), key);
}

StatusOr<std::string> BuildTlsCertificatePem(const P256PrivateKey& key, const RatlsCertificateSpec& spec,
                                             Random& random) {
  MSE_ASSIGN_OR_RETURN(X509Ptr cert, NewSelfSigned(key, spec, random));
  return SignToPem(cert.get(), key);
}

}  // namespace mse::crypto
