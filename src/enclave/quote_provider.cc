#include "enclave/quote_provider.h"

#include <unistd.h>

#include <algorithm>

namespace mse::enclave {

StatusOr<Bytes> NoAttestationQuoteProvider::GetQuote(const ReportData& report_data) {
  Bytes quote(kSize, 0);
  quote[0] = 3;  // version, little-endian uint16
  std::copy(report_data.begin(), report_data.end(), quote.begin() + kReportDataOffset);
  return quote;
}

StatusOr<std::unique_ptr<QuoteProvider>> MakeQuoteProvider(const std::string& name,
                                                           const SimMeasurementInputs& sim) {
  if (name == "none-for-tests") return std::unique_ptr<QuoteProvider>(new NoAttestationQuoteProvider());
  std::string resolved = name;
  if (name == "auto") resolved = ::access("/dev/attestation", F_OK) == 0 ? "sgx" : "sim";
  if (resolved == "sgx") return MakeGramineQuoteProvider();
  if (resolved == "sim") return MakeSimQuoteProvider(sim);
  return InvalidArgumentError("--attestation: expected sgx, sim or auto, found '" + name + "'");
}

}  // namespace mse::enclave
