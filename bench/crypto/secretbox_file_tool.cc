// mse_secretbox_file_tool encrypt|decrypt IN OUT KEYHEX
// Streams one file through EncryptFile/DecryptFile on the real file system;
// used by file_rss.sh to measure peak RSS and throughput on large files.
#include <cstdio>
#include <string>

#include "base/encoding.h"
#include "base/env.h"
#include "crypto/secretbox.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s encrypt|decrypt IN OUT KEYHEX\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1], in = argv[2], out = argv[3];
  auto key = mse::HexDecode(argv[4]);
  if (!key.ok()) {
    std::fprintf(stderr, "error: KEYHEX: %s\n", key.status().message().c_str());
    return 2;
  }
  mse::FileSystem& fs = mse::RealFileSystem();
  mse::Status status;
  if (mode == "encrypt") {
    mse::Bytes nonce = mse::RealRandom().Generate(mse::crypto::kSecretboxNonceSize);
    status = mse::crypto::EncryptFile(fs, in, out, *key, nonce);
  } else if (mode == "decrypt") {
    status = mse::crypto::DecryptFile(fs, in, out, *key);
  } else {
    std::fprintf(stderr, "error: unknown mode '%s', expected encrypt or decrypt\n", mode.c_str());
    return 2;
  }
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
