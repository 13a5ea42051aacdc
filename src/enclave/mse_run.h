// The container entry point of the original images, `mse-run` (formats.md
// §19.1, quirk Q-43): `--size NM --subject S --san SAN --id UUID
// --application mod:var [--expiration UNIX] [--host H] [--port P]
// [--timeout S]`, with the package directory mounted at /opt/input. It
// unpacks /opt/input/app.tar into /opt/input/app (once: a restart keeps it),
// then runs the bootstrap with the equivalent arguments, so containers made
// by either tool are started the same way.
#ifndef MSE_ENCLAVE_MSE_RUN_H_
#define MSE_ENCLAVE_MSE_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "format/enclave_cmd.h"

namespace mse::enclave {

// Where the package is mounted and where the simulated platform is mounted.
inline constexpr char kInputDir[] = "/opt/input";
inline constexpr char kSimMountDir[] = "/var/lib/mse/sim";

// True when argv (without argv[0]) is in the mse-run layout (has --application).
bool IsMseRunCommandLine(const std::vector<std::string>& args);

// The bootstrap argv (argv[0] included) equivalent to `run`, for an input
// directory `input_dir`: RA-TLS until the expiration (or the owner's
// fullchain.pem when `has_fullchain`), the app dir `input_dir/app`, and
// attestation `auto` with the simulated platform at kSimMountDir.
std::vector<std::string> BootstrapArgv(const format::EnclaveArgs& run, const std::string& input_dir,
                                       bool has_fullchain);

// Unpacks `input_dir/app.tar` into `input_dir/app` unless that directory
// already exists (restart), with the safe extractor.
Status UnpackApplication(const std::string& input_dir);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_MSE_RUN_H_
