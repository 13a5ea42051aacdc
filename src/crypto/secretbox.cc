#include "crypto/secretbox.h"

#include <sodium.h>

#include <algorithm>
#include <memory>

#include "crypto/secretbox_stream.h"
#include "crypto/sodium_init.h"

namespace mse::crypto {
namespace {

constexpr size_t kChunkSize = 64 * 1024;

// Reads until `buffer` is full or the file ends; returns the bytes read.
StatusOr<size_t> ReadFull(ReadableFile& file, MutableByteView buffer) {
  size_t done = 0;
  while (done < buffer.size()) {
    MSE_ASSIGN_OR_RETURN(size_t n, file.Read(buffer.subspan(done)));
    if (n == 0) break;
    done += n;
  }
  return done;
}

// Runs `step` on each chunk of `in`, appending the transformed chunk to `out`.
template <typename Step>
Status StreamChunks(ReadableFile& in, WritableFile& out, uint64_t total,
                    const ProgressCallback& progress, Step step) {
  SecretBytes buffer(kChunkSize);  // wiped on return: may hold plaintext
  uint64_t done = 0;
  while (true) {
    MSE_ASSIGN_OR_RETURN(size_t n, ReadFull(in, buffer.mutable_view()));
    if (n == 0) break;
    MutableByteView chunk = buffer.mutable_view().first(n);
    step(chunk);
    MSE_RETURN_IF_ERROR(out.Append(chunk));
    done += n;
    if (progress) progress(done, total);
    if (n < kChunkSize) break;
  }
  return Status::Ok();
}

}  // namespace

Status CheckKeyLength(std::string_view what, ByteView key, size_t expected) {
  if (key.size() == expected) return Status::Ok();
  return InvalidArgumentError(std::string(what) + ": expected " + std::to_string(expected) +
                              " bytes, found " + std::to_string(key.size()));
}

StatusOr<Bytes> SecretboxSeal(ByteView key, ByteView nonce, ByteView plaintext) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("secretbox key", key, kSecretboxKeySize));
  MSE_RETURN_IF_ERROR(CheckKeyLength("secretbox nonce", nonce, kSecretboxNonceSize));
  EnsureSodiumInitialized();
  Bytes out(kSecretboxOverhead + plaintext.size());
  std::copy(nonce.begin(), nonce.end(), out.begin());
  crypto_secretbox_easy(out.data() + kSecretboxNonceSize, plaintext.data(), plaintext.size(),
                        nonce.data(), key.data());
  return out;
}

StatusOr<SecretBytes> SecretboxOpen(ByteView key, ByteView enc) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("secretbox key", key, kSecretboxKeySize));
  if (enc.size() < kSecretboxOverhead) {
    return DataLossError(
        "secretbox: truncated data: expected at least 40 bytes (nonce + tag), found " +
        std::to_string(enc.size()));
  }
  EnsureSodiumInitialized();
  SecretBytes plaintext(enc.size() - kSecretboxOverhead);
  ByteView boxed = enc.subspan(kSecretboxNonceSize);
  if (crypto_secretbox_open_easy(plaintext.data(), boxed.data(), boxed.size(), enc.data(),
                                 key.data()) != 0) {
    return DataLossError("secretbox: authentication tag mismatch: wrong key or corrupted data");
  }
  return plaintext;
}

Status EncryptFile(FileSystem& fs, const std::string& in_path, const std::string& out_path,
                   ByteView key, ByteView nonce, const ProgressCallback& progress) {
  const std::string context = "cannot encrypt " + in_path;
  Status check = CheckKeyLength("key", key, kSecretboxKeySize);
  if (check.ok()) check = CheckKeyLength("nonce", nonce, kSecretboxNonceSize);
  if (!check.ok()) return check.WithContext(context);

  MSE_ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> in, fs.OpenForRead(in_path));
  MSE_ASSIGN_OR_RETURN(uint64_t total, in->Size());
  MSE_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> out,
                       fs.CreateAtomic(out_path, FileMode::kNormal));
  const uint8_t placeholder[kSecretboxTagSize] = {};
  MSE_RETURN_IF_ERROR(out->Append(nonce));
  MSE_RETURN_IF_ERROR(out->Append(placeholder));

  SecretboxStream stream(key, nonce);
  MSE_RETURN_IF_ERROR(StreamChunks(*in, *out, total, progress,
                                   [&](MutableByteView chunk) { stream.EncryptInPlace(chunk); }));
  auto tag = stream.Finish();
  MSE_RETURN_IF_ERROR(out->WriteAt(kSecretboxNonceSize, tag));
  return out->Commit();
}

Status DecryptFile(FileSystem& fs, const std::string& in_path, const std::string& out_path,
                   ByteView key, const ProgressCallback& progress) {
  const std::string context = "cannot decrypt " + in_path;
  Status check = CheckKeyLength("key", key, kSecretboxKeySize);
  if (!check.ok()) return check.WithContext(context);

  MSE_ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> in, fs.OpenForRead(in_path));
  MSE_ASSIGN_OR_RETURN(uint64_t total, in->Size());
  uint8_t header[kSecretboxOverhead];
  MSE_ASSIGN_OR_RETURN(size_t header_size, ReadFull(*in, header));
  if (header_size < kSecretboxOverhead) {
    return DataLossError(context +
                         ": truncated file: expected at least 40 bytes (nonce + tag), found " +
                         std::to_string(header_size));
  }
  ByteView nonce(header, kSecretboxNonceSize);
  ByteView expected_tag(header + kSecretboxNonceSize, kSecretboxTagSize);

  // Destroyed uncommitted on any early return: the temporary file goes away.
  MSE_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> out,
                       fs.CreateAtomic(out_path, FileMode::kNormal));
  SecretboxStream stream(key, nonce);
  uint64_t payload = total > kSecretboxOverhead ? total - kSecretboxOverhead : 0;
  MSE_RETURN_IF_ERROR(StreamChunks(*in, *out, payload, progress,
                                   [&](MutableByteView chunk) { stream.DecryptInPlace(chunk); }));
  auto tag = stream.Finish();
  if (!ConstantTimeEquals(tag, expected_tag)) {
    return DataLossError(context + ": authentication tag mismatch: wrong key or corrupted file");
  }
  return out->Commit();
}

}  // namespace mse::crypto
