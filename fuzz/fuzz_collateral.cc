// Fuzzes the signed-JSON span scanner and the TCB info / QE identity parsers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attest/collateral.h"
#include "attest/signed_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mse::attest::FindSignedSpan(text, "tcbInfo");
  (void)mse::attest::ParseTcbInfo(text);
  (void)mse::attest::ParseQeIdentity(text);
  (void)mse::attest::NormalizeCrl(mse::ByteView(data, size), "fuzz");
  return 0;
}
