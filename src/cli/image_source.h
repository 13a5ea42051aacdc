// The image an enclave runs, as the client needs it to recompute the
// simulated measurement without running Docker (docs/measurement.md §3):
// a `docker save` archive — given with --image-tar, or saved from the
// local engine — whose image id must be the one the backend pinned
// (App.docker_digest), and the trusted files of its layers.
#ifndef MSE_CLI_IMAGE_SOURCE_H_
#define MSE_CLI_IMAGE_SOURCE_H_

#include <optional>
#include <string>

#include "attest/sim/measurement.h"
#include "cli/command_spec.h"

namespace mse::cli {

// "sha256:<hex>" of the first image's config in a `docker save` archive
// (legacy or OCI layout). InvalidArgument/FailedPrecondition naming the
// archive when it has no manifest or config.
StatusOr<std::string> ImageIdOfArchive(FileSystem& fs, const std::string& image_tar);

struct ImageSource {
  std::string reference;                 // for messages: the tar path or the image reference
  std::optional<std::string> image_tar;  // --image-tar
};

// Resolves the source before anything is deployed: the archive exists, or
// the local engine has the image. Returns its id. FailedPrecondition saying
// to load the image, give --image-tar or --no-verify otherwise.
StatusOr<std::string> CheckImageAvailable(CommandContext& ctx, const ImageSource& source);

struct TrustedImage {
  std::string image_id;
  attest::sim::TrustedFileSet trusted;
};

// The trusted files of the image. When `expected_id` is not empty, the
// image id must equal it: PermissionDenied naming both ids otherwise (the
// backend runs another image than the one measured here). A local image is
// saved into a temporary directory under `work_dir`, removed afterwards.
StatusOr<TrustedImage> LoadTrustedImage(CommandContext& ctx, const ImageSource& source,
                                        const std::string& expected_id, const std::string& work_dir);

}  // namespace mse::cli

#endif  // MSE_CLI_IMAGE_SOURCE_H_
