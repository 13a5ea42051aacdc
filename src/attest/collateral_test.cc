#include "attest/collateral.h"

#include <gtest/gtest.h>

#include "attest/test_util.h"
#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/x509.h"

namespace mse::attest {
namespace {

using testing::LoadVectorCollateral;
using testing::ReadVectorFile;

TEST(CollateralTest, LoadsVectorDirectory) {
  Collateral c = LoadVectorCollateral("phala-sgx-v3");
  EXPECT_EQ(c.root_ca_crl_der.size(), 292u);
  EXPECT_EQ(c.pck_crl_der.size(), 302u);
  EXPECT_EQ(c.tcb_info_body.size(), 4675u);
  EXPECT_FALSE(c.pck_crl_issuer_chain_pem.empty());
  EXPECT_FALSE(c.qe_identity_issuer_chain_pem.empty());
}

TEST(CollateralTest, OptionalChainsMayBeAbsent) {
  Collateral c = LoadVectorCollateral("cosmian-sgx-ra-v3");
  EXPECT_TRUE(c.pck_crl_issuer_chain_pem.empty());
}

TEST(CollateralTest, MissingRequiredFileIsNotFound) {
  auto c = LoadCollateralDirectory(RealFileSystem(), testing::VectorDir("oe-sgx-v3-2019-bad-pckca") +
                                                         "/collateral");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("root_ca_crl.der"), std::string::npos);
}

TEST(CollateralTest, CrlAcceptsDerPemAndHex) {
  Collateral c = LoadVectorCollateral("phala-sgx-v3");
  const Bytes& der = c.root_ca_crl_der;
  EXPECT_EQ(NormalizeCrl(der, "x").value(), der);
  EXPECT_EQ(NormalizeCrl(AsBytes(crypto::PemEncode("X509 CRL", der)), "x").value(), der);
  EXPECT_EQ(NormalizeCrl(AsBytes(HexEncode(der) + "\n"), "x").value(), der);
  EXPECT_FALSE(NormalizeCrl(AsBytes("hello"), "x").ok());
}

TEST(CollateralTest, EvidenceRoundTripKeepsBodiesVerbatim) {
  Collateral c = LoadVectorCollateral("phala-sgx-v3");
  auto fields = CollateralToEvidence(c);
  ASSERT_TRUE(fields.ok()) << fields.status().ToString();
  auto back = CollateralFromEvidence(*fields);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->tcb_info_body, c.tcb_info_body);
  EXPECT_EQ(back->qe_identity_body, c.qe_identity_body);
  EXPECT_EQ(back->root_ca_crl_der, c.root_ca_crl_der);
  EXPECT_EQ(back->pck_crl_der, c.pck_crl_der);
}

TEST(CollateralTest, EvidenceTcbInfoDoubleEncodedAsTheOriginalWrites) {
  Collateral c = LoadVectorCollateral("cosmian-sgx-ra-v3");
  auto fields = CollateralToEvidence(c);
  ASSERT_TRUE(fields.ok());
  fields->tcb_info = Base64Encode(AsBytes(HexEncode(AsBytes(c.tcb_info_body))));
  auto back = CollateralFromEvidence(*fields);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->tcb_info_body, c.tcb_info_body);
}

TEST(CollateralTest, SaveThenLoad) {
  FakeFileSystem fs;
  Collateral c = LoadVectorCollateral("mobilecoin-sgx-v3");
  ASSERT_TRUE(SaveCollateralDirectory(fs, "/c", c).ok());
  auto back = LoadCollateralDirectory(fs, "/c");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->tcb_info_body, c.tcb_info_body);
  EXPECT_EQ(back->pck_crl_issuer_chain_pem, c.pck_crl_issuer_chain_pem);
}

}  // namespace
}  // namespace mse::attest
