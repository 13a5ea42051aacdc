#include "enclave/config_server.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"

namespace mse::enclave {
namespace {

constexpr char kUuid[] = "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21";
const std::string kKeyHex(64, 'a');

std::string Text(const std::optional<SecretBytes>& value) {
  return value ? ToString(value->view()) : "<none>";
}

// "SEALED:" + plaintext opens to the plaintext; anything else fails.
class FakeUnsealer : public SecretsUnsealer {
 public:
  StatusOr<SecretBytes> Unseal(ByteView sealed) override {
    calls++;
    std::string_view text = AsStringView(sealed);
    if (text.substr(0, 7) != "SEALED:") return UnauthenticatedError("sealed box does not open");
    return SecretBytes(AsBytes(text.substr(7)));
  }
  int calls = 0;
};

// Records what it was given; fails with `result` when set.
class FakeSink : public ConfigurationSink {
 public:
  Status Apply(ConfigurationSecrets configuration) override {
    calls++;
    code_key = configuration.code_key ? HexEncode(configuration.code_key->view()) : "";
    owner_key = Text(configuration.owner_key_pem);
    app_secrets = Text(configuration.app_secrets_json);
    sealed_secrets = Text(configuration.sealed_secrets_json);
    return result;
  }
  int calls = 0;
  Status result;
  std::string code_key, owner_key, app_secrets, sealed_secrets;
};

class ConfigServerTest : public ::testing::Test {
 protected:
  ConfigServerTest() {
    options_.expected_uuid = kUuid;
    options_.max_body_bytes = 4096;
  }
  std::unique_ptr<ConfigServer> MakeServer() {
    return std::make_unique<ConfigServer>(options_, unsealer_, sink_);
  }

  static net::ServerResponse Post(ConfigServer& server, const std::string& body) {
    net::ServerRequest request;
    request.method = "POST";
    request.target = "/anything";
    request.body = body;
    return server.Handle(request);
  }
  static std::string Sealed(const std::string& plaintext) {
    return Base64UrlEncode(AsBytes("SEALED:" + plaintext));
  }

  FakeUnsealer unsealer_;
  FakeSink sink_;
  ConfigServerOptions options_;
};

std::string WithUuid(const std::string& rest) {
  return std::string("{\"uuid\": \"") + kUuid + "\"" + rest + "}";
}

TEST_F(ConfigServerTest, GetReportsWaitingOnAnyPath) {
  auto server = MakeServer();
  for (const char* path : {"/", "/health", "/x?y=1"}) {
    net::ServerRequest request;
    request.method = "GET";
    request.target = path;
    auto response = server->Handle(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(net::FindHeader(response.headers, "Mse-Status").value_or(""), "Waiting");
    EXPECT_EQ(response.body, "Waiting for code secret key and/or ssl private key...");
    EXPECT_EQ(response.body.size(), 53u);
  }
  EXPECT_EQ(server->MaxBodyBytes().value_or(0), 4096u);  // enforced by the HTTP parser
}

TEST_F(ConfigServerTest, AcceptsFullConfigurationAndPassesEverythingDecoded) {
  auto server = MakeServer();
  std::string body = std::string("{\"uuid\": \"") + "2F0C7F4E-4B7A-4C43-9A57-7D1E0B6F3A21" +
                     "\", \"app_secrets\": {\"key\": \"pass\\u00e9\", \"n\": [1, 2]}, "
                     "\"app_sealed_secrets\": \"" +
                     Sealed("{\"b\":1,\"a\":\"x\"}") +
                     "\", "
                     "\"code_secret_key\": \"" +
                     kKeyHex + "\"}";
  auto response = Post(*server, body);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(sink_.app_secrets, "{\"key\": \"pass\\u00e9\", \"n\": [1, 2]}");
  EXPECT_EQ(sink_.sealed_secrets, "{\"b\": 1, \"a\": \"x\"}");
  EXPECT_EQ(sink_.code_key, kKeyHex);
  EXPECT_EQ(sink_.owner_key, "<none>");  // not owner mode
  EXPECT_TRUE(server->configured());
  EXPECT_EQ(Post(*server, body).status, 409);
  EXPECT_EQ(sink_.calls, 1);
}

TEST_F(ConfigServerTest, SealedCodeKeyIsUsedAndTopLevelWins) {
  auto server = MakeServer();
  std::string sealed_key(64, 'b');
  std::string sealed = Sealed("{\"code_secret_key\": \"" + sealed_key + "\"}");
  EXPECT_EQ(Post(*server, WithUuid(", \"app_sealed_secrets\": \"" + sealed + "\"")).status, 200);
  EXPECT_EQ(sink_.code_key, sealed_key);
  EXPECT_NE(sink_.sealed_secrets.find(sealed_key),
            std::string::npos);  // it stays in the sealed secrets
  FakeSink other;
  ConfigServer second(options_, unsealer_, other);
  EXPECT_EQ(Post(second, WithUuid(", \"app_sealed_secrets\": \"" + sealed + "\", \"code_secret_key\": \"" +
                                  kKeyHex + "\""))
                .status,
            200);
  EXPECT_EQ(other.code_key, kKeyHex);
}

struct RejectCase {
  const char* name;
  std::string body;
  int status;
  const char* message_part;
};

class ConfigServerRejectTest : public ConfigServerTest, public ::testing::WithParamInterface<RejectCase> {};

TEST_P(ConfigServerRejectTest, RejectsBeforeApplyingAnything) {
  auto server = MakeServer();
  auto response = Post(*server, GetParam().body);
  EXPECT_EQ(response.status, GetParam().status) << response.body;
  EXPECT_EQ(net::FindHeader(response.headers, "Content-Type").value_or(""), "application/json");
  EXPECT_NE(response.body.find("\"error\""), std::string::npos);
  EXPECT_NE(response.body.find(GetParam().message_part), std::string::npos) << response.body;
  EXPECT_EQ(sink_.calls, 0);
  EXPECT_FALSE(server->configured());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigServerRejectTest,
    ::testing::Values(
        RejectCase{"MalformedJson", "{\"uuid\": ", 400, "not valid JSON"},
        RejectCase{"NotAnObject", "[1, 2]", 400, "not a JSON object"},
        RejectCase{"TooDeep", "{\"uuid\": " + std::string(100, '[') + std::string(100, ']') + "}", 400,
                   "nested deeper than 64"},
        RejectCase{"MissingUuid", "{\"app_secrets\": {}}", 400, "uuid"},
        RejectCase{"WrongUuid",
                   "{\"uuid\": \"00000000-4b7a-4c43-9a57-7d1e0b6f3a21\", \"app_secrets\": {\"a\": 1}}", 401,
                   "does not match"},
        RejectCase{"NotAUuid", "{\"uuid\": \"hello\", \"app_secrets\": 1}", 401, "does not match"},
        RejectCase{"ShortKey", WithUuid(", \"app_secrets\": 1, \"code_secret_key\": \"abcd\""), 400,
                   "found 2 bytes"},
        RejectCase{"BadHexKey", WithUuid(", \"code_secret_key\": \"00s3cr3t\""), 400,
                   "invalid hex digit at offset 2"},
        RejectCase{"KeyNotString", WithUuid(", \"code_secret_key\": 5"), 400, "must be a string"},
        RejectCase{"SealedDoesNotOpen",
                   WithUuid(", \"app_secrets\": 1, \"app_sealed_secrets\": \"" +
                            Base64UrlEncode(AsBytes("garbage")) + "\""),
                   401, "do not open"},
        RejectCase{"SealedNotObject",
                   WithUuid(", \"app_sealed_secrets\": \"" + Base64UrlEncode(AsBytes("SEALED:[1]")) + "\""),
                   400, "not a JSON object"},
        RejectCase{"SealedTooDeep",
                   WithUuid(", \"app_sealed_secrets\": \"" +
                            Base64UrlEncode(AsBytes("SEALED:{\"a\": " + std::string(70, '[') +
                                                    std::string(70, ']') + "}")) +
                            "\""),
                   400, "nested deeper than 64"},
        RejectCase{"SealedBadKey",
                   WithUuid(", \"app_sealed_secrets\": \"" +
                            Base64UrlEncode(AsBytes("SEALED:{\"code_secret_key\": \"00\"}")) + "\""),
                   400, "sealed code_secret_key"},
        RejectCase{"TooLarge", WithUuid(", \"app_secrets\": \"" + std::string(5000, 'x') + "\""), 413,
                   "larger than"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ConfigServerTest, HexErrorsNeverEchoKeyDigits) {
  auto server = MakeServer();
  auto response = Post(*server, WithUuid(", \"code_secret_key\": \"" + std::string(63, 'a') + "Q\""));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body.find("'Q'"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("aaaa"), std::string::npos) << response.body;
}

TEST_F(ConfigServerTest, OwnerModeRequiresPrivateKey) {
  options_.owner_certificate_mode = true;
  auto server = MakeServer();
  EXPECT_EQ(Post(*server, WithUuid("")).status, 400);
  EXPECT_EQ(sink_.calls, 0);
  EXPECT_EQ(Post(*server, WithUuid(", \"ssl_private_key\": \"-----BEGIN PRIVATE KEY-----\\n\"")).status, 200);
  EXPECT_EQ(sink_.owner_key, "-----BEGIN PRIVATE KEY-----\n");
}

TEST_F(ConfigServerTest, ASinkFailureKeepsWaitingAndACorrectedRetryWorks) {
  sink_.result =
      InvalidArgumentError("the application directory holds encrypted files (*.enc) but no code key");
  auto server = MakeServer();
  auto response = Post(*server, WithUuid(", \"app_secrets\": 1"));
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("no code key"), std::string::npos);
  EXPECT_FALSE(server->configured());
  sink_.result = InternalError("the application did not start: No module named 'app'");
  EXPECT_EQ(Post(*server, WithUuid("")).status, 500);
  EXPECT_FALSE(server->configured());
  sink_.result = Status::Ok();
  EXPECT_EQ(Post(*server, WithUuid(", \"code_secret_key\": \"" + kKeyHex + "\"")).status, 200);
  EXPECT_TRUE(server->configured());
  EXPECT_EQ(sink_.calls, 3);
}

TEST_F(ConfigServerTest, OtherMethodsGet405) {
  auto server = MakeServer();
  net::ServerRequest request;
  request.method = "DELETE";
  EXPECT_EQ(server->Handle(request).status, 405);
}

}  // namespace
}  // namespace mse::enclave
