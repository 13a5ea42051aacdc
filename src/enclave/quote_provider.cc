#include "enclave/quote_provider.h"

#include <unistd.h>

#include <algorithm>

namespace mse::enclave {

StatusOr<Bytes> UnavailableQuoteProvider::GetQuote(const ReportData&) {
  return FailedPreconditionError("attestation provider '" + name_ +
                                 "' is not available yet in this build");
}

StatusOr<Bytes> NoAttestationQuoteProvider::GetQuote(const ReportData& report_data) {
  Bytes quote(kSize, 0);
  quote[0] = 3;  // version, little-endian uint16
  std::copy(report_data.begin(), report_data.end(), quote.begin() + kReportDataOffset);
  return quote;
}

StatusOr<std::unique_ptr<QuoteProvider>> MakeQuoteProvider(const std::string& name,
                                                           const std::string& sim_dir) {
  (void)sim_dir;  // consumed by the sim provider once it is plugged in
  if (name == "none-for-tests") return std::unique_ptr<QuoteProvider>(new NoAttestationQuoteProvider());
  std::string resolved = name;
  if (name == "auto") resolved = ::access("/dev/attestation", F_OK) == 0 ? "sgx" : "sim";
  if (resolved == "sgx" || resolved == "sim") {
    return std::unique_ptr<QuoteProvider>(new UnavailableQuoteProvider(resolved));
  }
  return InvalidArgumentError("--attestation: expected sgx, sim or auto, found '" + name + "'");
}

}  // namespace mse::enclave
