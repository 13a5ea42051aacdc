#include "enclave/config_server.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "enclave/code_installer.h"
#include "enclave/python_json.h"

namespace mse::enclave {
namespace {

constexpr char kUuid[] = "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21";
const std::string kKeyHex(64, 'a');

// "SEALED:" + plaintext opens to the plaintext; anything else fails.
class FakeUnsealer : public SecretsUnsealer {
 public:
  StatusOr<SecretBytes> Unseal(ByteView sealed) override {
    std::string_view text = AsStringView(sealed);
    if (text.substr(0, 7) != "SEALED:") return UnauthenticatedError("sealed box does not open");
    return SecretBytes(AsBytes(text.substr(7)));
  }
};

class FakeDecryptor : public CodeDecryptor {
 public:
  explicit FakeDecryptor(FileSystem& fs) : fs_(fs) {}
  Status Install(const std::string& app_dir, const std::string& module_path,
                 const SecretBytes* code_key) override {
    calls++;
    last_key = code_key ? HexEncode(code_key->view()) : "";
    last_app_dir = app_dir;
    MSE_RETURN_IF_ERROR(fs_.CreateDirectories(module_path, FileMode::kSecret));
    MSE_RETURN_IF_ERROR(fs_.WriteFile(module_path + "/app.py", "code"));
    if (fail) return DataLossError("app.py.enc: authentication failed");
    return Status::Ok();
  }
  int calls = 0;
  bool fail = false;
  std::string last_key;
  std::string last_app_dir;

 private:
  FileSystem& fs_;
};

class ConfigServerTest : public ::testing::Test {
 protected:
  ConfigServerTest() : decryptor_(fs_) {
    options_.expected_uuid = kUuid;
    options_.app_dir = "/opt/input/app";
    options_.max_body_bytes = 4096;
    options_.paths.home = "/root";
    EXPECT_TRUE(fs_.CreateDirectories("/key", FileMode::kSecret).ok());
  }

  std::unique_ptr<ConfigServer> MakeServer() {
    return std::make_unique<ConfigServer>(options_, fs_, unsealer_, decryptor_, [this] {
      switched_++;
      return switch_result_;
    });
  }

  net::ServerResponse Post(ConfigServer& server, const std::string& body) {
    net::ServerRequest request;
    request.method = "POST";
    request.target = "/anything";
    request.body = body;
    return server.Handle(request);
  }

  // Nothing but the pre-existing /key directory: no file at all.
  void ExpectNothingWritten() {
    EXPECT_TRUE(fs_.files().empty()) << fs_.files().begin()->first;
    EXPECT_FALSE(fs_.Exists("/mse-app"));
    EXPECT_EQ(switched_, 0);
  }

  static std::string Sealed(const std::string& plaintext) {
    return Base64UrlEncode(AsBytes("SEALED:" + plaintext));
  }

  FakeFileSystem fs_;
  FakeUnsealer unsealer_;
  FakeDecryptor decryptor_;
  ConfigServerOptions options_;
  int switched_ = 0;
  Status switch_result_;
};

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
}

TEST_F(ConfigServerTest, AcceptsFullConfigurationAndWritesEverything) {
  auto server = MakeServer();
  std::string body = std::string("{\"uuid\": \"") + "2F0C7F4E-4B7A-4C43-9A57-7D1E0B6F3A21" +
                     "\", \"app_secrets\": {\"key\": \"pass\\u00e9\", \"n\": [1, 2]}, "
                     "\"app_sealed_secrets\": \"" + Sealed("{\"b\":1,\"a\":\"x\"}") + "\", "
                     "\"code_secret_key\": \"" + kKeyHex + "\"}";
  auto response = Post(*server, body);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "");
  const auto& files = fs_.files();
  ASSERT_TRUE(files.count("/root/.cache/mse/secrets.json"));
  EXPECT_EQ(files.at("/root/.cache/mse/secrets.json").data,
            "{\"key\": \"pass\\u00e9\", \"n\": [1, 2]}");
  EXPECT_EQ(files.at("/root/.cache/mse/secrets.json").mode, FileMode::kSecret);
  EXPECT_EQ(files.at("/root/.cache/mse/sealed_secrets.json").data, "{\"b\": 1, \"a\": \"x\"}");
  ASSERT_TRUE(files.count("/key/code.key"));
  EXPECT_EQ(files.at("/key/code.key").data, std::string(32, '\xaa'));
  EXPECT_EQ(files.at("/key/code.key").mode, FileMode::kSecret);
  EXPECT_EQ(decryptor_.last_key, kKeyHex);
  EXPECT_EQ(decryptor_.last_app_dir, "/opt/input/app");
  EXPECT_EQ(switched_, 1);
  EXPECT_TRUE(server->configured());
  EXPECT_EQ(Post(*server, body).status, 409);
  EXPECT_EQ(switched_, 1);
}

TEST_F(ConfigServerTest, SealedCodeKeyIsUsedAndTopLevelWins) {
  auto server = MakeServer();
  std::string sealed_key(64, 'b');
  std::string sealed = Sealed("{\"code_secret_key\": \"" + sealed_key + "\"}");
  EXPECT_EQ(Post(*server, std::string("{\"uuid\": \"") + kUuid + "\", \"app_sealed_secrets\": \"" +
                              sealed + "\"}").status, 200);
  EXPECT_EQ(decryptor_.last_key, sealed_key);
  // The sealed key stays in the sealed secrets file.
  EXPECT_NE(fs_.files().at("/root/.cache/mse/sealed_secrets.json").data.find(sealed_key),
            std::string::npos);

  FakeFileSystem other_fs;
  FakeDecryptor other(other_fs);
  ConfigServer second(options_, other_fs, unsealer_, other, [] { return Status::Ok(); });
  EXPECT_EQ(Post(second, std::string("{\"uuid\": \"") + kUuid + "\", \"app_sealed_secrets\": \"" +
                             sealed + "\", \"code_secret_key\": \"" + kKeyHex + "\"}").status, 200);
  EXPECT_EQ(other.last_key, kKeyHex);
}

TEST_F(ConfigServerTest, PlaintextCodeWithoutKey) {
  auto server = MakeServer();
  EXPECT_EQ(Post(*server, std::string("{\"uuid\": \"") + kUuid + "\"}").status, 200);
  EXPECT_EQ(decryptor_.calls, 1);
  EXPECT_EQ(decryptor_.last_key, "");
  EXPECT_FALSE(fs_.Exists("/key/code.key"));
  EXPECT_FALSE(fs_.Exists("/root/.cache/mse/secrets.json"));
}

struct RejectCase {
  const char* name;
  std::string body;
  int status;
  const char* message_part;
};

class ConfigServerRejectTest : public ConfigServerTest,
                               public ::testing::WithParamInterface<RejectCase> {};

TEST_P(ConfigServerRejectTest, RejectsWithoutWritingAnything) {
  auto server = MakeServer();
  auto response = Post(*server, GetParam().body);
  EXPECT_EQ(response.status, GetParam().status) << response.body;
  EXPECT_EQ(net::FindHeader(response.headers, "Content-Type").value_or(""), "application/json");
  EXPECT_NE(response.body.find("\"error\""), std::string::npos);
  EXPECT_NE(response.body.find(GetParam().message_part), std::string::npos) << response.body;
  EXPECT_EQ(decryptor_.calls, 0);
  ExpectNothingWritten();
  EXPECT_FALSE(server->configured());
}

std::string WithUuid(const std::string& rest) {
  return std::string("{\"uuid\": \"") + kUuid + "\"" + rest + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigServerRejectTest,
    ::testing::Values(
        RejectCase{"MalformedJson", "{\"uuid\": ", 400, "not valid JSON"},
        RejectCase{"NotAnObject", "[1, 2]", 400, "not a JSON object"},
        RejectCase{"MissingUuid", "{\"app_secrets\": {}}", 400, "uuid"},
        RejectCase{"WrongUuid", "{\"uuid\": \"00000000-4b7a-4c43-9a57-7d1e0b6f3a21\", "
                                "\"app_secrets\": {\"a\": 1}}", 401, "does not match"},
        RejectCase{"NotAUuid", "{\"uuid\": \"hello\", \"app_secrets\": 1}", 401, "does not match"},
        RejectCase{"ShortKey", WithUuid(", \"app_secrets\": 1, \"code_secret_key\": \"abcd\""), 400,
                   "found 2 bytes"},
        RejectCase{"BadHexKey", WithUuid(", \"code_secret_key\": \"zz\""), 400, "code_secret_key"},
        RejectCase{"KeyNotString", WithUuid(", \"code_secret_key\": 5"), 400, "must be a string"},
        RejectCase{"SealedDoesNotOpen", WithUuid(", \"app_secrets\": 1, \"app_sealed_secrets\": \"" +
                                                 Base64UrlEncode(AsBytes("garbage")) + "\""),
                   401, "do not open"},
        RejectCase{"SealedNotObject", WithUuid(", \"app_sealed_secrets\": \"" +
                                               Base64UrlEncode(AsBytes("SEALED:[1]")) + "\""),
                   400, "not a JSON object"},
        RejectCase{"SealedBadKey", WithUuid(", \"app_sealed_secrets\": \"" +
                                            Base64UrlEncode(AsBytes(
                                                "SEALED:{\"code_secret_key\": \"00\"}")) + "\""),
                   400, "sealed code_secret_key"},
        RejectCase{"TooLarge", WithUuid(", \"app_secrets\": \"" + std::string(5000, 'x') + "\""), 413,
                   "larger than"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ConfigServerTest, OwnerModeRequiresPrivateKey) {
  options_.owner_certificate_mode = true;
  auto server = MakeServer();
  EXPECT_EQ(Post(*server, WithUuid("")).status, 400);
  ExpectNothingWritten();
  EXPECT_EQ(Post(*server, WithUuid(", \"ssl_private_key\": \"-----BEGIN PRIVATE KEY-----\\n\"")).status,
            200);
  EXPECT_EQ(fs_.files().at("/key/key.pem").data, "-----BEGIN PRIVATE KEY-----\n");
  EXPECT_EQ(fs_.files().at("/key/key.pem").mode, FileMode::kSecret);
}

TEST_F(ConfigServerTest, DecryptionFailureLeavesNoCodeAndNoSecrets) {
  decryptor_.fail = true;
  auto server = MakeServer();
  auto response = Post(*server, WithUuid(", \"app_secrets\": 1, \"code_secret_key\": \"" + kKeyHex + "\""));
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("authentication failed"), std::string::npos);
  EXPECT_FALSE(fs_.Exists("/mse-app"));
  EXPECT_TRUE(fs_.files().empty());
  EXPECT_FALSE(server->configured());
  decryptor_.fail = false;  // a corrected retry succeeds
  EXPECT_EQ(Post(*server, WithUuid(", \"code_secret_key\": \"" + kKeyHex + "\"")).status, 200);
}

TEST_F(ConfigServerTest, WriteFailureRollsBack) {
  auto server = MakeServer();
  fs_.FailWriteNumber(2);  // app.py, secrets.json pass; sealed_secrets.json fails
  auto response = Post(*server, WithUuid(", \"app_secrets\": 1, \"app_sealed_secrets\": \"" +
                                         Sealed("{}") + "\""));
  EXPECT_EQ(response.status, 500);
  EXPECT_TRUE(fs_.files().empty()) << fs_.files().begin()->first;
  EXPECT_FALSE(fs_.Exists("/mse-app"));
  EXPECT_EQ(fs_.open_temporaries(), 0);
}

TEST_F(ConfigServerTest, AppStartFailureAnswers500) {
  switch_result_ = NotFoundError("No module named 'app'");
  auto server = MakeServer();
  auto response = Post(*server, WithUuid(""));
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("No module named"), std::string::npos);
}

TEST_F(ConfigServerTest, OtherMethodsGet405) {
  auto server = MakeServer();
  net::ServerRequest request;
  request.method = "DELETE";
  EXPECT_EQ(server->Handle(request).status, 405);
}

struct UuidCase {
  const char* text;
  const char* normalized;  // "" = invalid
};
class NormalizeUuidTest : public ::testing::TestWithParam<UuidCase> {};
TEST_P(NormalizeUuidTest, Normalizes) {
  auto result = NormalizeUuid(GetParam().text);
  EXPECT_EQ(result.value_or(""), GetParam().normalized);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, NormalizeUuidTest,
    ::testing::Values(UuidCase{kUuid, "2f0c7f4e4b7a4c439a577d1e0b6f3a21"},
                      UuidCase{"{2F0C7F4E-4B7A-4C43-9A57-7D1E0B6F3A21}", "2f0c7f4e4b7a4c439a577d1e0b6f3a21"},
                      UuidCase{"urn:uuid:2f0c7f4e4b7a4c439a577d1e0b6f3a21", "2f0c7f4e4b7a4c439a577d1e0b6f3a21"},
                      UuidCase{"2f0c7f4e", ""}, UuidCase{"", ""},
                      UuidCase{"2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a2g", ""}));

TEST(PythonJsonTest, MatchesPythonCompactSeparatorsAndAscii) {
  auto json = nlohmann::ordered_json::parse(
      R"({"z": 1, "a": [true, null, 1.5, "é/\u0001\u007f"], "e": {}, "l": []})");
  EXPECT_EQ(DumpCompactPython(json),
            "{\"z\": 1, \"a\": [true, null, 1.5, \"\\u00e9/\\u0001\\u007f\"], \"e\": {}, \"l\": []}");
  EXPECT_EQ(DumpCompactPython(nlohmann::ordered_json::parse("\"\\ud83d\\ude00\"")),
            "\"\\ud83d\\ude00\"");
}

TEST(PlaintextCodeInstallerTest, CopiesTreeAndRefusesKeys) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/in/pkg", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/in/app.py", "print(1)").ok());
  ASSERT_TRUE(fs.WriteFile("/in/pkg/mod.py", "x = 1").ok());
  PlaintextCodeInstaller installer(fs);
  EXPECT_FALSE(IsConfigured(fs, "/mse-app"));
  ASSERT_TRUE(installer.Install("/in", "/mse-app", nullptr).ok());
  EXPECT_EQ(fs.files().at("/mse-app/app.py").data, "print(1)");
  EXPECT_EQ(fs.files().at("/mse-app/pkg/mod.py").data, "x = 1");
  EXPECT_TRUE(IsConfigured(fs, "/mse-app"));
  SecretBytes key(32);
  EXPECT_EQ(installer.Install("/in", "/other", &key).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(installer.Install("/missing", "/other", nullptr).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mse::enclave
