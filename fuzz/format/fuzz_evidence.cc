// Fuzzes evidence.json parsing, the load → save round trip, and the
// decoding and parsing of the collateral bodies it carries.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "attest/collateral.h"
#include "attest/signed_json.h"
#include "format/evidence.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto evidence = mse::format::ParseEvidence(text, "evidence.json");
  if (!evidence.ok()) return 0;
  // Whatever we accept, we must write back and read again identically.
  std::string saved = mse::format::SerializeEvidence(*evidence);
  auto again = mse::format::ParseEvidence(saved, "evidence.json");
  if (!again.ok() || !(*again == *evidence)) std::abort();
  // The collateral it carries, decoded and parsed as the verifier does.
  auto collateral = mse::attest::CollateralFromEvidence({evidence->root_ca_crl, evidence->pck_platform_crl,
                                                         evidence->tcb_info, evidence->qe_identity,
                                                         evidence->tcb_cert});
  if (collateral.ok()) {
    (void)mse::attest::ParseTcbInfo(collateral->tcb_info_body);
    (void)mse::attest::ParseQeIdentity(collateral->qe_identity_body);
  }
  return 0;
}
