// In-memory throughput of libsodium's one-shot crypto_secretbox_easy against
// our streaming .enc encryption of the same 16 MiB (results: RESULTS.md).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include "base/fake_env.h"
#include "crypto/secretbox.h"
#include "crypto/secretbox_stream.h"

namespace mse::crypto {
namespace {

constexpr size_t kSize = 16 * 1024 * 1024;

Bytes Data() { return Bytes(kSize, 0x5a); }
Bytes Key() { return Bytes(kSecretboxKeySize, 0x11); }
Bytes Nonce() { return Bytes(kSecretboxNonceSize, 0x22); }

// Baseline: the whole buffer in one libsodium call.
void BM_RawSecretboxEasy(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init failed");
  Bytes data = Data(), key = Key(), nonce = Nonce();
  Bytes out(kSize + crypto_secretbox_MACBYTES);
  for (auto _ : state) {
    crypto_secretbox_easy(out.data(), data.data(), data.size(), nonce.data(), key.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kSize);
}
BENCHMARK(BM_RawSecretboxEasy)->Unit(benchmark::kMillisecond);

// Our XSalsa20 + incremental Poly1305, in place, 64 KiB chunks, no I/O.
void BM_SecretboxStream64KiB(benchmark::State& state) {
  Bytes data = Data(), key = Key(), nonce = Nonce();
  for (auto _ : state) {
    SecretboxStream stream(key, nonce);
    for (size_t off = 0; off < data.size(); off += 64 * 1024) {
      stream.EncryptInPlace(MutableByteView(data).subspan(off, 64 * 1024));
    }
    auto tag = stream.Finish();
    benchmark::DoNotOptimize(tag.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kSize);
}
BENCHMARK(BM_SecretboxStream64KiB)->Unit(benchmark::kMillisecond);

// The full EncryptFile path through the in-memory FakeFileSystem (includes
// the fake's copies of the 16 MiB input and output).
void BM_EncryptFileFakeFs(benchmark::State& state) {
  FakeFileSystem fs;
  Bytes key = Key(), nonce = Nonce();
  if (!fs.WriteFile("/in", Data()).ok()) state.SkipWithError("setup failed");
  for (auto _ : state) {
    if (!EncryptFile(fs, "/in", "/in.enc", key, nonce).ok()) state.SkipWithError("encrypt failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kSize);
}
BENCHMARK(BM_EncryptFileFakeFs)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mse::crypto

BENCHMARK_MAIN();
