#include "attest/ratls.h"

#include <gtest/gtest.h>

#include "attest/test_util.h"
#include "attest/test_world.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::attest {
namespace {

using crypto::testing::TestP256Key;
using testing::At;
using testing::TestWorld;

constexpr char kX25519Hex[] = "7fe395837244af0b11b5b25c1df59b138c7ed95841d2ae474a67145920261b3a";

TEST(RatlsTest, ReportDataVectorRD) {
  // formats.md §20 RD: report_data[0:32] = SHA-256 of the 65-byte point.
  Bytes point = HexDecode(
                    "04709cbcb5f5828f456086c4d771c95117c96bc862a994d037eea1e47a590602c336113047b27c"
                    "1f33defd7f9b24bfc3b96a21e2b448df170ccd3e39a57cae814e")
                    .value();
  EXPECT_EQ(HexEncode(crypto::Sha256(point)),
            "63fb8f5219bb2c2743a2e80f2d29f8f8c75f2edff008d02bcb396efcb19386f9");
}

// An RA-TLS certificate over the test world's quote.
class RatlsWorld {
 public:
  explicit RatlsWorld(bool bind = true, bool with_x25519 = true) {
    const crypto::Sha256Digest digest = crypto::Sha256(cert_key.PublicPoint());
    if (bind) std::copy(digest.begin(), digest.end(), world.isv_report.begin() + 320);
    Bytes x25519 = with_x25519 ? HexDecode(kX25519Hex).value() : Bytes(32, 0);
    std::copy(x25519.begin(), x25519.end(), world.isv_report.begin() + 352);
    options.subject_cn = "cosmian.io";
    options.basic_constraints_ca = true;
    options.not_before = At("2025-07-01T00:00:00Z");
    options.not_after = At("2025-07-10T00:00:00Z");
    options.extensions = {{kRatlsQuoteOid, world.BuildQuote()}};
  }
  std::string Pem(const TestP256Key* signer = nullptr) const {
    return crypto::testing::MakeCertificate(options, cert_key, signer ? *signer : cert_key)
        .value()
        .ToPem();
  }
  Verdict Verify(const std::string& pem, const Policy& policy,
                 std::optional<EnclaveKey>* key = nullptr) const {
    return VerifyRatlsCertificate(AsBytes(pem), world.BuildCollateral(), policy, world.Anchors(),
                                  world.time, key);
  }

  TestWorld world;
  TestP256Key cert_key = TestP256Key::Generate();
  crypto::testing::NewCertificateOptions options;
};

TEST(RatlsTest, VerifiesAndExposesEnclaveKey) {
  RatlsWorld r;
  const std::string pem = r.Pem();
  auto key = EnclavePublicKeyFromRatlsCertificate(pem);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(HexEncode(*key), kX25519Hex);
  std::optional<EnclaveKey> verified;
  Verdict v = r.Verify(pem, TestWorld::AcceptAnyTcb(), &verified);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(HexEncode(*verified), kX25519Hex);
  EXPECT_EQ(v.FindCheck("ratls_certificate")->outcome, CheckOutcome::kPassed);
  EXPECT_EQ(v.FindCheck("ratls_binding")->outcome, CheckOutcome::kPassed);
}

TEST(RatlsTest, CaFalseAccepted) {
  RatlsWorld r;
  r.options.basic_constraints_ca = false;
  EXPECT_TRUE(r.Verify(r.Pem(), TestWorld::AcceptAnyTcb()).ok);
}

TEST(RatlsTest, ZeroEnclaveKeyMeansNoSealedSecrets) {
  RatlsWorld r(/*bind=*/true, /*with_x25519=*/false);
  auto key = EnclavePublicKeyFromRatlsCertificate(r.Pem());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(key.status().message().find("does not support sealed secrets"), std::string::npos);
  std::optional<EnclaveKey> verified = EnclaveKey{};
  Verdict v = r.Verify(r.Pem(), TestWorld::AcceptAnyTcb(), &verified);
  EXPECT_TRUE(v.ok);
  EXPECT_FALSE(verified.has_value());
}

TEST(RatlsTest, BrokenBinding) {
  RatlsWorld r(/*bind=*/false);
  auto key = EnclavePublicKeyFromRatlsCertificate(r.Pem());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kUnauthenticated);
  Verdict v = r.Verify(r.Pem(), TestWorld::AcceptAnyTcb());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.FirstFailure()->name, "ratls_binding");
  EXPECT_EQ(v.failure, "RATLS_BINDING");
}

TEST(RatlsTest, NoQuoteExtension) {
  RatlsWorld r;
  r.options.extensions.clear();
  const std::string pem = r.Pem();
  auto key = EnclavePublicKeyFromRatlsCertificate(pem);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find(kNotMseCertificate), std::string::npos);
  Verdict v = r.Verify(pem, TestWorld::AcceptAnyTcb());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.failure, "RATLS_CERTIFICATE");
  EXPECT_EQ(v.FindCheck("quote_format")->outcome, CheckOutcome::kSkipped);
}

TEST(RatlsTest, NotSelfSigned) {
  RatlsWorld r;
  TestP256Key stray = TestP256Key::Generate();
  Verdict v = r.Verify(r.Pem(&stray), TestWorld::AcceptAnyTcb());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.FirstFailure()->name, "ratls_certificate");
}

TEST(RatlsTest, ExpiredCertificateUnlessAllowed) {
  RatlsWorld r;
  r.options.not_after = At("2025-07-02T00:00:00Z");
  Verdict v = r.Verify(r.Pem(), TestWorld::AcceptAnyTcb());
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.FirstFailure()->name, "ratls_certificate");
  Policy allow = TestWorld::AcceptAnyTcb();
  allow.allow_expired_collateral = true;
  v = r.Verify(r.Pem(), allow);
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
  EXPECT_TRUE(v.collateral_expired);
}

TEST(RatlsTest, CloudModeChecksTheSubjectAltName) {
  RatlsWorld r;
  r.options.subject_alt_name = "DNS:App.Example.com";
  Policy p = TestWorld::AcceptAnyTcb();
  p.expected_ratls_name = "app.example.com";
  EXPECT_TRUE(r.Verify(r.Pem(), p).ok);
  p.expected_ratls_name = "other.example.com";
  Verdict v = r.Verify(r.Pem(), p);
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.FirstFailure()->name, "ratls_certificate");
  EXPECT_NE(v.FirstFailure()->detail.find("App.Example.com"), std::string::npos);
}

TEST(RatlsTest, PeerVerifierForTls) {
  RatlsWorld r;
  auto cert = crypto::X509Certificate::FromPem(r.Pem()).value();
  auto verifier = MakeRatlsPeerVerifier(r.world.BuildCollateral(), TestWorld::AcceptAnyTcb(),
                                        r.world.Anchors(), r.world.time);
  EXPECT_TRUE(verifier(cert.der()).ok());
  auto strict = MakeRatlsPeerVerifier(r.world.BuildCollateral(), Policy(), r.world.Anchors(),
                                      r.world.time);
  Status st = strict(cert.der());
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(st.message().find("TCB_STATUS_NOT_ACCEPTED"), std::string::npos);
}

}  // namespace
}  // namespace mse::attest
