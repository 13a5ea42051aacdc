// QuoteProvider: where mse-enclave gets the SGX quote that binds its keys
// (ARCHITECTURE.md, "one code path, two quote sources"). The real sgx
// (Gramine /dev/attestation) and sim providers live in src/attest and are
// plugged in by MakeQuoteProvider; until then it returns placeholders.
#ifndef MSE_ENCLAVE_QUOTE_PROVIDER_H_
#define MSE_ENCLAVE_QUOTE_PROVIDER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::enclave {

using ReportData = std::array<uint8_t, 64>;

class QuoteProvider {
 public:
  virtual ~QuoteProvider() = default;
  // The raw quote whose report body carries `report_data`.
  virtual StatusOr<Bytes> GetQuote(const ReportData& report_data) = 0;
};

// Always fails with FailedPrecondition "attestation provider '<name>' is not
// available yet": keeps the binary honest until the real providers exist.
class UnavailableQuoteProvider : public QuoteProvider {
 public:
  explicit UnavailableQuoteProvider(std::string name) : name_(std::move(name)) {}
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override;

 private:
  std::string name_;
};

// NOT an attestation: a 432-byte structure shaped like the start of a DCAP
// v3 quote (version 3 at offset 0, report_data at offset 368), all else zero.
// Only for tests (hidden flag --attestation none-for-tests).
class NoAttestationQuoteProvider : public QuoteProvider {
 public:
  static constexpr size_t kSize = 432;
  static constexpr size_t kReportDataOffset = 368;
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override;
};

// "sgx", "sim", "auto" (sgx when /dev/attestation exists, else sim) or
// "none-for-tests". InvalidArgument for anything else.
StatusOr<std::unique_ptr<QuoteProvider>> MakeQuoteProvider(const std::string& name,
                                                           const std::string& sim_dir);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_QUOTE_PROVIDER_H_
