#include "attest/sim/pccs.h"

#include <gtest/gtest.h>

#include "attest/pccs_client.h"
#include "attest/sim/quote_provider.h"
#include "attest/verifier.h"
#include "base/encoding.h"
#include "base/fake_env.h"

namespace mse::attest::sim {
namespace {

constexpr char kBase[] = "http://127.0.0.1:8081";

class SimPccsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto platform = SimPlatform::Init(env_.fs, env_.clock, env_.random, "/sim");
    ASSERT_TRUE(platform.ok());
    platform_ = std::make_unique<SimPlatform>(*std::move(platform));
  }
  // The project's PCCS client talking to the handler through a fake GET.
  PccsClient Client() {
    return PccsClient(kBase, [this](const std::string& url) -> StatusOr<PccsHttpResponse> {
      EXPECT_EQ(url.rfind(kBase, 0), 0u) << url;
      PccsResponse r = HandlePccsRequest(*platform_, "GET", url.substr(std::string(kBase).size()));
      PccsHttpResponse out{r.status, {}, r.body};
      for (const auto& [name, value] : r.headers) out.headers[name] = value;
      return out;
    });
  }

  FakeEnv env_;
  std::unique_ptr<SimPlatform> platform_;
};

TEST_F(SimPccsTest, ProjectClientFetchesCollateralThatVerifiesTheQuote) {
  auto provider = SimQuoteProvider::Create(*platform_, SimEnclaveIdentity{});
  ASSERT_TRUE(provider.ok());
  auto quote_bytes = provider->GetQuote({});
  ASSERT_TRUE(quote_bytes.ok());
  auto quote = ParseQuote(*quote_bytes);
  ASSERT_TRUE(quote.ok());
  auto collateral = Client().FetchForQuote(*quote);
  ASSERT_TRUE(collateral.ok()) << collateral.status().message();
  EXPECT_EQ(collateral->tcb_info_body, platform_->collateral().tcb_info_body);
  EXPECT_EQ(collateral->pck_crl_der, platform_->collateral().pck_crl_der);
  EXPECT_EQ(collateral->root_ca_crl_der, platform_->collateral().root_ca_crl_der);
  TrustAnchors anchors = TrustAnchors::IntelOnly();
  AddSimRoot(anchors, *platform_);
  Verdict v = VerifyQuote(*quote_bytes, *collateral, Policy{}, anchors, env_.clock.NowUnixSeconds());
  EXPECT_TRUE(v.ok) << v.failure << ": " << RenderVerdictText(v);
}

TEST_F(SimPccsTest, RootCrlIsHexAndChainsAreUrlEncoded) {
  PccsResponse r = HandlePccsRequest(*platform_, "GET", "/sgx/certification/v4/rootcacrl");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, HexEncode(platform_->collateral().root_ca_crl_der));
  r = HandlePccsRequest(*platform_, "GET", "/sgx/certification/v4/qe/identity");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, platform_->collateral().qe_identity_body);
  bool found = false;
  for (const auto& [name, value] : r.headers) {
    if (name != "SGX-Enclave-Identity-Issuer-Chain") continue;
    found = true;
    EXPECT_EQ(value.find('\n'), std::string::npos);
    EXPECT_EQ(value.rfind("-----BEGIN%20CERTIFICATE-----%0A", 0), 0u) << value.substr(0, 40);
  }
  EXPECT_TRUE(found);
  r = HandlePccsRequest(*platform_, "GET", "/sgx/certification/v4/pckcrl?ca=platform");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind("-----BEGIN X509 CRL-----", 0), 0u);
}

struct BadRequest {
  const char* method;
  const char* target;
  int status;
};

class SimPccsErrorTest : public SimPccsTest, public ::testing::WithParamInterface<BadRequest> {};

TEST_P(SimPccsErrorTest, AnswersWithTheRightStatus) {
  PccsResponse r = HandlePccsRequest(*platform_, GetParam().method, GetParam().target);
  EXPECT_EQ(r.status, GetParam().status) << GetParam().target << ": " << r.body;
  EXPECT_FALSE(r.body.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Requests, SimPccsErrorTest,
    ::testing::Values(BadRequest{"POST", "/sgx/certification/v4/rootcacrl", 405},
                      BadRequest{"GET", "/sgx/certification/v3/rootcacrl", 404},
                      BadRequest{"GET", "/sgx/certification/v4/pckcert", 404},
                      BadRequest{"GET", "/sgx/certification/v4/pckcrl?ca=processor", 404},
                      BadRequest{"GET", "/sgx/certification/v4/pckcrl", 400},
                      BadRequest{"GET", "/sgx/certification/v4/pckcrl?ca=platform&encoding=x", 400},
                      BadRequest{"GET", "/sgx/certification/v4/tcb?fmspc=00906ed50000", 404},
                      BadRequest{"GET", "/sgx/certification/v4/tcb?fmspc=zz", 400},
                      BadRequest{"GET", "/sgx/certification/v4/tcb", 400},
                      BadRequest{"GET", "/sgx/certification/v4/tcb?fmspc=%4", 400}));

TEST(UrlEncodeTest, KeepsUnreservedOnly) { EXPECT_EQ(UrlEncode("a-Z_0.~ /+\n"), "a-Z_0.~%20%2F%2B%0A"); }

}  // namespace
}  // namespace mse::attest::sim
