// Password hashing for mse-cloud accounts (docs/cloud-backend.md, "Data
// model": users.password_hash). argon2id through libsodium's crypto_pwhash,
// at libsodium's INTERACTIVE limits, in the PHC string format
// ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>"), which carries its own
// salt and parameters so limits can be raised later (see PasswordNeedsRehash).
#ifndef MSE_CRYPTO_PASSWORD_H_
#define MSE_CRYPTO_PASSWORD_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::crypto {

// Longer passwords are refused before any hashing (they would only cost CPU).
inline constexpr size_t kMaxPasswordBytes = 1024;

// A fresh random salt each call, so two hashes of one password differ.
// InvalidArgument when the password is empty or longer than
// kMaxPasswordBytes; Internal when libsodium cannot
// allocate the 64 MiB working memory.
StatusOr<std::string> HashPassword(std::string_view password);

// True only when `encoded_hash` is a well-formed argon2id string and the
// password matches it (the comparison inside libsodium is constant-time).
// False for a malformed, empty or non-argon2id hash and for an over-long
// password: callers cannot tell those apart from a wrong password.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// True when the hash should be recomputed at the next successful login: it
// is not argon2id, its parameters differ from the current ones, or it does
// not parse.
bool PasswordNeedsRehash(std::string_view encoded_hash);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_PASSWORD_H_
