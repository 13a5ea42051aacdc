#include "crypto/cert_builder.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "base/fake_env.h"

namespace mse::crypto {
namespace {

constexpr char kSubject[] = "CN=cosmian.io,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";
constexpr int64_t kNow = 1700000000;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr Parse(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return X509Ptr(cert);
}

std::string Entry(X509_NAME* name, int index) {
  X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, index);
  char type[64];
  OBJ_obj2txt(type, sizeof type, X509_NAME_ENTRY_get_object(entry), 0);
  ASN1_STRING* value = X509_NAME_ENTRY_get_data(entry);
  return std::string(type) + "=" +
         std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     ASN1_STRING_length(value));
}

class CertBuilderTest : public ::testing::Test {
 protected:
  StatusOr<std::string> Build(const std::string& subject, const std::string& san) {
    RatlsCertificateSpec spec{subject, san, kNow, kNow + 36000, quote_};
    return BuildRatlsCertificatePem(key_, spec, random_);
  }
  P256PrivateKey key_ = std::move(P256PrivateKey::Generate()).value();
  Bytes quote_ = Bytes{0x03, 0x00, 0x02, 0x00, 0xde, 0xad, 0xbe, 0xef};
  FakeRandom random_;
};

TEST_F(CertBuilderTest, ParsesBackWithEveryField) {
  auto pem = Build(kSubject, "localhost");
  ASSERT_TRUE(pem.ok()) << pem.status().ToString();
  X509Ptr cert = Parse(*pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  // DER order is the reverse of the string order.
  X509_NAME* subject = X509_get_subject_name(cert.get());
  ASSERT_EQ(X509_NAME_entry_count(subject), 5);
  EXPECT_EQ(Entry(subject, 0), "stateOrProvinceName=Ile-de-France");
  EXPECT_EQ(Entry(subject, 1), "localityName=Paris");
  EXPECT_EQ(Entry(subject, 2), "countryName=FR");
  EXPECT_EQ(Entry(subject, 3), "organizationName=Cosmian Tech");
  EXPECT_EQ(Entry(subject, 4), "commonName=cosmian.io");
  EXPECT_EQ(X509_NAME_cmp(subject, X509_get_issuer_name(cert.get())), 0);
  // Serial: positive, at most 159 bits.
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr);
  EXPECT_FALSE(BN_is_negative(serial));
  EXPECT_LE(BN_num_bits(serial), 159);
  EXPECT_GT(BN_num_bits(serial), 100);
  BN_free(serial);
  // Validity.
  int day = 0, sec = 0;
  ASN1_TIME* start = ASN1_TIME_set(nullptr, kNow);
  ASSERT_TRUE(ASN1_TIME_diff(&day, &sec, start, X509_get0_notBefore(cert.get())));
  EXPECT_EQ(day * 86400 + sec, 0);
  ASSERT_TRUE(ASN1_TIME_diff(&day, &sec, start, X509_get0_notAfter(cert.get())));
  EXPECT_EQ(day * 86400 + sec, 36000);
  ASN1_TIME_free(start);
  // Signature and self-signature.
  EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
}

TEST_F(CertBuilderTest, ExtensionsInOrderWithCriticality) {
  auto pem = Build(kSubject, "localhost");
  X509Ptr cert = Parse(*pem);
  ASSERT_EQ(X509_get_ext_count(cert.get()), 3);
  X509_EXTENSION* san = X509_get_ext(cert.get(), 0);
  EXPECT_EQ(OBJ_obj2nid(X509_EXTENSION_get_object(san)), NID_subject_alt_name);
  EXPECT_FALSE(X509_EXTENSION_get_critical(san));
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
  ASSERT_EQ(sk_GENERAL_NAME_num(names), 1);
  GENERAL_NAME* name = sk_GENERAL_NAME_value(names, 0);
  ASSERT_EQ(name->type, GEN_DNS);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName))), "localhost");
  GENERAL_NAMES_free(names);

  X509_EXTENSION* quote = X509_get_ext(cert.get(), 1);
  char oid[64];
  OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(quote), 1);
  EXPECT_STREQ(oid, "1.2.840.113741.1337.6");
  EXPECT_FALSE(X509_EXTENSION_get_critical(quote));
  ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(quote);
  EXPECT_EQ(Bytes(ASN1_STRING_get0_data(data), ASN1_STRING_get0_data(data) + ASN1_STRING_length(data)),
            quote_);

  X509_EXTENSION* bc_ext = X509_get_ext(cert.get(), 2);
  EXPECT_EQ(OBJ_obj2nid(X509_EXTENSION_get_object(bc_ext)), NID_basic_constraints);
  EXPECT_TRUE(X509_EXTENSION_get_critical(bc_ext));
  auto* bc = static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(cert.get(), NID_basic_constraints, nullptr, nullptr));
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(bc->pathlen, nullptr);
  BASIC_CONSTRAINTS_free(bc);
  EXPECT_LT(X509_get_ext_by_NID(cert.get(), NID_key_usage, -1), 0);
  EXPECT_LT(X509_get_ext_by_NID(cert.get(), NID_subject_key_identifier, -1), 0);
}

TEST_F(CertBuilderTest, IpAddressSan) {
  X509Ptr cert = Parse(*Build(kSubject, "127.0.0.1"));
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
  GENERAL_NAME* name = sk_GENERAL_NAME_value(names, 0);
  ASSERT_EQ(name->type, GEN_IPADD);
  EXPECT_EQ(Bytes(ASN1_STRING_get0_data(name->d.iPAddress), ASN1_STRING_get0_data(name->d.iPAddress) + 4),
            (Bytes{127, 0, 0, 1}));
  GENERAL_NAMES_free(names);
}

TEST_F(CertBuilderTest, EscapesAndMultiValuedRdns) {
  auto pem = Build("CN=a\\,b+OU=x\\2Cy,O=Q\\\\R", "h");
  ASSERT_TRUE(pem.ok()) << pem.status().ToString();
  X509Ptr cert = Parse(*pem);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  ASSERT_EQ(X509_NAME_entry_count(subject), 3);
  EXPECT_EQ(Entry(subject, 0), "organizationName=Q\\R");
  EXPECT_EQ(Entry(subject, 1), "commonName=a,b");
  EXPECT_EQ(Entry(subject, 2), "organizationalUnitName=x,y");
  // The two attributes share one RDN.
  EXPECT_EQ(X509_NAME_ENTRY_set(X509_NAME_get_entry(subject, 1)),
            X509_NAME_ENTRY_set(X509_NAME_get_entry(subject, 2)));
}

TEST_F(CertBuilderTest, RejectsBadSpecs) {
  EXPECT_EQ(Build("", "h").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Build("CN", "h").status().code(), StatusCode::kInvalidArgument);
  auto unknown = Build("NOPE=x", "h");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("NOPE"), std::string::npos);
  EXPECT_EQ(Build(kSubject, "").status().code(), StatusCode::kInvalidArgument);
  RatlsCertificateSpec expired{kSubject, "h", kNow, kNow, quote_};
  EXPECT_EQ(BuildRatlsCertificatePem(key_, expired, random_).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::crypto
