#include "enclave/sealed_state.h"

#include "crypto/aead.h"
#include "crypto/x25519.h"

namespace mse::enclave {
namespace {

enum Tag : uint8_t {
  kRatlsKey = 1,
  kEnclaveKey = 2,
  kCertificate = 3,
  kConfigured = 4,
  kCodeKey = 5,
  kOwnerKey = 6,
  kAppSecrets = 7,
  kSealedSecrets = 8,
};

constexpr uint64_t kMaxStateFileBytes = 64ull << 20;  // secrets documents are at most 8 MiB each

void Put(Bytes& out, uint8_t tag, ByteView value) {
  out.push_back(tag);
  uint32_t n = static_cast<uint32_t>(value.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(n >> shift));
  out.insert(out.end(), value.begin(), value.end());
}

std::optional<SecretBytes> CloneOptional(const std::optional<SecretBytes>& value) {
  if (!value) return std::nullopt;
  return value->Clone();
}

Status Assign(EnclaveState& state, uint8_t tag, ByteView value) {
  ConfigurationSecrets& c = state.configuration;
  switch (tag) {
    case kRatlsKey:
      state.ratls_key_pem = SecretBytes(value);
      break;
    case kEnclaveKey:
      if (value.size() != crypto::kX25519KeySize)
        return DataLossError("the enclave key entry is not 32 bytes");
      state.enclave_secret_key = SecretBytes(value);
      break;
    case kCertificate:
      state.certificate_pem = ToString(value);
      break;
    case kConfigured:
      if (value.size() != 1 || value[0] > 1)
        return DataLossError("the configured entry is not one byte 0 or 1");
      state.configured = value[0] == 1;
      break;
    case kCodeKey:
      c.code_key = SecretBytes(value);
      break;
    case kOwnerKey:
      c.owner_key_pem = SecretBytes(value);
      break;
    case kAppSecrets:
      c.app_secrets_json = SecretBytes(value);
      break;
    case kSealedSecrets:
      c.sealed_secrets_json = SecretBytes(value);
      break;
    default:
      return DataLossError("unknown entry tag " + std::to_string(tag));
  }
  return Status::Ok();
}

}  // namespace

ConfigurationSecrets ConfigurationSecrets::Clone() const {
  return {CloneOptional(code_key), CloneOptional(owner_key_pem), CloneOptional(app_secrets_json),
          CloneOptional(sealed_secrets_json)};
}

SecretBytes EncodeState(const EnclaveState& state) {
  Bytes out;
  Put(out, kRatlsKey, state.ratls_key_pem.view());
  Put(out, kEnclaveKey, state.enclave_secret_key.view());
  Put(out, kCertificate, AsBytes(state.certificate_pem));
  uint8_t configured = state.configured ? 1 : 0;
  Put(out, kConfigured, ByteView(&configured, 1));
  const ConfigurationSecrets& c = state.configuration;
  if (c.code_key) Put(out, kCodeKey, c.code_key->view());
  if (c.owner_key_pem) Put(out, kOwnerKey, c.owner_key_pem->view());
  if (c.app_secrets_json) Put(out, kAppSecrets, c.app_secrets_json->view());
  if (c.sealed_secrets_json) Put(out, kSealedSecrets, c.sealed_secrets_json->view());
  SecretBytes record(out);
  WipeMemory(out.data(), out.size());
  return record;
}

StatusOr<EnclaveState> DecodeState(ByteView record) {
  EnclaveState state;
  int last = 0;
  size_t pos = 0;
  while (pos < record.size()) {
    if (record.size() - pos < 5)
      return DataLossError("sealed state: truncated entry header at byte " + std::to_string(pos));
    uint8_t tag = record[pos];
    uint32_t n = 0;
    for (int i = 1; i <= 4; ++i) n = (n << 8) | record[pos + i];
    pos += 5;
    if (n > record.size() - pos)
      return DataLossError("sealed state: entry " + std::to_string(tag) + " is truncated");
    if (tag <= last)
      return DataLossError("sealed state: entry " + std::to_string(tag) + " out of order or repeated");
    last = tag;
    Status assigned = Assign(state, tag, record.subspan(pos, n));
    if (!assigned.ok()) return assigned.WithContext("sealed state");
    pos += n;
  }
  if (last < kConfigured)
    return DataLossError("sealed state: required entries missing (keys, certificate, flag)");
  return state;
}

StatusOr<StateSealer> StateSealer::FromSealKey(ByteView seal_key) {
  if (seal_key.size() < 16) {
    return InvalidArgumentError("seal key: expected at least 16 bytes, found " +
                                std::to_string(seal_key.size()));
  }
  MSE_ASSIGN_OR_RETURN(
      SecretBytes key,
      crypto::HkdfSha256(seal_key, {}, AsBytes(kSealedStateHeader.substr(0, 19)), crypto::kAeadKeySize));
  return StateSealer(std::move(key));
}

StatusOr<Bytes> StateSealer::Seal(const EnclaveState& state, Random& random) const {
  Bytes nonce = random.Generate(crypto::kAeadNonceSize);
  SecretBytes record = EncodeState(state);
  MSE_ASSIGN_OR_RETURN(Bytes sealed,
                       crypto::AeadSeal(key_.view(), nonce, AsBytes(kSealedStateHeader), record.view()));
  Bytes out = ToBytes(kSealedStateHeader);
  out.insert(out.end(), nonce.begin(), nonce.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

StatusOr<EnclaveState> StateSealer::Open(ByteView sealed) const {
  size_t header = kSealedStateHeader.size();
  if (sealed.size() < header + crypto::kAeadNonceSize + crypto::kAeadTagSize ||
      AsStringView(sealed.first(header)) != kSealedStateHeader) {
    return DataLossError("not a sealed state (expected the header \"mse-sealed-state-v1\", " +
                         std::to_string(header + crypto::kAeadNonceSize + crypto::kAeadTagSize) +
                         " bytes at least; found " + std::to_string(sealed.size()) + " bytes)");
  }
  auto record =
      crypto::AeadOpen(key_.view(), sealed.subspan(header, crypto::kAeadNonceSize),
                       AsBytes(kSealedStateHeader), sealed.subspan(header + crypto::kAeadNonceSize));
  if (!record.ok()) {
    return DataLossError(
        "it does not open with this enclave's sealing key: the enclave's measurement (the code in the "
        "application directory, the spawn arguments, the image) or its platform changed since the state was "
        "sealed, or the file was altered");
  }
  return DecodeState(record->view());
}

Status SaveState(FileSystem& fs, const std::string& path, const StateSealer& sealer,
                 const EnclaveState& state, Random& random) {
  auto sealed = sealer.Seal(state, random);
  if (!sealed.ok()) return sealed.status().WithContext("sealing " + path);
  Status written = fs.WriteFile(path, *sealed, FileMode::kSecret);
  if (!written.ok()) return written.WithContext("writing the sealed state " + path);
  return Status::Ok();
}

StatusOr<std::optional<EnclaveState>> LoadState(FileSystem& fs, const std::string& path,
                                                const StateSealer& sealer) {
  if (!fs.Exists(path)) return std::optional<EnclaveState>();
  MSE_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  MSE_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  if (size > kMaxStateFileBytes) {
    return DataLossError("sealed state " + path + " is " + std::to_string(size) + " bytes, over the " +
                         std::to_string(kMaxStateFileBytes) + " a state can hold");
  }
  MSE_ASSIGN_OR_RETURN(std::string bytes, fs.ReadFile(path));
  auto state = sealer.Open(AsBytes(bytes));
  if (!state.ok()) return state.status().WithContext("sealed state " + path);
  return std::optional<EnclaveState>(std::move(state).value());
}

}  // namespace mse::enclave
