#include "crypto/password.h"

#include <sodium.h>

#include <array>

#include "base/bytes.h"
#include "crypto/sodium_init.h"

namespace mse::crypto {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// libsodium reads the encoded hash as a C string: copy it into a
// NUL-terminated buffer, refusing embedded NULs and anything longer than
// libsodium could ever have written.
bool ToEncodedBuffer(std::string_view encoded_hash, std::array<char, crypto_pwhash_STRBYTES>* out) {
  if (encoded_hash.empty() || encoded_hash.size() >= out->size()) return false;
  if (encoded_hash.find('\0') != std::string_view::npos) return false;
  if (encoded_hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) return false;
  out->fill('\0');
  encoded_hash.copy(out->data(), encoded_hash.size());
  return true;
}

}  // namespace

StatusOr<std::string> HashPassword(std::string_view password) {
  if (password.empty()) return InvalidArgumentError("the password is empty");
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError("the password is longer than " + std::to_string(kMaxPasswordBytes) +
                                " bytes");
  }
  EnsureSodiumInitialized();
  // The password is hashed straight from the caller's memory: no copy of it
  // is made here, so there is nothing of ours to wipe but libsodium's own
  // working memory (which it wipes itself).
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  if (crypto_pwhash_str_alg(encoded.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return InternalError("argon2id hashing failed (out of memory?)");
  }
  std::string result(encoded.data());
  WipeMemory(encoded.data(), encoded.size());
  return result;
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return false;
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  if (!ToEncodedBuffer(encoded_hash, &encoded)) return false;
  EnsureSodiumInitialized();
  const bool ok = crypto_pwhash_str_verify(encoded.data(), password.data(), password.size()) == 0;
  WipeMemory(encoded.data(), encoded.size());
  return ok;
}

bool PasswordNeedsRehash(std::string_view encoded_hash) {
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  if (!ToEncodedBuffer(encoded_hash, &encoded)) return true;
  EnsureSodiumInitialized();
  // 0: current parameters; 1: different ones; -1: does not parse.
  return crypto_pwhash_str_needs_rehash(encoded.data(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace mse::crypto
