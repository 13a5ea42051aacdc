// mse-enclave's command line: compatible with the original bootstrap
// (formats.md §19.2: --ratls EXP | --certificate PATH | --no-ssl, --host,
// --port, --app-dir, --subject, --san, --id, --timeout, module:app) plus
// --attestation sgx|sim|auto, --sim-dir, --provider-key (measured: the
// configuration must be signed with it), --max-connections, and one override
// per path of the paths table so the runtime also runs on a host.
#ifndef MSE_ENCLAVE_ARGUMENTS_H_
#define MSE_ENCLAVE_ARGUMENTS_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "enclave/bootstrap.h"

namespace mse::enclave {

struct EnclaveArguments {
  BootstrapOptions bootstrap;
  std::string attestation = "auto";
  std::string sim_dir;
  int64_t enclave_size_mb = 0;           // measured (sim); from mse-run --size
  std::string trusted_root = "/";        // where /etc/mse/trusted-paths is read (sim)
  std::string signer_key = "/root/.config/gramine/enclave-key.pem";  // MRSIGNER (sim)
  bool exit_now = false;  // --help or --version was printed
  std::string output;     // what --help/--version printed
};

// Fails with Usage and CLI11's message (e.g. "--port: Value abc not in range")
// for any invalid command line.
StatusOr<EnclaveArguments> ParseEnclaveArguments(const std::vector<std::string>& argv);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_ARGUMENTS_H_
