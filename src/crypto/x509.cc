#include "crypto/x509.h"

#include <deque>
#include <map>
#include <mutex>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "base/encoding.h"
#include "crypto/pki_openssl.h"
#include "crypto/x509_impl.h"

namespace mse::crypto {

namespace pki_internal {
Bytes Asn1IntegerToBytes(const ASN1_INTEGER* value) {
  BignumPtr bn(ASN1_INTEGER_to_BN(value, nullptr));
  if (bn == nullptr) return {};
  Bytes out(static_cast<size_t>(BN_num_bytes(bn.get())));
  BN_bn2bin(bn.get(), out.data());
  if (out.empty()) out.push_back(0);
  return out;
}
}  // namespace pki_internal

namespace {

using pki_internal::OpenSslError;

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

StatusOr<Bytes> DecodePemBody(std::string_view body, std::string_view label) {
  std::string compact;
  compact.reserve(body.size());
  for (char c : body) {
    if (!std::isspace(static_cast<unsigned char>(c))) compact.push_back(c);
  }
  auto der = Base64Decode(compact);
  if (!der.ok()) {
    return InvalidArgumentError("PEM block '" + std::string(label) +
                                "': " + der.status().message());
  }
  return der;
}

}  // namespace

StatusOr<std::vector<PemBlock>> ParsePemBlocks(std::string_view text) {
  std::vector<PemBlock> blocks;
  size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string_view::npos) {
    size_t label_start = pos + kBegin.size();
    size_t label_end = text.find(kDashes, label_start);
    if (label_end == std::string_view::npos) {
      return InvalidArgumentError("PEM: unterminated BEGIN line at offset " + std::to_string(pos));
    }
    std::string label(text.substr(label_start, label_end - label_start));
    std::string end_marker = std::string(kEnd) + label + std::string(kDashes);
    size_t body_start = label_end + kDashes.size();
    size_t end = text.find(end_marker, body_start);
    if (end == std::string_view::npos) {
      return InvalidArgumentError("PEM: block '" + label + "' has no matching END line");
    }
    MSE_ASSIGN_OR_RETURN(Bytes der, DecodePemBody(text.substr(body_start, end - body_start), label));
    blocks.push_back(PemBlock{label, std::move(der)});
    pos = end + end_marker.size();
  }
  return blocks;
}

std::string PemEncode(std::string_view label, ByteView der) {
  std::string b64 = Base64Encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) {
    out += b64.substr(i, 64);
    out += '\n';
  }
  out += "-----END " + std::string(label) + "-----\n";
  return out;
}

namespace {

// Parsed certificates by the SHA-256 of their DER: the verifier meets the
// same chains (Intel's root and CAs, the TCB Signing certificate) over and
// over, and OpenSSL 3's d2i_X509 is costly (it decodes the key through the
// generic decoders). Identical bytes give an identical parse, so sharing is
// safe; an X509 is only read after it is built. Bounded, FIFO eviction.
class ParsedCertificateCache {
 public:
  std::shared_ptr<const X509Certificate::Impl> Find(const Sha256Digest& digest) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(digest);
    return it == entries_.end() ? nullptr : it->second;
  }
  void Add(const Sha256Digest& digest, std::shared_ptr<const X509Certificate::Impl> impl) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!entries_.emplace(digest, std::move(impl)).second) return;
    order_.push_back(digest);
    if (order_.size() > kCapacity) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  static constexpr size_t kCapacity = 128;
  std::mutex mu_;
  std::map<Sha256Digest, std::shared_ptr<const X509Certificate::Impl>> entries_;
  std::deque<Sha256Digest> order_;
};

ParsedCertificateCache& CertificateCache() {
  static auto* cache = new ParsedCertificateCache();
  return *cache;
}

}  // namespace

StatusOr<X509Certificate> X509Certificate::FromDer(ByteView der) {
  const Sha256Digest digest = Sha256(der);
  if (auto cached = CertificateCache().Find(digest)) return X509Certificate(std::move(cached));
  const unsigned char* p = der.data();
  pki_internal::X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(der.size())));  // NOLINT
  if (x509 == nullptr) {
    return InvalidArgumentError("X.509 certificate does not parse: " + OpenSslError());
  }
  if (p != der.data() + der.size()) {
    return InvalidArgumentError("X.509 certificate has " +
                                std::to_string(der.data() + der.size() - p) +
                                " trailing bytes after its DER encoding");
  }
  auto impl = std::make_shared<Impl>();
  impl->x509 = std::move(x509);
  impl->der.assign(der.begin(), der.end());
  CertificateCache().Add(digest, impl);
  return X509Certificate(std::move(impl));
}

StatusOr<X509Certificate> X509Certificate::FromPem(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(std::vector<X509Certificate> chain, ChainFromPem(pem));
  if (chain.size() != 1) {
    return InvalidArgumentError("expected exactly one PEM certificate, found " +
                                std::to_string(chain.size()));
  }
  return chain[0];
}

StatusOr<std::vector<X509Certificate>> X509Certificate::ChainFromPem(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(std::vector<PemBlock> blocks, ParsePemBlocks(pem));
  std::vector<X509Certificate> chain;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].label != "CERTIFICATE") continue;
    auto cert = FromDer(blocks[i].der);
    if (!cert.ok()) return cert.status().WithContext("PEM certificate #" + std::to_string(i + 1));
    chain.push_back(*std::move(cert));
  }
  return chain;
}

const Bytes& X509Certificate::der() const { return impl_->der; }
std::string X509Certificate::ToPem() const { return PemEncode("CERTIFICATE", impl_->der); }
Sha256Digest X509Certificate::DerSha256() const { return Sha256(impl_->der); }

std::string X509Certificate::SubjectName() const {
  return pki_internal::NameToString(X509_get_subject_name(impl_->x509.get()));
}
std::string X509Certificate::IssuerName() const {
  return pki_internal::NameToString(X509_get_issuer_name(impl_->x509.get()));
}
std::string X509Certificate::SubjectCommonName() const {
  return pki_internal::CommonName(X509_get_subject_name(impl_->x509.get()));
}
std::string X509Certificate::IssuerCommonName() const {
  return pki_internal::CommonName(X509_get_issuer_name(impl_->x509.get()));
}
bool X509Certificate::IsSelfIssued() const {
  return X509_NAME_cmp(X509_get_issuer_name(impl_->x509.get()),
                       X509_get_subject_name(impl_->x509.get())) == 0;
}
bool X509Certificate::IssuerNameMatches(const X509Certificate& issuer) const {
  return X509_NAME_cmp(X509_get_issuer_name(impl_->x509.get()),
                       X509_get_subject_name(issuer.impl_->x509.get())) == 0;
}

Bytes X509Certificate::Serial() const {
  return pki_internal::Asn1IntegerToBytes(X509_get0_serialNumber(impl_->x509.get()));
}

UnixSeconds X509Certificate::NotBefore() const {
  int64_t t = INT64_MIN;  // an unreadable time makes the window check fail
  pki_internal::Asn1TimeToUnix(X509_get0_notBefore(impl_->x509.get()), &t);
  return t;
}
UnixSeconds X509Certificate::NotAfter() const {
  int64_t t = INT64_MIN;
  pki_internal::Asn1TimeToUnix(X509_get0_notAfter(impl_->x509.get()), &t);
  return t;
}

Bytes X509Certificate::SubjectPublicKeyInfo() const {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(impl_->x509.get());
  unsigned char* out = nullptr;
  int len = i2d_X509_PUBKEY(pub, &out);
  if (len <= 0) return {};
  Bytes spki(out, out + len);
  OPENSSL_free(out);
  return spki;
}

StatusOr<P256Point> X509Certificate::PublicKeyP256() const {
  Bytes spki = SubjectPublicKeyInfo();
  constexpr size_t kPrefix = 26;  // see P256PointToSpki
  P256Point dummy{};
  Bytes expected_prefix = P256PointToSpki(dummy);
  if (spki.size() != kPrefix + 65 ||
      !std::equal(spki.begin(), spki.begin() + kPrefix, expected_prefix.begin())) {
    return InvalidArgumentError("certificate '" + SubjectCommonName() +
                                "' does not carry an uncompressed P-256 public key");
  }
  P256Point point;
  std::copy(spki.begin() + kPrefix, spki.end(), point.begin());
  MSE_RETURN_IF_ERROR(ValidateP256Point(point));
  return point;
}

std::vector<std::string> X509Certificate::SubjectAltNames() const {
  std::vector<std::string> names;
  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(impl_->x509.get(), NID_subject_alt_name, nullptr, nullptr));
  if (sans == nullptr) return names;
  for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans, i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* dns = name->d.dNSName;
      names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                         static_cast<size_t>(ASN1_STRING_length(dns)));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      const unsigned char* b = ASN1_STRING_get0_data(ip);
      const int len = ASN1_STRING_length(ip);
      char buf[64] = {0};
      if (len == 4) {
        std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
      } else if (len == 16 && inet_ntop(AF_INET6, b, buf, sizeof(buf)) == nullptr) {
        buf[0] = 0;
      }
      names.emplace_back(buf);
    }
  }
  GENERAL_NAMES_free(sans);
  return names;
}

std::optional<bool> X509Certificate::BasicConstraintsCa() const {
  int crit = 0;
  auto* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(impl_->x509.get(), NID_basic_constraints, &crit, nullptr));
  if (bc == nullptr) return std::nullopt;
  bool ca = bc->ca != 0;
  BASIC_CONSTRAINTS_free(bc);
  return ca;
}

StatusOr<std::optional<Bytes>> X509Certificate::ExtensionValue(std::string_view dotted_oid) const {
  std::string oid_text(dotted_oid);
  ASN1_OBJECT* oid = OBJ_txt2obj(oid_text.c_str(), 1);
  if (oid == nullptr) return InvalidArgumentError("malformed OID '" + oid_text + "'");
  int index = X509_get_ext_by_OBJ(impl_->x509.get(), oid, -1);
  ASN1_OBJECT_free(oid);
  if (index < 0) return std::optional<Bytes>();
  X509_EXTENSION* ext = X509_get_ext(impl_->x509.get(), index);
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
  const unsigned char* bytes = ASN1_STRING_get0_data(data);
  return std::optional<Bytes>(Bytes(bytes, bytes + ASN1_STRING_length(data)));
}

Status X509Certificate::VerifySignature(const P256Point& issuer_key) const {
  if (X509_get_signature_nid(impl_->x509.get()) != NID_ecdsa_with_SHA256) {
    return InvalidArgumentError("certificate '" + SubjectCommonName() +
                                "' is not signed with ecdsa-with-SHA256");
  }
  pki_internal::EvpPkeyPtr key = pki_internal::PkeyFromP256Point(issuer_key);
  if (key == nullptr) return InvalidArgumentError("issuer key: " + OpenSslError());
  if (X509_verify(impl_->x509.get(), key.get()) != 1) {
    ERR_clear_error();
    return UnauthenticatedError("signature of certificate '" + SubjectCommonName() +
                                "' does not verify under the issuer key");
  }
  return Status::Ok();
}

}  // namespace mse::crypto
