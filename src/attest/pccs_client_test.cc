#include "attest/pccs_client.h"

#include <gtest/gtest.h>

#include "attest/test_util.h"
#include "attest/test_world.h"
#include "attest/verifier.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

using testing::At;
using testing::LoadVectorCollateral;

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "%" + HexEncode(ByteView(&c, 1));
    }
  }
  return out;
}

// A fake PCCS serving the phala-sgx-v3 collateral, recording the URLs.
class FakePccs {
 public:
  FakePccs() : collateral_(LoadVectorCollateral("phala-sgx-v3")) {}

  StatusOr<PccsHttpResponse> Get(const std::string& url) {
    urls.push_back(url);
    const std::string base = "https://pccs.test:8081/sgx/certification/v4";
    if (url == base + "/rootcacrl") return Ok(HexEncode(collateral_.root_ca_crl_der), {});
    if (url == base + "/pckcrl?ca=processor&encoding=der") {
      return Ok(ToString(collateral_.pck_crl_der),
                {{"SGX-PCK-CRL-Issuer-Chain", UrlEncode(collateral_.pck_crl_issuer_chain_pem)}});
    }
    if (url == base + "/tcb?fmspc=00a067110000") {
      return Ok(collateral_.tcb_info_body,
                {{"tcb-info-issuer-chain", UrlEncode(collateral_.tcb_info_issuer_chain_pem)}});
    }
    if (url == base + "/qe/identity") {
      return Ok(collateral_.qe_identity_body,
                {{"SGX-Enclave-Identity-Issuer-Chain",
                  UrlEncode(collateral_.qe_identity_issuer_chain_pem)}});
    }
    return PccsHttpResponse{404, {}, ""};
  }

  std::vector<std::string> urls;
  long status_override = 0;  // NOLINT

 private:
  StatusOr<PccsHttpResponse> Ok(std::string body, std::map<std::string, std::string> headers) {
    return PccsHttpResponse{status_override ? status_override : 200, std::move(headers),
                            std::move(body)};
  }
  Collateral collateral_;
};

PccsClient ClientFor(FakePccs& fake) {
  return PccsClient("https://pccs.test:8081/", [&](const std::string& url) { return fake.Get(url); });
}

TEST(PccsClientTest, FetchesCollateralThatVerifies) {
  FakePccs fake;
  const Quote quote = ParseQuote(testing::ReadQuote("phala-sgx-v3")).value();
  auto collateral = ClientFor(fake).FetchForQuote(quote);
  ASSERT_TRUE(collateral.ok()) << collateral.status().ToString();
  EXPECT_EQ(fake.urls.size(), 4u);
  const Collateral expected = LoadVectorCollateral("phala-sgx-v3");
  EXPECT_EQ(collateral->tcb_info_body, expected.tcb_info_body);
  EXPECT_EQ(collateral->root_ca_crl_der, expected.root_ca_crl_der);
  EXPECT_EQ(collateral->pck_crl_issuer_chain_pem, expected.pck_crl_issuer_chain_pem);
  Verdict v = VerifyQuote(quote.raw, *collateral, testing::TestWorld::AcceptAnyTcb(),
                          TrustAnchors::IntelOnly(), At("2025-07-04T10:28:44Z"));
  EXPECT_TRUE(v.ok) << RenderVerdictText(v);
}

TEST(PccsClientTest, HttpStatusesMapToErrorsNamingTheUrl) {
  FakePccs fake;
  PccsClient client = ClientFor(fake);
  auto missing = client.GetTcbInfo("FFFFFFFFFFFF");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/tcb?fmspc=ffffffffffff"), std::string::npos);
  fake.status_override = 503;
  EXPECT_EQ(client.GetQeIdentity().status().code(), StatusCode::kUnavailable);
  fake.status_override = 401;
  EXPECT_EQ(client.GetRootCaCrl().status().code(), StatusCode::kPermissionDenied);
}

TEST(PccsClientTest, MissingIssuerChainHeaderFails) {
  PccsClient client("http://p", [](const std::string&) -> StatusOr<PccsHttpResponse> {
    return PccsHttpResponse{200, {}, "{}"};
  });
  auto tcb = client.GetTcbInfo("00A067110000");
  ASSERT_FALSE(tcb.ok());
  EXPECT_NE(tcb.status().message().find("TCB-Info-Issuer-Chain"), std::string::npos);
}

TEST(PccsClientTest, TransportErrorsPropagate) {
  PccsClient client("http://p", [](const std::string&) -> StatusOr<PccsHttpResponse> {
    return DeadlineExceededError("timeout talking to http://p");
  });
  auto crl = client.GetRootCaCrl();
  ASSERT_FALSE(crl.ok());
  EXPECT_EQ(crl.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(crl.status().message().find("PCCS root CA CRL"), std::string::npos);
}

}  // namespace
}  // namespace mse::attest
