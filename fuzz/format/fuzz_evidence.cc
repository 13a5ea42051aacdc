// Fuzzes evidence.json parsing and the load → save round trip.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "format/evidence.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto evidence = mse::format::ParseEvidence(text, "evidence.json");
  if (!evidence.ok()) return 0;
  // Whatever we accept, we must write back and read again identically.
  std::string saved = mse::format::SerializeEvidence(*evidence);
  auto again = mse::format::ParseEvidence(saved, "evidence.json");
  if (!again.ok() || !(*again == *evidence)) std::abort();
  (void)evidence->TcbInfoBody();
  (void)evidence->QeIdentityBody();
  return 0;
}
