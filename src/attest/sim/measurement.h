// Simulated measurement (docs/measurement.md, byte-exact): MRENCLAVE of a
// simulated enclave = SHA-256 over a versioned canonical encoding of what the
// runtime loads — the base image's trusted files, the enclave size, the spawn
// arguments and the application's code files — and MRSIGNER as on SGX.
// `verify` recomputes the same value from a package without Docker by
// applying the image.tar layers in memory (TrustedFilesFromImageTar).
#ifndef MSE_ATTEST_SIM_MEASUREMENT_H_
#define MSE_ATTEST_SIM_MEASUREMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "crypto/hash.h"

namespace mse::attest::sim {

inline constexpr char kMeasurementMagic[] = "mse-sim-measurement-v2\n";
// Where the base image lists its trusted files (absolute paths, one a line).
inline constexpr char kTrustedPathsFile[] = "/etc/mse/trusted-paths";

// Path → SHA-256 of the content. Trusted files use absolute image paths
// ("/usr/bin/python3"); code files use paths relative to the application
// directory ("app.py", "templates/index.html"). Sorted by byte order.
using FileDigests = std::map<std::string, crypto::Sha256Digest>;
using TrustedFileSet = FileDigests;
using CodeFileSet = FileDigests;

// How the application is served (the bootstrap's --ratls, --certificate
// or --no-ssl): measured, so that the operator cannot switch it (issue 13).
inline constexpr char kTlsModeRatls[] = "ratls";
inline constexpr char kTlsModeCertificate[] = "certificate";
inline constexpr char kTlsModeNoSsl[] = "no-ssl";

// evidence.json `input_args` (formats.md §13); `size` is the enclave size.
// Plus two measured values that do not come from the operator: the TLS mode
// (derived from expiration_date unless set: "ratls" with one, "certificate"
// without, as `mse-run` decides) and the package's provider public key.
struct SpawnArgs {
  std::string subject;
  std::string subject_alternative_name;
  std::optional<int64_t> expiration_date;
  int64_t size = 0;  // MB
  std::string app_id;
  std::string application;
  std::string tls_mode;                      // empty: derived (above)
  std::optional<std::string> provider_key;  // mse.toml provider_public_key, canonical "ed25519:<hex>"
};

// The TLS mode the measurement encodes for `args`.
std::string EffectiveTlsMode(const SpawnArgs& args);

using Measurement32 = crypto::Sha256Digest;

// The canonical encoding of docs/measurement.md §2 (exposed for tests and
// for `mse` to print on request), and its SHA-256.
std::string EncodeSimMeasurement(const TrustedFileSet& trusted, const SpawnArgs& args,
                                 const CodeFileSet& code);
Measurement32 ComputeSimMrEnclave(const TrustedFileSet& trusted, const SpawnArgs& args,
                                  const CodeFileSet& code);

// MRSIGNER as on SGX (attestation.md §8.1) from the signer key PEM.
StatusOr<Measurement32> ComputeSimMrSigner(std::string_view signer_pem);

// The trusted-paths manifest: one absolute path per line; empty lines and
// lines starting with '#' are ignored. InvalidArgument naming the line for a
// relative path or one containing "..".
StatusOr<std::vector<std::string>> ParseTrustedPaths(std::string_view text);

// Trusted files of an unpacked tree: reads <root>/etc/mse/trusted-paths
// (root "/" inside the enclave) and hashes each listed file (streaming).
// FailedPrecondition naming a listed path that is missing.
StatusOr<TrustedFileSet> TrustedFilesFromTree(FileSystem& fs, const std::string& root);

// The same set from a `docker save` archive, without Docker: reads
// manifest.json, applies the first image's layers in order in memory
// (whiteouts `.wh.<name>` and opaque directories `.wh..wh..opq` honoured,
// hard links and symbolic links resolved), then selects the paths listed in
// /etc/mse/trusted-paths of the result. Streaming: file contents are hashed
// while read, never held. InvalidArgument for a malformed archive or
// manifest, FailedPrecondition for a missing manifest or trusted path.
StatusOr<TrustedFileSet> TrustedFilesFromImageTar(FileSystem& fs, const std::string& image_tar);

// Code files: every regular file under `dir` (relative paths), or every
// regular member of app.tar (leading "./" and "/" removed).
StatusOr<CodeFileSet> CodeFilesFromDirectory(FileSystem& fs, const std::string& dir);
StatusOr<CodeFileSet> CodeFilesFromTar(FileSystem& fs, const std::string& app_tar);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_MEASUREMENT_H_
