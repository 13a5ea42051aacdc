// QuoteProvider: what mse-enclave asks its SGX platform, real or simulated
// (ARCHITECTURE.md, "one code path, two quote sources"): the quote that binds
// its keys, and the MRENCLAVE-bound seal key its state is sealed with
// (docs/sealed-state.md). sgx: Gramine's /dev/attestation; sim: the
// simulated platform of src/attest/sim with the measurement this runtime
// computes itself.
#ifndef MSE_ENCLAVE_QUOTE_PROVIDER_H_
#define MSE_ENCLAVE_QUOTE_PROVIDER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "attest/sim/measurement.h"
#include "base/bytes.h"
#include "base/status.h"

namespace mse::enclave {

using ReportData = std::array<uint8_t, 64>;

class QuoteProvider {
 public:
  virtual ~QuoteProvider() = default;
  // The raw quote whose report body carries `report_data`.
  virtual StatusOr<Bytes> GetQuote(const ReportData& report_data) = 0;
  // The 16-byte MRENCLAVE-policy seal key: only this enclave build, on this
  // platform, obtains it (Gramine's /dev/attestation/keys/_sgx_mrenclave).
  virtual StatusOr<SecretBytes> GetSealKey() = 0;
};

// NOT an attestation: a 432-byte structure shaped like the start of a DCAP
// v3 quote (version 3 at offset 0, report_data at offset 368), all else zero,
// and a seal key anyone can compute from `measurement` (HKDF-SHA256 of the
// public string "mse none-for-tests seal key: NOT A SECRET"). Only for tests
// (hidden flag --attestation none-for-tests); the measurement still makes an
// edited app dir unable to open the state sealed before the edit.
class NoAttestationQuoteProvider : public QuoteProvider {
 public:
  static constexpr size_t kSize = 432;
  static constexpr size_t kReportDataOffset = 368;
  explicit NoAttestationQuoteProvider(std::array<uint8_t, 32> measurement = {}) : measurement_(measurement) {}
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override;
  StatusOr<SecretBytes> GetSealKey() override;

 private:
  std::array<uint8_t, 32> measurement_;
};

// What the simulated platform measures (docs/measurement.md): the trusted
// files listed in <trusted_root>/etc/mse/trusted-paths, the enclave size,
// the spawn arguments, the TLS mode, the provider key and the code files of
// the app dir (hashed once at startup by the caller, who installs the code
// against the same digests); MRSIGNER from the signer key.
struct SimMeasurementInputs {
  std::string sim_dir;
  std::string trusted_root = "/";
  std::string signer_key_path;
  attest::sim::CodeFileSet code_files;
  std::string subject;
  std::string subject_alternative_name;
  std::optional<int64_t> expiration_date;
  int64_t size_mb = 0;
  std::string app_id;
  std::string application;
  std::string tls_mode;                     // attest::sim::kTlsMode*
  std::optional<std::string> provider_key;  // canonical "ed25519:<hex>"
};

attest::sim::SpawnArgs SpawnArgsOf(const SimMeasurementInputs& inputs);

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
