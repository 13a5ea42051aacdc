// Validation first, then writes, each failure mapped to one HTTP status:
// InvalidArgument/DataLoss 400, Unauthenticated 401, AlreadyExists 409,
// OutOfRange 413, anything else 500.
#include "enclave/config_server.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "enclave/python_json.h"

namespace mse::enclave {

using Json = nlohmann::ordered_json;

struct ConfigServer::Payload {
  std::optional<std::string> secrets_json;  // compact-Python app_secrets
  std::optional<SecretBytes> sealed_json;   // compact-Python unsealed object
  std::optional<SecretBytes> code_key;
  std::optional<SecretBytes> owner_key_pem;
};

namespace {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kOutOfRange:
      return 413;
    default:
      return 500;
  }
}

StatusOr<SecretBytes> DecodeCodeKey(const Json& value, std::string_view where) {
  if (!value.is_string()) return InvalidArgumentError(std::string(where) + " must be a string");
  auto key = HexDecode(value.get<std::string>());
  if (!key.ok()) return InvalidArgumentError(std::string(where) + ": " + key.status().message());
  if (key->size() != 32) {
    size_t size = key->size();
    WipeMemory(key->data(), key->size());
    return InvalidArgumentError(std::string(where) + ": expected 32 bytes (64 hex digits), found " +
                                std::to_string(size) + " bytes");
  }
  SecretBytes secret(*key);
  WipeMemory(key->data(), key->size());
  return secret;
}

StatusOr<Json> ParseObject(std::string_view text, std::string_view what) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidArgumentError(std::string(what) + " is not valid JSON");
  if (!json.is_object()) return InvalidArgumentError(std::string(what) + " is not a JSON object");
  return json;
}

}  // namespace

std::optional<std::string> NormalizeUuid(std::string_view text) {
  for (std::string_view prefix : {"urn:", "uuid:"}) {
    if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  }
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, text.size() - 2);
  }
  std::string hex;
  for (char c : text) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 32) return std::nullopt;
  return hex;
}

ConfigServer::ConfigServer(ConfigServerOptions options, FileSystem& fs, SecretsUnsealer& unsealer,
                           CodeDecryptor& decryptor, ConfiguredCallback on_configured)
    : options_(std::move(options)), fs_(fs), unsealer_(unsealer), decryptor_(decryptor),
      on_configured_(std::move(on_configured)) {}

bool ConfigServer::configured() const {
  std::lock_guard lock(mu_);
  return configured_;
}

net::ServerResponse ConfigServer::Handle(const net::ServerRequest& request) {
  if (request.method == "GET" || request.method == "HEAD") {
    net::ServerResponse response;
    response.headers.emplace_back("Mse-Status", "Waiting");
    response.body = std::string(kWaitingBody);
    return response;
  }
  if (request.method != "POST") {
    net::ServerResponse response = net::ServerResponse::JsonError(405, "method not allowed: use GET or POST");
    response.headers.emplace_back("Allow", "GET, HEAD, POST");
    return response;
  }
  return Configure(request.body);
}

net::ServerResponse ConfigServer::Configure(const std::string& body) {
  std::lock_guard lock(mu_);
  Status status;
  if (configured_) {
    status = AlreadyExistsError("the enclave is already configured");
  } else if (body.size() > options_.max_body_bytes) {
    status = OutOfRangeError("configuration larger than " +
                             std::to_string(options_.max_body_bytes) + " bytes");
  } else {
    auto payload = Validate(body);
    status = payload.ok() ? Apply(*payload) : payload.status();
  }
  if (!status.ok()) {
    std::fprintf(stderr, "configuration rejected: %s\n", status.ToString().c_str());
    return net::ServerResponse::JsonError(HttpStatusFor(status), status.message());
  }
  std::fprintf(stderr, "configuration accepted\n");
  return net::ServerResponse{};
}

StatusOr<ConfigServer::Payload> ConfigServer::Validate(const std::string& body) {
  MSE_ASSIGN_OR_RETURN(Json json, ParseObject(body, "request body"));
  if (!json.contains("uuid") || !json["uuid"].is_string()) {
    return InvalidArgumentError("field 'uuid' is missing or not a string");
  }
  auto uuid = NormalizeUuid(json["uuid"].get<std::string>());
  if (!uuid || uuid != NormalizeUuid(options_.expected_uuid)) {
    return UnauthenticatedError("field 'uuid' does not match this enclave's id");
  }
  Payload payload;
  if (json.contains("code_secret_key") && !json["code_secret_key"].is_null()) {
    MSE_ASSIGN_OR_RETURN(payload.code_key, DecodeCodeKey(json["code_secret_key"], "code_secret_key"));
  }
  if (json.contains("app_secrets") && !json["app_secrets"].is_null()) {
    payload.secrets_json = DumpCompactPython(json["app_secrets"]);
  }
  if (json.contains("app_sealed_secrets") && !json["app_sealed_secrets"].is_null()) {
    MSE_RETURN_IF_ERROR(ValidateSealed(json["app_sealed_secrets"], payload));
  }
  if (options_.owner_certificate_mode) {
    if (!json.contains("ssl_private_key") || !json["ssl_private_key"].is_string() ||
        json["ssl_private_key"].get<std::string>().empty()) {
      return InvalidArgumentError("field 'ssl_private_key' is required with --certificate");
    }
    payload.owner_key_pem = SecretBytes(AsBytes(json["ssl_private_key"].get<std::string>()));
  }
  return payload;
}

// Opens app_sealed_secrets; takes its code key unless a top-level one exists.
Status ConfigServer::ValidateSealed(const Json& value, Payload& payload) {
  if (!value.is_string()) {
    return InvalidArgumentError("field 'app_sealed_secrets' must be a base64url string");
  }
  auto sealed = Base64UrlDecode(value.get<std::string>());
  if (!sealed.ok()) return InvalidArgumentError("app_sealed_secrets: " + sealed.status().message());
  auto plain = unsealer_.Unseal(*sealed);
  if (!plain.ok()) {
    return UnauthenticatedError("app_sealed_secrets do not open with this enclave's key: " +
                                plain.status().message());
  }
  MSE_ASSIGN_OR_RETURN(Json sealed_json, ParseObject(AsStringView(plain->view()),
                                                     "the unsealed app_sealed_secrets"));
  if (!payload.code_key && sealed_json.contains("code_secret_key")) {
    MSE_ASSIGN_OR_RETURN(payload.code_key, DecodeCodeKey(sealed_json["code_secret_key"],
                                                         "sealed code_secret_key"));
  }
  payload.sealed_json = SecretBytes(AsBytes(DumpCompactPython(sealed_json)));
  return Status::Ok();
}

Status ConfigServer::Apply(const Payload& payload) {
  const SecretBytes* key = payload.code_key ? &*payload.code_key : nullptr;
  Status installed = decryptor_.Install(options_.app_dir, options_.paths.module_path, key);
  if (!installed.ok()) {
    (void)fs_.RemoveAll(options_.paths.module_path);
    return DataLossError("cannot install the application code: " + installed.message());
  }
  Status written = WriteFiles(payload);
  if (!written.ok()) {
    Rollback();
    return InternalError("cannot store the configuration: " + written.message());
  }
  configured_ = true;
  if (on_configured_) {
    Status started = on_configured_();
    if (!started.ok()) return InternalError("the application did not start: " + started.message());
  }
  return Status::Ok();
}

Status ConfigServer::WriteFiles(const Payload& payload) {
  const EnclavePaths& paths = options_.paths;
  auto write = [this](const std::string& path, ByteView data) -> Status {
    MSE_RETURN_IF_ERROR(fs_.CreateDirectories(DirName(path), FileMode::kSecret));
    return fs_.WriteFile(path, data, FileMode::kSecret);
  };
  if (payload.secrets_json) {
    MSE_RETURN_IF_ERROR(write(paths.secrets_path, AsBytes(*payload.secrets_json)));
  }
  if (payload.sealed_json) {
    MSE_RETURN_IF_ERROR(write(paths.sealed_secrets_path, payload.sealed_json->view()));
  }
  if (payload.code_key) MSE_RETURN_IF_ERROR(write(paths.CodeKeyFile(), payload.code_key->view()));
  if (payload.owner_key_pem) {
    MSE_RETURN_IF_ERROR(write(paths.OwnerKeyFile(), payload.owner_key_pem->view()));
  }
  return Status::Ok();
}

void ConfigServer::Rollback() {
  const EnclavePaths& paths = options_.paths;
  for (const std::string& path : {paths.secrets_path, paths.sealed_secrets_path,
                                  paths.CodeKeyFile(), paths.OwnerKeyFile()}) {
    if (fs_.Exists(path)) (void)fs_.RemoveFile(path);
  }
  (void)fs_.RemoveAll(paths.module_path);
}

}  // namespace mse::enclave
