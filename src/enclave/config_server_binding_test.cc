// The configuration server with a provider key (docs/provider-binding.md):
// only configurations the provider signed for this enclave are applied.
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "enclave/config_server.h"

namespace mse::enclave {
namespace {

constexpr char kUuid[] = "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21";

class PassThroughUnsealer : public SecretsUnsealer {
 public:
  StatusOr<SecretBytes> Unseal(ByteView sealed) override {
    calls++;
    return SecretBytes(sealed);
  }
  int calls = 0;
};

class CountingSink : public ConfigurationSink {
 public:
  Status Apply(ConfigurationSecrets configuration) override {
    calls++;
    app_secrets = configuration.app_secrets_json ? ToString(configuration.app_secrets_json->view()) : "";
    has_key = configuration.code_key.has_value();
    return Status::Ok();
  }
  int calls = 0;
  std::string app_secrets;
  bool has_key = false;
};

class ProviderBindingServerTest : public ::testing::Test {
 protected:
  ProviderBindingServerTest() : provider_(format::GenerateProviderKeyPair(random_)) {
    options_.expected_uuid = kUuid;
    options_.provider_key = provider_.public_key;
    options_.enclave.ratls_public_key.fill(7);
    options_.enclave.ratls_public_key[0] = 0x04;
    options_.enclave.enclave_public_key.fill(9);
    server_ = std::make_unique<ConfigServer>(options_, unsealer_, sink_);
  }

  // The sealed secrets "sealed" by the pass-through unsealer, and a signature.
  std::string Signature(const std::string& sealed, const std::string& app_id = kUuid,
                        const format::ProviderKeyPair* signer = nullptr) {
    format::BindingEnclave enclave = options_.enclave;
    enclave.app_id = app_id;
    format::BoundFields fields;
    fields.sealed_secrets = AsBytes(sealed);
    return format::SignProviderBinding((signer ? *signer : provider_).seed.view(), enclave, fields).value();
  }
  int Post(const std::string& sealed, const std::optional<std::string>& signature,
           const std::string& secrets = "{\"login\": \"operator\"}") {
    std::string body = std::string("{\"uuid\": \"") + kUuid + "\", \"app_secrets\": " + secrets +
                       ", \"app_sealed_secrets\": \"" + Base64UrlEncode(AsBytes(sealed)) + "\"";
    if (signature) body += ", \"provider_signature\": \"" + *signature + "\"";
    net::ServerRequest request;
    request.method = "POST";
    request.body = body + "}";
    last_ = server_->Handle(request);
    return last_.status;
  }

  FakeRandom random_;
  format::ProviderKeyPair provider_;
  ConfigServerOptions options_;
  PassThroughUnsealer unsealer_;
  CountingSink sink_;
  std::unique_ptr<ConfigServer> server_;
  net::ServerResponse last_;
  const std::string sealed_ = "{\"code_secret_key\": \"" + std::string(64, 'c') + "\"}";
};

TEST_F(ProviderBindingServerTest, UnsignedConfigurationIsRefusedBeforeAnythingIsOpened) {
  EXPECT_EQ(Post(sealed_, std::nullopt), 401);
  EXPECT_NE(last_.body.find("provider_signature"), std::string::npos) << last_.body;
  EXPECT_NE(last_.body.find(provider_.public_key.Text()), std::string::npos) << last_.body;
  EXPECT_EQ(unsealer_.calls, 0);
  EXPECT_EQ(sink_.calls, 0);
  EXPECT_FALSE(server_->configured());
}

TEST_F(ProviderBindingServerTest, SignaturesByAnotherKeyOrForAnotherEnclaveAreRefused) {
  format::ProviderKeyPair mallory = format::GenerateProviderKeyPair(random_);
  EXPECT_EQ(Post(sealed_, Signature(sealed_, kUuid, &mallory)), 401);
  EXPECT_EQ(Post(sealed_, Signature(sealed_, "00000000-0000-0000-0000-000000000000")), 401);
  // The provider's signature of other sealed secrets.
  EXPECT_EQ(Post(sealed_, Signature("{\"code_secret_key\": \"" + std::string(64, 'd') + "\"}")), 401);
  EXPECT_EQ(Post(sealed_, std::string("AAAA")), 400);
  EXPECT_EQ(unsealer_.calls, 0);
  EXPECT_EQ(sink_.calls, 0);
}

TEST_F(ProviderBindingServerTest, SignedConfigurationIsAppliedWithTheOperatorsPlainSecrets) {
  std::string signature = Signature(sealed_);
  EXPECT_EQ(Post(sealed_, signature, "{\"login\": \"whatever the operator sends\"}"), 200) << last_.body;
  EXPECT_EQ(sink_.calls, 1);
  EXPECT_TRUE(sink_.has_key);
  EXPECT_EQ(sink_.app_secrets, "{\"login\": \"whatever the operator sends\"}");
  EXPECT_TRUE(server_->configured());
}

TEST_F(ProviderBindingServerTest, WithoutAProviderKeyASignatureIsIgnored) {
  options_.provider_key.reset();
  ConfigServer compatible(options_, unsealer_, sink_);
  net::ServerRequest request;
  request.method = "POST";
  request.body = std::string("{\"uuid\": \"") + kUuid + "\", \"provider_signature\": \"junk\"}";
  EXPECT_EQ(compatible.Handle(request).status, 200);
}

}  // namespace
}  // namespace mse::enclave
