// QuoteProvider: where mse-enclave gets the SGX quote that binds its keys
// (ARCHITECTURE.md, "one code path, two quote sources"). The real sgx
// (Gramine /dev/attestation) and sim providers live in src/attest and are
// plugged in by MakeQuoteProvider; until then it returns placeholders.
#ifndef MSE_ENCLAVE_QUOTE_PROVIDER_H_
#define MSE_ENCLAVE_QUOTE_PROVIDER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
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

// NOT an attestation: a 432-byte structure shaped like the start of a DCAP
// v3 quote (version 3 at offset 0, report_data at offset 368), all else zero.
// Only for tests (hidden flag --attestation none-for-tests).
class NoAttestationQuoteProvider : public QuoteProvider {
 public:
  static constexpr size_t kSize = 432;
  static constexpr size_t kReportDataOffset = 368;
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override;
};

// What the simulated platform measures (docs/measurement.md): the trusted
// files listed in <trusted_root>/etc/mse/trusted-paths, the spawn arguments
// and the code files as packaged (app_dir); MRSIGNER from the signer key.
struct SimMeasurementInputs {
  std::string sim_dir;
  std::string trusted_root = "/";
  std::string signer_key_path;
  std::string app_dir;
  std::string subject;
  std::string subject_alternative_name;
  std::optional<int64_t> expiration_date;
  int64_t size_mb = 0;
  std::string app_id;
  std::string application;
};

// Gramine's /dev/attestation (SGX hardware): writes user_report_data, reads quote.
StatusOr<std::unique_ptr<QuoteProvider>> MakeGramineQuoteProvider();
// The simulated SGX platform of `inputs.sim_dir`, with the measured identity.
StatusOr<std::unique_ptr<QuoteProvider>> MakeSimQuoteProvider(const SimMeasurementInputs& inputs);

// "sgx", "sim", "auto" (sgx when /dev/attestation exists, else sim) or
// "none-for-tests". InvalidArgument for anything else.
StatusOr<std::unique_ptr<QuoteProvider>> MakeQuoteProvider(const std::string& name,
                                                           const SimMeasurementInputs& sim);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_QUOTE_PROVIDER_H_
