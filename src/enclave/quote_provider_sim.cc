// Quotes from the simulated SGX platform (src/attest/sim), for the identity
// this runtime measures itself: the trusted files, the spawn arguments and
// the code as packaged (docs/measurement.md).
#include "attest/sim/measurement.h"
#include "attest/sim/platform.h"
#include "attest/sim/quote_provider.h"
#include "attest/sim/seal_key.h"
#include "enclave/quote_provider.h"

namespace mse::enclave {
namespace {

class SimQuoteProviderAdapter : public QuoteProvider {
 public:
  SimQuoteProviderAdapter(std::unique_ptr<attest::sim::SimPlatform> platform,
                          attest::sim::SimEnclaveIdentity identity)
      : platform_(std::move(platform)), identity_(identity) {}

  StatusOr<Bytes> GetQuote(const ReportData& report_data) override {
    MSE_ASSIGN_OR_RETURN(auto provider, attest::sim::SimQuoteProvider::Create(*platform_, identity_));
    return provider.GetQuote(report_data);
  }

  StatusOr<SecretBytes> GetSealKey() override { return attest::sim::SimSealKey(*platform_, identity_); }

 private:
  std::unique_ptr<attest::sim::SimPlatform> platform_;
  attest::sim::SimEnclaveIdentity identity_;
};

}  // namespace

StatusOr<std::unique_ptr<QuoteProvider>> MakeSimQuoteProvider(const SimMeasurementInputs& in) {
  FileSystem& fs = RealFileSystem();
  if (in.sim_dir.empty()) return UsageError("--attestation sim needs --sim-dir (the simulated platform)");
  MSE_ASSIGN_OR_RETURN(attest::sim::SimPlatform platform, attest::sim::SimPlatform::Load(fs, in.sim_dir));
  MSE_ASSIGN_OR_RETURN(auto trusted, attest::sim::TrustedFilesFromTree(fs, in.trusted_root));
  attest::sim::SimEnclaveIdentity identity;
  identity.mr_enclave = attest::sim::ComputeSimMrEnclave(trusted, SpawnArgsOf(in), in.code_files);
  MSE_ASSIGN_OR_RETURN(std::string signer, fs.ReadFile(in.signer_key_path));
  auto mr_signer = attest::sim::ComputeSimMrSigner(signer);
  WipeMemory(signer.data(), signer.size());
  if (!mr_signer.ok()) return mr_signer.status().WithContext("signer key " + in.signer_key_path);
  identity.mr_signer = *mr_signer;
  return std::unique_ptr<QuoteProvider>(new SimQuoteProviderAdapter(
      std::make_unique<attest::sim::SimPlatform>(std::move(platform)), identity));
}

}  // namespace mse::enclave
