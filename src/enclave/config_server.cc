// Validation first, then the sink, each failure mapped to one HTTP status:
// InvalidArgument/DataLoss 400, Unauthenticated 401, AlreadyExists 409,
// OutOfRange 413, anything else 500.
#include "enclave/config_server.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/encoding.h"
#include "base/json_depth.h"
#include "format/json_writer.h"
#include "format/uuid.h"

namespace mse::enclave {
namespace {

using Json = nlohmann::ordered_json;

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

// A parsed document whose strings are wiped when it dies (they may be keys,
// secrets or their hex). Depth is bounded by the parser check, so the walk
// is too.
class WipedJson {
 public:
  WipedJson() = default;
  explicit WipedJson(Json json) : json_(std::move(json)) {}
  ~WipedJson() { Wipe(json_); }
  WipedJson(const WipedJson&) = delete;
  WipedJson& operator=(const WipedJson&) = delete;
  const Json& operator*() const { return json_; }
  const Json* operator->() const { return &json_; }

 private:
  static void Wipe(Json& json) {
    std::vector<Json*> pending = {&json};
    while (!pending.empty()) {
      Json* j = pending.back();
      pending.pop_back();
      if (j->is_string()) {
        std::string& s = j->get_ref<std::string&>();
        WipeMemory(s.data(), s.size());
      } else if (j->is_structured()) {
        for (auto& child : *j) pending.push_back(&child);
      }
    }
  }
  Json json_;
};

StatusOr<Json> ParseObject(std::string_view text, std::string_view what) {
  MSE_RETURN_IF_ERROR(CheckJsonDepth(text, what));
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidArgumentError(std::string(what) + " is not valid JSON");
  if (!json.is_object()) return InvalidArgumentError(std::string(what) + " is not a JSON object");
  return json;
}

// The member, or nullptr when absent or null.
const Json* Member(const Json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

StatusOr<SecretBytes> DecodeCodeKey(const Json& value, std::string_view where) {
  if (!value.is_string()) return InvalidArgumentError(std::string(where) + " must be a string");
  auto key = HexDecodeSecret(value.get_ref<const std::string&>());
  if (!key.ok()) return InvalidArgumentError(std::string(where) + ": " + key.status().message());
  if (key->size() != 32) {
    return InvalidArgumentError(std::string(where) + ": expected 32 bytes (64 hex digits), found " +
                                std::to_string(key->size()) + " bytes");
  }
  return key;
}

SecretBytes CompactSecret(const Json& value) {
  std::string text = format::DumpCompactPython(value);
  SecretBytes out(AsBytes(text));
  WipeMemory(text.data(), text.size());
  return out;
}

// The POST members, decoded, before the signature check and the unsealing.
struct Decoded {
  std::optional<SecretBytes> code_key;
  std::optional<Bytes> sealed;
  std::optional<SecretBytes> ssl_private_key;
  std::optional<SecretBytes> app_secrets_json;
  std::optional<std::string> signature;
};

StatusOr<Decoded> DecodeMembers(const Json& json) {
  Decoded d;
  if (const Json* key = Member(json, "code_secret_key")) {
    MSE_ASSIGN_OR_RETURN(d.code_key, DecodeCodeKey(*key, "code_secret_key"));
  }
  if (const Json* sealed = Member(json, "app_sealed_secrets")) {
    if (!sealed->is_string())
      return InvalidArgumentError("field 'app_sealed_secrets' must be a base64url string");
    auto raw = Base64UrlDecode(sealed->get_ref<const std::string&>());
    if (!raw.ok()) return InvalidArgumentError("app_sealed_secrets: " + raw.status().message());
    d.sealed = std::move(raw).value();
  }
  if (const Json* ssl = Member(json, "ssl_private_key")) {
    if (!ssl->is_string()) return InvalidArgumentError("field 'ssl_private_key' must be a string (PEM)");
    if (!ssl->get_ref<const std::string&>().empty())
      d.ssl_private_key = SecretBytes(AsBytes(ssl->get_ref<const std::string&>()));
  }
  if (const Json* secrets = Member(json, "app_secrets")) d.app_secrets_json = CompactSecret(*secrets);
  if (const Json* signature = Member(json, std::string(format::kProviderSignatureField).c_str())) {
    if (!signature->is_string())
      return InvalidArgumentError("field 'provider_signature' must be a base64url string");
    d.signature = signature->get<std::string>();
  }
  return d;
}

format::BoundFields BoundFieldsOf(const Decoded& d) {
  format::BoundFields fields;
  if (d.sealed) fields.sealed_secrets = ByteView(*d.sealed);
  if (d.code_key) fields.code_secret_key = d.code_key->view();
  if (d.ssl_private_key) fields.ssl_private_key = AsStringView(d.ssl_private_key->view());
  return fields;
}

Status CheckUuid(const Json& json, std::string_view expected) {
  const Json* uuid = Member(json, "uuid");
  if (uuid == nullptr || !uuid->is_string()) {
    return InvalidArgumentError("field 'uuid' is missing or not a string");
  }
  auto id = format::NormalizeUuid(uuid->get_ref<const std::string&>());
  if (!id || id != format::NormalizeUuid(expected)) {
    return UnauthenticatedError("field 'uuid' does not match this enclave's id");
  }
  return Status::Ok();
}

// With a provider key, only its signature of this configuration for this
// enclave lets the configuration through (docs/provider-binding.md §4).
Status CheckProviderSignature(const ConfigServerOptions& options, const Decoded& d) {
  if (!options.provider_key) {
    if (d.signature) {
      std::fprintf(stderr, "configuration: provider_signature ignored (the package names no provider key)\n");
    }
    return Status::Ok();
  }
  if (!d.signature) {
    return UnauthenticatedError("this enclave's package names the provider key " +
                                options.provider_key->Text() +
                                ": the configuration must carry 'provider_signature', made by the provider "
                                "(`mse home seal`) for this enclave");
  }
  return format::VerifyProviderBinding(*options.provider_key, options.enclave, BoundFieldsOf(d),
                                       *d.signature);
}

// Opens app_sealed_secrets; takes its code key unless a top-level one exists
// the sealed one stays in the sealed secrets document.
Status OpenSealed(SecretsUnsealer& unsealer, const Bytes& sealed, ConfigurationSecrets& c) {
  auto plain = unsealer.Unseal(sealed);
  if (!plain.ok()) {
    return UnauthenticatedError("app_sealed_secrets do not open with this enclave's key: " +
                                plain.status().message());
  }
  MSE_ASSIGN_OR_RETURN(Json parsed,
                       ParseObject(AsStringView(plain->view()), "the unsealed app_sealed_secrets"));
  WipedJson document(std::move(parsed));
  if (!c.code_key) {
    if (const Json* key = Member(*document, "code_secret_key")) {
      MSE_ASSIGN_OR_RETURN(c.code_key, DecodeCodeKey(*key, "sealed code_secret_key"));
    }
  }
  c.sealed_secrets_json = CompactSecret(*document);
  return Status::Ok();
}

}  // namespace

std::optional<std::string> NormalizeUuid(std::string_view text) { return format::NormalizeUuid(text); }

ConfigServer::ConfigServer(ConfigServerOptions options, SecretsUnsealer& unsealer, ConfigurationSink& sink)
    : options_(std::move(options)), unsealer_(unsealer), sink_(sink) {
  options_.enclave.app_id = options_.expected_uuid;
}

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

net::ServerResponse ConfigServer::Configure(std::string_view body) {
  std::lock_guard lock(mu_);
  Status status;
  if (configured_) {
    status = AlreadyExistsError("the enclave is already configured");
  } else if (body.size() > options_.max_body_bytes) {
    status =
        OutOfRangeError("configuration larger than " + std::to_string(options_.max_body_bytes) + " bytes");
  } else {
    auto configuration = Validate(body);
    status = configuration.ok() ? sink_.Apply(std::move(configuration).value()) : configuration.status();
  }
  if (!status.ok()) {
    std::fprintf(stderr, "configuration rejected: %s\n", status.ToString().c_str());
    return net::ServerResponse::JsonError(HttpStatusFor(status), status.message());
  }
  configured_ = true;
  std::fprintf(stderr, "configuration accepted\n");
  return net::ServerResponse{};
}

StatusOr<ConfigurationSecrets> ConfigServer::Validate(std::string_view body) {
  MSE_ASSIGN_OR_RETURN(Json parsed, ParseObject(body, "request body"));
  WipedJson json(std::move(parsed));
  MSE_RETURN_IF_ERROR(CheckUuid(*json, options_.expected_uuid));
  MSE_ASSIGN_OR_RETURN(Decoded d, DecodeMembers(*json));
  MSE_RETURN_IF_ERROR(CheckProviderSignature(options_, d));
  if (options_.owner_certificate_mode && !d.ssl_private_key) {
    return InvalidArgumentError("field 'ssl_private_key' is required with --certificate");
  }
  ConfigurationSecrets c;
  c.code_key = std::move(d.code_key);
  c.app_secrets_json = std::move(d.app_secrets_json);
  if (options_.owner_certificate_mode) c.owner_key_pem = std::move(d.ssl_private_key);
  if (d.sealed) MSE_RETURN_IF_ERROR(OpenSealed(unsealer_, *d.sealed, c));
  return c;
}

}  // namespace mse::enclave
