// Verification of a cloud enclave from the client (spec/cloud.md §1.6,
// attestation.md §8, §10), shared by `cloud deploy` and `cloud verify`:
// the certificate the enclave presents at https://<domain>:<port>/ (SNI =
// domain, nothing sent), collateral from the PCCS, the full DCAP
// verification with the policy options of `home verify`, the cloud-mode
// SAN check, MRSIGNER from the signer key at MSE_SIGNER_URL (shown with
// its fingerprint) and, when known, the expected MRENCLAVE.
#ifndef MSE_CLI_CLOUD_VERIFY_H_
#define MSE_CLI_CLOUD_VERIFY_H_

#include <optional>
#include <string>

#include "attest/policy.h"
#include "attest/sim/measurement.h"
#include "attest/verdict.h"
#include "cli/cloud_services.h"
#include "cli/command_spec.h"
#include "cli/verify_options.h"

namespace mse::cli {

// What the backend passes to the enclave (formats.md §19.2; every value is
// measured). No expiration in owner mode.
struct CloudSpawn {
  std::string config_domain_name;
  int64_t enclave_size_mb = 0;
  std::string app_id;
  std::string application;
  std::optional<int64_t> expiration;  // Unix seconds
};

// "CN=<domain>,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France".
std::string CloudSubject(const std::string& config_domain_name);
attest::sim::SpawnArgs SpawnArgsOf(const CloudSpawn& spawn);
// The spawn values shown with the verdict.
std::vector<std::pair<std::string, std::string>> MeasuredInputsOf(const CloudSpawn& spawn);

// The simulated platform's root is trusted only with --allow-simulation or
// MSE_ALLOW_SIMULATION=1; taken from --sim-root FILE, MSE_SIM_ROOT (a file),
// else the backend's sim_root_url (said so), else $MSE_CONF_PATH/sim.
StatusOr<attest::TrustAnchors> CloudAnchors(const ParsedArgs& args, CommandContext& ctx,
                                            CloudServices& services);

struct CloudTarget {
  std::string domain;  // SNI and expected SAN
  int port = 443;
  std::optional<attest::Measurement> expected_mr_enclave;  // nullopt: the code is not checked
  std::vector<std::pair<std::string, std::string>> measured_inputs;
};

struct CloudVerification {
  std::string certificate_pem;
  attest::Verdict verdict;  // ok
};

// Verifies and prints the verdict on `stream`; PermissionDenied naming the
// failed check when the enclave is not trustworthy.
StatusOr<CloudVerification> VerifyCloudEnclave(const ParsedArgs& args, CommandContext& ctx,
                                               CloudServices& services, const CloudTarget& target,
                                               VerdictStream stream);

// Writes `<dir>/ratls.pem` and its verdict record (provider_verify.h).
Status WriteCloudCertificate(CommandContext& ctx, const std::string& dir,
                             const CloudVerification& verification);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_VERIFY_H_
