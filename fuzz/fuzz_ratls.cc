// Fuzzes certificate parsing: RA-TLS certificates (PEM or DER), the binding
// check, PEM chain splitting and the `attest show` decoder.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attest/decode.h"
#include "attest/ratls.h"
#include "crypto/x509.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mse::ByteView bytes(data, size);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mse::attest::ParseRatlsCertificate(bytes);
  (void)mse::attest::EnclavePublicKeyFromRatlsCertificate(text);
  auto chain = mse::crypto::X509Certificate::ChainFromPem(text);
  if (chain.ok()) {
    for (const auto& cert : *chain) {
      (void)cert.PublicKeyP256();
      (void)cert.SubjectName();
      (void)cert.ExtensionValue("1.2.840.113741.1.13.1");
    }
  }
  (void)mse::attest::DecodeAttestationInput(bytes);
  return 0;
}
