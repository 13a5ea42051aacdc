#include "crypto/fernet.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::crypto {
namespace {

constexpr uint8_t kVersion = 0x80;
constexpr size_t kHeaderSize = 1 + 8 + FernetKey::kIvSize;  // version ‖ time ‖ IV
constexpr size_t kHmacSize = 32;
constexpr size_t kBlockSize = 16;
constexpr size_t kMinTokenSize = kHeaderSize + kBlockSize + kHmacSize;  // 73

constexpr std::string_view kBadKey = "Fernet key must be 32 url-safe base64-encoded bytes.";
constexpr std::string_view kBadToken = "invalid key or corrupted token";

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

Status OpenSslError(std::string_view what) {
  char text[256] = "unknown error";
  if (unsigned long err = ERR_get_error(); err != 0) ERR_error_string_n(err, text, sizeof text);
  ERR_clear_error();
  return InternalError(std::string(what) + ": OpenSSL: " + text);
}

// AES-128-CBC with PKCS#7 padding. When decrypting, a padding failure is a
// bad token (DataLoss), not a library failure.
StatusOr<SecretBytes> AesCbc(bool encrypt, ByteView key, ByteView iv, ByteView in) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslError("AES context");
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, key.data(), iv.data(),
                        encrypt ? 1 : 0) != 1) {
    return OpenSslError("AES-128-CBC init");
  }
  SecretBytes out(in.size() + kBlockSize);
  int n = 0, tail = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &n, in.data(), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + n, &tail) != 1) {
    ERR_clear_error();
    if (!encrypt) return DataLossError(std::string(kBadToken));
    return OpenSslError("AES-128-CBC encryption");
  }
  SecretBytes result(out.view().first(static_cast<size_t>(n + tail)));
  return result;
}

}  // namespace

StatusOr<FernetKey> FernetKey::FromText(std::string_view text) {
  auto raw = Base64UrlDecode(text);
  if (!raw.ok() || raw->size() != kSize) {
    if (raw.ok() && !raw->empty()) WipeMemory(raw->data(), raw->size());
    return InvalidArgumentError(std::string(kBadKey));
  }
  SecretBytes key(*raw);
  WipeMemory(raw->data(), raw->size());
  return FernetKey(std::move(key));
}

StatusOr<FernetKey> FernetKey::FromBytes(ByteView raw) {
  if (raw.size() != kSize) return InvalidArgumentError(std::string(kBadKey));
  return FernetKey(SecretBytes(raw));
}

FernetKey FernetKey::Generate(Random& random) {
  SecretBytes key(kSize);
  random.Fill(key.mutable_view());
  return FernetKey(std::move(key));
}

std::string FernetKey::ToText() const { return Base64UrlEncodePadded(key_.view()); }

StatusOr<std::string> FernetKey::Encrypt(ByteView plaintext, uint64_t unix_time,
                                         Random& random) const {
  Bytes iv = random.Generate(kIvSize);
  return EncryptWithIv(plaintext, unix_time, iv);
}

StatusOr<std::string> FernetKey::EncryptWithIv(ByteView plaintext, uint64_t unix_time,
                                               ByteView iv) const {
  if (iv.size() != kIvSize) {
    return InvalidArgumentError("Fernet IV: expected 16 bytes, found " + std::to_string(iv.size()));
  }
  MSE_ASSIGN_OR_RETURN(SecretBytes ciphertext, AesCbc(true, encryption_key(), iv, plaintext));
  Bytes token;
  token.reserve(kHeaderSize + ciphertext.size() + kHmacSize);
  token.push_back(kVersion);
  for (int shift = 56; shift >= 0; shift -= 8)
    token.push_back(static_cast<uint8_t>(unix_time >> shift));
  token.insert(token.end(), iv.begin(), iv.end());
  token.insert(token.end(), ciphertext.data(), ciphertext.data() + ciphertext.size());
  Sha256Digest mac = HmacSha256(signing_key(), token);
  token.insert(token.end(), mac.begin(), mac.end());
  return Base64UrlEncodePadded(token);
}

StatusOr<SecretBytes> FernetKey::Decrypt(std::string_view token) const {
  auto data = Base64UrlDecode(token);
  if (!data.ok()) return DataLossError(std::string(kBadToken) + ": not base64url");
  if (data->size() < kMinTokenSize) {
    return DataLossError(std::string(kBadToken) + ": " + std::to_string(data->size()) +
                         " bytes, expected at least 73");
  }
  if ((*data)[0] != kVersion) {
    return DataLossError(std::string(kBadToken) + ": unknown version byte");
  }
  ByteView all(*data);
  ByteView signed_part = all.first(all.size() - kHmacSize);
  Sha256Digest mac = HmacSha256(signing_key(), signed_part);
  if (!ConstantTimeEquals(mac, all.last(kHmacSize))) return DataLossError(std::string(kBadToken));
  ByteView iv = all.subspan(9, kIvSize);
  ByteView ciphertext = signed_part.subspan(kHeaderSize);
  if (ciphertext.size() % kBlockSize != 0) return DataLossError(std::string(kBadToken));
  return AesCbc(false, encryption_key(), iv, ciphertext);
}

}  // namespace mse::crypto
