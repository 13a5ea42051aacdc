#include "crypto/issuer.h"

#include <gtest/gtest.h>

#include "crypto/ecdsa.h"

namespace mse::crypto {
namespace {

constexpr UnixSeconds kStart = 1700000000;
constexpr UnixSeconds kEnd = kStart + 86400 * 365;

CertificateSpec CaSpec(const std::string& cn) {
  CertificateSpec spec;
  spec.subject = {{"C", "FR"}, {"O", "MSE Simulation"}, {"CN", cn}};
  spec.serial = {0x12, 0x34};
  spec.not_before = kStart;
  spec.not_after = kEnd;
  spec.ca = true;
  return spec;
}

TEST(IssuerTest, SelfSignedRootVerifiesUnderItsOwnKey) {
  auto key = P256PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto root = IssueCertificate(CaSpec("Root"), key->PublicPoint(), *key, nullptr);
  ASSERT_TRUE(root.ok()) << root.status().message();
  EXPECT_TRUE(root->IsSelfIssued());
  EXPECT_EQ(root->SubjectCommonName(), "Root");
  EXPECT_EQ(root->BasicConstraintsCa(), std::optional<bool>(true));
  EXPECT_EQ(root->NotBefore(), kStart);
  EXPECT_EQ(root->NotAfter(), kEnd);
  EXPECT_EQ(root->Serial(), (Bytes{0x12, 0x34}));
  EXPECT_TRUE(root->VerifySignature(key->PublicPoint()).ok());
}

TEST(IssuerTest, LeafCarriesRawExtensionAndChainsToIssuer) {
  auto ca_key = P256PrivateKey::Generate();
  auto leaf_key = P256PrivateKey::Generate();
  ASSERT_TRUE(ca_key.ok() && leaf_key.ok());
  auto ca = IssueCertificate(CaSpec("CA"), ca_key->PublicPoint(), *ca_key, nullptr);
  ASSERT_TRUE(ca.ok());
  CertificateSpec spec = CaSpec("Leaf");
  spec.ca = false;
  spec.extensions.push_back({"1.2.840.113741.1.13.1", false, {0x30, 0x03, 0x02, 0x01, 0x07}});
  auto leaf = IssueCertificate(spec, leaf_key->PublicPoint(), *ca_key, &*ca);
  ASSERT_TRUE(leaf.ok()) << leaf.status().message();
  EXPECT_TRUE(leaf->IssuerNameMatches(*ca));
  EXPECT_TRUE(leaf->VerifySignature(ca_key->PublicPoint()).ok());
  EXPECT_FALSE(leaf->VerifySignature(leaf_key->PublicPoint()).ok());
  auto ext = leaf->ExtensionValue("1.2.840.113741.1.13.1");
  ASSERT_TRUE(ext.ok() && ext->has_value());
  EXPECT_EQ(**ext, (Bytes{0x30, 0x03, 0x02, 0x01, 0x07}));
  auto pub = leaf->PublicKeyP256();
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, leaf_key->PublicPoint());
}

TEST(IssuerTest, RejectsBadSpecs) {
  auto key = P256PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  CertificateSpec spec = CaSpec("x");
  spec.not_after = spec.not_before;
  EXPECT_EQ(IssueCertificate(spec, key->PublicPoint(), *key, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  spec = CaSpec("x");
  spec.subject = {{"NOPE", "x"}};
  auto bad = IssueCertificate(spec, key->PublicPoint(), *key, nullptr);
  EXPECT_NE(bad.status().message().find("NOPE"), std::string::npos);
  spec = CaSpec("x");
  spec.extensions.push_back({"not-an-oid", false, {0x05, 0x00}});
  EXPECT_EQ(IssueCertificate(spec, key->PublicPoint(), *key, nullptr).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(IssuerTest, CrlListsRevokedSerialsAndVerifies) {
  auto key = P256PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto ca = IssueCertificate(CaSpec("CA"), key->PublicPoint(), *key, nullptr);
  ASSERT_TRUE(ca.ok());
  CrlSpec spec{kStart, kStart + 3600, {{0x01, 0x02}}, Bytes{0x01}};
  auto crl = IssueCrl(*ca, *key, spec);
  ASSERT_TRUE(crl.ok()) << crl.status().message();
  EXPECT_TRUE(crl->IssuedBy(*ca));
  EXPECT_TRUE(crl->VerifySignature(key->PublicPoint()).ok());
  EXPECT_EQ(crl->ThisUpdate(), kStart);
  EXPECT_EQ(crl->NextUpdate(), std::optional<UnixSeconds>(kStart + 3600));
  EXPECT_TRUE(crl->IsRevoked(Bytes{0x01, 0x02}));
  EXPECT_FALSE(crl->IsRevoked(Bytes{0x12, 0x34}));
  spec.next_update = spec.this_update;
  EXPECT_FALSE(IssueCrl(*ca, *key, spec).ok());
}

TEST(IssuerTest, RawSignatureVerifiesAndBindsTheMessage) {
  auto key = P256PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  const Bytes message = {1, 2, 3, 4};
  auto sig = SignEcdsaP256Raw(*key, message);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyEcdsaP256Sha256(key->PublicPoint(), message, *sig).ok());
  EXPECT_FALSE(VerifyEcdsaP256Sha256(key->PublicPoint(), Bytes{1, 2, 3}, *sig).ok());
}

}  // namespace
}  // namespace mse::crypto
