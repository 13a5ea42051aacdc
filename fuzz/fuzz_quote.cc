// Fuzzes the DCAP quote parser, the PCK SGX extension parser and the full
// verifier on arbitrary quote bytes (attestation.md §2, §3, §6).
#include <cstddef>
#include <cstdint>

#include "attest/pck_extension.h"
#include "attest/quote.h"
#include "attest/verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mse::ByteView bytes(data, size);
  auto quote = mse::attest::ParseQuote(bytes);
  if (quote.ok()) {
    (void)mse::attest::PckExtensionFromCertificate(quote->pck_leaf());
  }
  (void)mse::attest::ParsePckExtension(bytes);
  // No collateral: exercises every step up to the first collateral check.
  mse::attest::Verdict verdict = mse::attest::VerifyQuote(
      bytes, mse::attest::Collateral(), mse::attest::Policy(),
      mse::attest::TrustAnchors::IntelOnly(), 1751624924);
  (void)verdict;
  return 0;
}
