// In-process cost of verifying one real DCAP quote (zkdcap-sgx-v3) with its
// collateral, from bytes to Verdict: parsing, 9 ECDSA verifications, CRLs,
// TCB matching. Target: < 5 ms per verification.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "attest/collateral.h"
#include "attest/quote.h"
#include "attest/verifier.h"
#include "base/env.h"

namespace {

constexpr char kSet[] = "zkdcap-sgx-v3";
constexpr int64_t kInstant = 1738752225;  // 2025-02-05T10:43:45Z

std::string Dir() { return std::string(MSE_SHARED_DIR) + "/vectors/dcap/" + kSet; }

mse::Bytes ReadQuote() {
  std::ifstream in(Dir() + "/quote.bin", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return mse::ToBytes(ss.str());
}

mse::attest::Collateral LoadCollateral() {
  auto c = mse::attest::LoadCollateralDirectory(mse::RealFileSystem(), Dir() + "/collateral");
  if (!c.ok()) {
    std::cerr << c.status().ToString() << "\n";
    std::abort();
  }
  return *std::move(c);
}

void BM_ParseQuote(benchmark::State& state) {
  const mse::Bytes quote = ReadQuote();
  for (auto _ : state) {
    auto parsed = mse::attest::ParseQuote(quote);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseQuote)->Unit(benchmark::kMicrosecond);

void BM_VerifyQuote(benchmark::State& state) {
  const mse::Bytes quote = ReadQuote();
  const mse::attest::Collateral collateral = LoadCollateral();
  const mse::attest::Policy policy;
  const auto anchors = mse::attest::TrustAnchors::IntelOnly();
  for (auto _ : state) {
    mse::attest::Verdict v =
        mse::attest::VerifyQuote(quote, collateral, policy, anchors, kInstant);
    if (!v.ok) {
      state.SkipWithError("verification failed");
      break;
    }
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_VerifyQuote)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
