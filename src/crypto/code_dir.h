// Encryption of an application code directory into `.enc` files and its
// enclave-side decryption, spec/formats.md §9 and
// docs/crypto-formats.md.
#ifndef MSE_CRYPTO_CODE_DIR_H_
#define MSE_CRYPTO_CODE_DIR_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

// POSIX relative path of the *plaintext* file ("pkg/mod.py") → its 24-byte nonce.
using NonceMap = std::map<std::string, Bytes>;

// Returns true to skip an entry; a skipped directory is skipped with all its
// contents. relpath is POSIX and relative to the source directory. The caller
// builds it from `.mseignore` (§7). May be empty (skip nothing).
using IgnoreFunction =
    std::function<bool(std::string_view relpath, std::string_view basename, bool is_directory)>;

// Copies src_dir into dst_dir (created if needed):
//  - any entry whose name starts with '.' is skipped, at every depth;
//  - entries for which `ignore` returns true are skipped;
//  - a regular file named requirements.txt (any depth) is copied as is;
//  - every other regular file F becomes F.enc (§9 layout) with a random nonce,
//    or with given->at(relpath) when `given` is set: a missing entry fails
//    with NotFound "nonce not found for <relpath>".
// Symbolic links are followed. Returns the nonces of the encrypted files.
// InvalidArgument for a key that is not 32 bytes. On failure, the files and
// directories this call created in dst_dir are removed again.
StatusOr<NonceMap> EncryptDirectory(FileSystem& fs, Random& random, const std::string& src_dir,
                                    const std::string& dst_dir, ByteView key,
                                    const IgnoreFunction& ignore, const NonceMap* given);

// Enclave side: every `*.enc` file under app_dir is decrypted to the same
// relative path without `.enc` under module_dir (created if needed); other
// files are not copied. On any failure (wrong key, tampered or
// truncated file, I/O) everything written to module_dir is removed again,
// leaving it empty, and the error names the file.
Status DecryptDirectory(FileSystem& fs, const std::string& app_dir, const std::string& module_dir,
                        ByteView key);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_CODE_DIR_H_
