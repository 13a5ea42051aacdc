// Evidence collection from a running enclave (formats.md §13, attestation.md
// §11): its RA-TLS certificate from the TLS handshake, the collateral of its
// quote from a PCCS, the spawn arguments and the signer's public key.
#ifndef MSE_CLI_EVIDENCE_COLLECT_H_
#define MSE_CLI_EVIDENCE_COLLECT_H_

#include <string>

#include "cli/command_spec.h"
#include "cli/enclave_container.h"
#include "format/evidence.h"

namespace mse::cli {

// The certificate the server at `address` presents (PEM). Nothing is sent.
StatusOr<std::string> FetchPeerCertificate(const EnclaveAddress& address);

StatusOr<format::Evidence> CollectEvidence(CommandContext& ctx, const EnclaveAddress& address,
                                           const EnclaveArgs& args, const std::string& pccs_url,
                                           const std::string& signer_key_path);

// The operator's copy of the certificate the enclave presented (never called
// ratls.pem, the name of the provider's verified copy).
inline constexpr char kUnverifiedCertificateFile[] = "ratls.unverified.pem";

// Writes evidence.json and ratls.unverified.pem into `dir` and sanity-checks the
// evidence (every problem is a warning for the operator: the code provider's
// `verify` is what decides).
Status SaveAndCheckEvidence(CommandContext& ctx, const format::Evidence& evidence, const std::string& dir);

// Where the PCCS is: --pccs, else /etc/sgx_default_qcnl.conf's, for SGX.
std::string DefaultPccsUrl(const ParsedArgs& args, CommandContext& ctx);

}  // namespace mse::cli

#endif  // MSE_CLI_EVIDENCE_COLLECT_H_
