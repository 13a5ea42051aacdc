#include "crypto/x509.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/encoding.h"
#include "crypto/crl.h"
#include "crypto/pki_testing.h"

namespace mse::crypto {
namespace {

std::string ReadVector(const std::string& rel) {
  std::ifstream in(std::string(MSE_SHARED_DIR) + "/vectors/dcap/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr char kIntelRootPoint[] =
    "040ba9c4c0c0c86193a3fe23d6b02cda10a8bbd4e88e48b4458561a36e705525f567918e2edc88e40d860bd0cc4e"
    "e26aacc988e505a953558c453f6b0904ae7394";

TEST(X509Test, ParsesPccsChainWithoutNewlineBetweenBlocks) {
  // The mobilecoin header chain has "-----END CERTIFICATE----------BEGIN".
  auto chain = X509Certificate::ChainFromPem(
      ReadVector("mobilecoin-sgx-v3/collateral/pck_crl_issuer_chain.pem"));
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].SubjectCommonName(), "Intel SGX PCK Processor CA");
  EXPECT_EQ((*chain)[1].SubjectCommonName(), "Intel SGX Root CA");
  EXPECT_TRUE((*chain)[1].IsSelfIssued());
  EXPECT_TRUE((*chain)[0].IssuerNameMatches((*chain)[1]));
  EXPECT_EQ(HexEncode((*chain)[0].Serial()), "d0e8aada75d7f92e4917983c7b1465d0d5f2594d");
  EXPECT_EQ((*chain)[0].BasicConstraintsCa(), std::optional<bool>(true));
}

TEST(X509Test, RootKeyAndSignatures) {
  auto chain = X509Certificate::ChainFromPem(
      ReadVector("phala-sgx-v3/collateral/tcb_info_issuer_chain.pem"));
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 2u);
  const X509Certificate& tcb = (*chain)[0];
  const X509Certificate& root = (*chain)[1];
  auto root_key = root.PublicKeyP256();
  ASSERT_TRUE(root_key.ok());
  EXPECT_EQ(HexEncode(*root_key), kIntelRootPoint);
  EXPECT_EQ(HexEncode(root.DerSha256()),
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
  EXPECT_TRUE(tcb.VerifySignature(*root_key).ok());
  EXPECT_TRUE(root.VerifySignature(*root_key).ok());
  auto tcb_key = tcb.PublicKeyP256();
  ASSERT_TRUE(tcb_key.ok());
  EXPECT_EQ(tcb.VerifySignature(*tcb_key).code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(tcb.NotBefore(), 1746523500);  // 2025-05-06T09:25:00Z
  EXPECT_EQ(tcb.NotAfter(), 1967448300);   // 2032-05-06T09:25:00Z
}

TEST(X509Test, RejectsGarbageAndTrailingBytes) {
  EXPECT_FALSE(X509Certificate::FromDer(AsBytes("nope")).ok());
  auto chain = X509Certificate::ChainFromPem(
      ReadVector("phala-sgx-v3/collateral/tcb_info_issuer_chain.pem"));
  ASSERT_TRUE(chain.ok());
  Bytes der = (*chain)[0].der();
  der.push_back(0);
  EXPECT_FALSE(X509Certificate::FromDer(der).ok());
  EXPECT_FALSE(ParsePemBlocks("-----BEGIN CERTIFICATE-----\nAAAA\n").ok());
  EXPECT_FALSE(ParsePemBlocks("-----BEGIN CERTIFICATE-----\nA*AA\n-----END CERTIFICATE-----").ok());
}

TEST(CrlTest, RealRootCrl) {
  std::string der = ReadVector("phala-sgx-v3/collateral/root_ca_crl.der");
  auto crl = X509Crl::FromDer(AsBytes(der));
  ASSERT_TRUE(crl.ok()) << crl.status().ToString();
  EXPECT_EQ(crl->IssuerCommonName(), "Intel SGX Root CA");
  EXPECT_EQ(crl->ThisUpdate(), 1742469717);  // 2025-03-20T11:21:57Z
  ASSERT_TRUE(crl->NextUpdate().has_value());
  EXPECT_EQ(*crl->NextUpdate(), 1775215317);  // 2026-04-03T11:21:57Z
  auto root_key = HexDecode(kIntelRootPoint);
  P256Point point;
  std::copy(root_key->begin(), root_key->end(), point.begin());
  EXPECT_TRUE(crl->VerifySignature(point).ok());
  auto round_trip = X509Crl::FromPem(crl->ToPem());
  ASSERT_TRUE(round_trip.ok());
  EXPECT_EQ(round_trip->der(), crl->der());
}

TEST(CrlTest, RevocationComparesSerialsAsIntegers) {
  auto key = testing::TestP256Key::Generate();
  testing::NewCertificateOptions ca_options;
  ca_options.subject_cn = "Test CA";
  ca_options.basic_constraints_ca = true;
  auto ca = testing::MakeCertificate(ca_options, key, key);
  ASSERT_TRUE(ca.ok()) << ca.status().ToString();
  auto crl = testing::MakeCrl(*ca, key, 1000, 2000, {Bytes{0x12, 0x34}});
  ASSERT_TRUE(crl.ok()) << crl.status().ToString();
  EXPECT_TRUE(crl->IssuedBy(*ca));
  EXPECT_TRUE(crl->IsRevoked(Bytes{0x12, 0x34}));
  EXPECT_TRUE(crl->IsRevoked(Bytes{0x00, 0x12, 0x34}));
  EXPECT_FALSE(crl->IsRevoked(Bytes{0x12, 0x35}));
  EXPECT_EQ(crl->RevokedCount(), 1u);
  EXPECT_TRUE(crl->VerifySignature(key.PublicPoint()).ok());
  auto other = testing::TestP256Key::Generate();
  EXPECT_EQ(crl->VerifySignature(other.PublicPoint()).code(), StatusCode::kUnauthenticated);
}

TEST(X509Test, SubjectAltNames) {
  auto key = testing::TestP256Key::Generate();
  testing::NewCertificateOptions options;
  options.subject_alt_name = "DNS:app.example.com,IP:127.0.0.1,IP:::1";
  auto cert = testing::MakeCertificate(options, key, key);
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  EXPECT_EQ(cert->SubjectAltNames(),
            (std::vector<std::string>{"app.example.com", "127.0.0.1", "::1"}));
  options.subject_alt_name.clear();
  EXPECT_TRUE(testing::MakeCertificate(options, key, key)->SubjectAltNames().empty());
}

TEST(X509Test, ReissueKeepsExtensionsAndChangesKey) {
  auto root_key = testing::TestP256Key::Generate();
  auto leaf_key = testing::TestP256Key::Generate();
  testing::NewCertificateOptions options;
  options.subject_cn = "Leaf";
  options.extensions.push_back({"1.2.840.113741.1337.6", Bytes{0x04, 0x01, 0xAA}});
  auto leaf = testing::MakeCertificate(options, leaf_key, leaf_key);
  ASSERT_TRUE(leaf.ok());
  auto ext = leaf->ExtensionValue("1.2.840.113741.1337.6");
  ASSERT_TRUE(ext.ok());
  ASSERT_TRUE(ext->has_value());
  EXPECT_EQ(**ext, (Bytes{0x04, 0x01, 0xAA}));
  EXPECT_FALSE(leaf->BasicConstraintsCa().has_value());
  testing::ReissueOptions reissue;
  reissue.new_subject_key = &root_key;
  auto copy = testing::Reissue(*leaf, reissue, root_key);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->PublicKeyP256().value(), root_key.PublicPoint());
  EXPECT_TRUE(copy->VerifySignature(root_key.PublicPoint()).ok());
  EXPECT_TRUE(copy->ExtensionValue("1.2.840.113741.1337.6")->has_value());
}

}  // namespace
}  // namespace mse::crypto
