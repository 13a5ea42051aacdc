// The exact bytes are specified in docs/provider-binding.md; keep both in step.
#include "format/provider_binding.h"

#include "base/encoding.h"
#include "format/uuid.h"

namespace mse::format {
namespace {

void AppendU64(Bytes& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendItem(Bytes& out, std::optional<ByteView> item) {
  if (!item || item->empty()) {
    out.push_back(0x00);
    return;
  }
  out.push_back(0x01);
  AppendU64(out, item->size());
  out.insert(out.end(), item->begin(), item->end());
}

void Append(Bytes& out, ByteView data) { out.insert(out.end(), data.begin(), data.end()); }

}  // namespace

std::string ProviderPublicKey::Text() const { return std::string(kProviderKeyPrefix) + HexEncode(key); }

StatusOr<ProviderPublicKey> ParseProviderPublicKey(std::string_view text) {
  const std::string expected = "\"ed25519:\" followed by the 64 hex digits of a 32-byte Ed25519 public key";
  if (text.substr(0, kProviderKeyPrefix.size()) != kProviderKeyPrefix) {
    return InvalidArgumentError("provider public key: expected " + expected +
                                ", found a value without that "
                                "prefix ('" +
                                std::string(text.substr(0, 16)) + "...')");
  }
  std::string_view hex = text.substr(kProviderKeyPrefix.size());
  auto bytes = HexDecode(hex);
  if (!bytes.ok() || bytes->size() != crypto::kEd25519PublicKeySize ||
      hex.find(' ') != std::string_view::npos) {
    return InvalidArgumentError("provider public key: expected " + expected + ", found " +
                                std::to_string(hex.size()) + " characters after the prefix" +
                                (bytes.ok() ? "" : " (" + bytes.status().message() + ")"));
  }
  ProviderPublicKey key;
  std::copy(bytes->begin(), bytes->end(), key.key.begin());
  return key;
}

namespace {

constexpr std::string_view kKeyName = "provider_public_key";

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// `"value"` or `'value'` (no escapes: the key's text never needs one),
// then nothing but an optional comment.
std::optional<std::string_view> QuotedValue(std::string_view rest) {
  rest = TrimSpaces(rest);
  if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return std::nullopt;
  size_t close = rest.find(rest.front(), 1);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view value = rest.substr(1, close - 1);
  std::string_view after = TrimSpaces(rest.substr(close + 1));
  if (value.find('\\') != std::string_view::npos || (!after.empty() && after.front() != '#'))
    return std::nullopt;
  return value;
}

}  // namespace

StatusOr<std::optional<ProviderPublicKey>> FindProviderPublicKey(std::string_view mse_toml,
                                                                 std::string_view path) {
  std::optional<ProviderPublicKey> found;
  int line_number = 0;
  while (!mse_toml.empty()) {
    size_t end = mse_toml.find('\n');
    std::string_view line = TrimSpaces(mse_toml.substr(0, end));
    mse_toml.remove_prefix(end == std::string_view::npos ? mse_toml.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.front() == '[') break;  // the top level ends at the first table
    std::string_view unquoted =
        line.empty() || (line.front() != '"' && line.front() != '\'') ? line : line.substr(1);
    if (unquoted.substr(0, kKeyName.size()) != kKeyName) continue;
    const std::string where = std::string(path) + ":" + std::to_string(line_number) + ": ";
    std::optional<std::string_view> value;
    if (line.substr(0, kKeyName.size()) == kKeyName) {
      std::string_view rest = TrimSpaces(line.substr(kKeyName.size()));
      if (!rest.empty() && rest.front() == '=') value = QuotedValue(rest.substr(1));
    }
    if (!value) {
      return InvalidArgumentError(where + "write the provider key on one top-level line as " +
                                  "provider_public_key = \"ed25519:<64 hex digits>\"");
    }
    if (found) return InvalidArgumentError(where + "provider_public_key is given twice");
    auto key = ParseProviderPublicKey(*value);
    if (!key.ok()) return InvalidArgumentError(where + std::string(kKeyName) + ": " + key.status().message());
    found = *key;
  }
  return found;
}

ProviderKeyPair GenerateProviderKeyPair(Random& random) {
  crypto::Ed25519KeyPair pair = crypto::GenerateEd25519KeyPair(random);
  return ProviderKeyPair{std::move(pair.seed), ProviderPublicKey{pair.public_key}};
}

StatusOr<ProviderKeyPair> ProviderKeyPairFromSeed(ByteView seed) {
  MSE_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair pair, crypto::Ed25519KeyPairFromSeed(seed));
  return ProviderKeyPair{std::move(pair.seed), ProviderPublicKey{pair.public_key}};
}

crypto::Sha256Digest ProviderPayloadHash(const BoundFields& fields) {
  Bytes payload;
  Append(payload, AsBytes(kProviderPayloadContext));
  AppendItem(payload, fields.sealed_secrets);
  AppendItem(payload, fields.code_secret_key);
  std::optional<ByteView> ssl;
  if (fields.ssl_private_key) ssl = AsBytes(*fields.ssl_private_key);
  AppendItem(payload, ssl);
  crypto::Sha256Digest digest = crypto::Sha256(payload);
  WipeMemory(payload.data(), payload.size());  // it holds the code key and the TLS key
  return digest;
}

StatusOr<Bytes> ProviderBindingMessage(const BindingEnclave& enclave, const BoundFields& fields) {
  auto uuid = ParseUuid(enclave.app_id);
  if (!uuid) return InvalidArgumentError("provider binding: app id '" + enclave.app_id + "' is not a UUID");
  if (enclave.ratls_public_key[0] != 0x04) {
    return InvalidArgumentError(
        "provider binding: the RA-TLS key must be an uncompressed P-256 point (0x04 ‖ X ‖ Y)");
  }
  Bytes message;
  message.reserve(kProviderBindingMessageSize);
  Append(message, AsBytes(kProviderBindingContext));
  Append(message, *uuid);
  Append(message, enclave.ratls_public_key);
  Append(message, enclave.enclave_public_key);
  Append(message, ProviderPayloadHash(fields));
  return message;
}

StatusOr<std::string> SignProviderBinding(ByteView provider_seed, const BindingEnclave& enclave,
                                          const BoundFields& fields) {
  MSE_ASSIGN_OR_RETURN(Bytes message, ProviderBindingMessage(enclave, fields));
  auto signature = crypto::Ed25519Sign(provider_seed, message);
  if (!signature.ok()) return signature.status().WithContext("provider binding");
  return Base64UrlEncode(*signature);
}

Status VerifyProviderBinding(const ProviderPublicKey& provider, const BindingEnclave& enclave,
                             const BoundFields& fields, std::string_view signature) {
  auto raw = Base64UrlDecode(signature);
  if (!raw.ok() || raw->size() != crypto::kEd25519SignatureSize) {
    return InvalidArgumentError(std::string(kProviderSignatureField) +
                                ": expected base64url of a 64-byte Ed25519 signature, found " +
                                (raw.ok() ? std::to_string(raw->size()) + " bytes" : raw.status().message()));
  }
  MSE_ASSIGN_OR_RETURN(Bytes message, ProviderBindingMessage(enclave, fields));
  Status verified = crypto::Ed25519Verify(provider.key, message, *raw);
  if (!verified.ok()) {
    return UnauthenticatedError(std::string(kProviderSignatureField) +
                                " is not a signature by the provider key " + provider.Text() +
                                " of this configuration for this enclave (app id, RA-TLS key "
                                "and enclave key): " +
                                verified.message());
  }
  return Status::Ok();
}

}  // namespace mse::format
