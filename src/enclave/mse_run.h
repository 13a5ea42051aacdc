// The container entry point of the original images, `mse-run` (formats.md
// §19.1, quirk Q-43): `--size NM --subject S --san SAN --id UUID
// --application mod:var [--expiration UNIX] [--host H] [--port P]
// [--timeout S]`, with the package directory mounted at /opt/input. It
// unpacks /opt/input/app.tar into /opt/input/app (once: a restart keeps it),
// then runs the bootstrap with the equivalent arguments, so containers made
// by either tool are started the same way.
//
// Everything that decides how the enclave behaves comes from measured input
// (issue 13): the TLS mode from the spawn arguments (no --expiration: the
// owner's certificate, else RA-TLS — a fullchain.pem lying in /opt/input
// does not switch it), the provider key from the package's mse.toml, passed
// on as --provider-key and measured as such.
#ifndef MSE_ENCLAVE_MSE_RUN_H_
#define MSE_ENCLAVE_MSE_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "format/enclave_cmd.h"

namespace mse::enclave {

// Where the package is mounted and where the simulated platform is mounted.
inline constexpr char kInputDir[] = "/opt/input";
inline constexpr char kSimMountDir[] = "/var/lib/mse/sim";

// True when argv (without argv[0]) is in the mse-run layout (has --application).
bool IsMseRunCommandLine(const std::vector<std::string>& args);

// The bootstrap argv (argv[0] included) equivalent to `run`, for an input
// directory `input_dir`: RA-TLS until the expiration, or without one the
// owner's `input_dir/fullchain.pem`; the app dir `input_dir/app`;
// --provider-key when given; attestation `auto` with the simulated platform
// at kSimMountDir.
std::vector<std::string> BootstrapArgv(const format::EnclaveArgs& run, const std::string& input_dir,
                                       const std::optional<std::string>& provider_key);

// The provider key of `input_dir/mse.toml` (canonical "ed25519:<hex>"), or
// nullopt when the file or the key is absent (format::FindProviderPublicKey:
// the runtime ships no TOML library; `verify` refuses any mse.toml for which
// that reading and the TOML parser's differ). Errors name the file.
StatusOr<std::optional<std::string>> PackageProviderKey(FileSystem& fs, const std::string& input_dir);

// Unpacks `input_dir/app.tar` into `input_dir/app` unless that directory
// already exists (restart), with the safe extractor and the code-tree limits.
Status UnpackApplication(const std::string& input_dir);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_MSE_RUN_H_
