#include "enclave/quote_provider.h"

#include <unistd.h>

#include <algorithm>

#include "crypto/x25519.h"

namespace mse::enclave {

StatusOr<Bytes> NoAttestationQuoteProvider::GetQuote(const ReportData& report_data) {
  Bytes quote(kSize, 0);
  quote[0] = 3;  // version, little-endian uint16
  std::copy(report_data.begin(), report_data.end(), quote.begin() + kReportDataOffset);
  return quote;
}

StatusOr<SecretBytes> NoAttestationQuoteProvider::GetSealKey() {
  return crypto::HkdfSha256(AsBytes("mse none-for-tests seal key: NOT A SECRET"), {}, measurement_, 16);
}

attest::sim::SpawnArgs SpawnArgsOf(const SimMeasurementInputs& in) {
  return attest::sim::SpawnArgs{in.subject, in.subject_alternative_name, in.expiration_date, in.size_mb,
                                in.app_id,  in.application,             in.tls_mode,        in.provider_key};
}

StatusOr<std::unique_ptr<QuoteProvider>> MakeQuoteProvider(const std::string& name,
                                                           const SimMeasurementInputs& sim) {
  if (name == "none-for-tests") {
    // No platform: the measurement without trusted files keys the test seal key.
    auto measurement = attest::sim::ComputeSimMrEnclave({}, SpawnArgsOf(sim), sim.code_files);
    return std::unique_ptr<QuoteProvider>(new NoAttestationQuoteProvider(measurement));
  }
  std::string resolved = name;
  if (name == "auto") resolved = ::access("/dev/attestation", F_OK) == 0 ? "sgx" : "sim";
  if (resolved == "sgx") return MakeGramineQuoteProvider();
  if (resolved == "sim") return MakeSimQuoteProvider(sim);
  return InvalidArgumentError("--attestation: expected sgx, sim or auto, found '" + name + "'");
}

}  // namespace mse::enclave
