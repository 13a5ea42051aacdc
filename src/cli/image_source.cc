#include "cli/image_source.h"

#include <nlohmann/json.hpp>

#include "attest/sim/tar_reader.h"
#include "base/encoding.h"
#include "base/scoped_dir.h"
#include "cli/docker_env.h"

namespace mse::cli {
namespace {

namespace sim = attest::sim;

StatusOr<std::string> ConfigMember(FileSystem& fs, const std::string& image_tar) {
  MSE_ASSIGN_OR_RETURN(sim::ByteSource source, sim::FileSource(fs, image_tar));
  std::optional<std::string> manifest;
  MSE_RETURN_IF_ERROR(
      sim::ForEachTarEntry(source, image_tar, [&](const sim::TarEntry& e, const sim::ByteSource& data) {
        if (manifest || sim::NormalizeAbsolute(e.path) != "/manifest.json") return Status::Ok();
        MSE_ASSIGN_OR_RETURN(manifest, sim::ReadSource(data, 1 << 20, image_tar + ": manifest.json"));
        return Status::Ok();
      }));
  if (!manifest)
    return FailedPreconditionError(image_tar + " has no manifest.json: not a `docker save` archive");
  auto j = nlohmann::json::parse(*manifest, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array() || j.empty() || !j[0].is_object() || !j[0].contains("Config") ||
      !j[0]["Config"].is_string()) {
    return InvalidArgumentError(image_tar + ": manifest.json names no image \"Config\"");
  }
  return sim::NormalizeAbsolute(j[0]["Config"].get<std::string>());
}

}  // namespace

StatusOr<std::string> ImageIdOfArchive(FileSystem& fs, const std::string& image_tar) {
  MSE_ASSIGN_OR_RETURN(std::string config, ConfigMember(fs, image_tar));
  MSE_ASSIGN_OR_RETURN(sim::ByteSource source, sim::FileSource(fs, image_tar));
  std::optional<crypto::Sha256Digest> digest;
  MSE_RETURN_IF_ERROR(
      sim::ForEachTarEntry(source, image_tar, [&](const sim::TarEntry& e, const sim::ByteSource& data) {
        if (digest || e.type != sim::TarEntry::Type::kFile || sim::NormalizeAbsolute(e.path) != config) {
          return Status::Ok();
        }
        Status error;
        digest = sim::HashSource(data, &error);
        return error;
      }));
  if (!digest) return InvalidArgumentError(image_tar + ": the image config " + config + " is missing");
  return "sha256:" + HexEncode(*digest);
}

StatusOr<std::string> CheckImageAvailable(CommandContext& ctx, const ImageSource& source) {
  if (source.image_tar) {
    if (!ctx.env.fs->Exists(*source.image_tar))
      return NotFoundError("--image-tar " + *source.image_tar + " not found");
    return ImageIdOfArchive(*ctx.env.fs, *source.image_tar);
  }
  const std::string what_to_do =
      ": the client recomputes the enclave's measurement from it. Load it into the "
      "local engine, give the `docker save` archive with --image-tar FILE, or skip the "
      "code check with --no-verify";
  auto engine = ConnectDocker(ctx);
  if (!engine.ok()) return FailedPreconditionError(engine.status().message() + what_to_do);
  auto image = (*engine)->InspectImage(source.reference);
  if (!image.ok())
    return FailedPreconditionError("image " + source.reference + ": " + image.status().message() +
                                   what_to_do);
  return image->id;
}

StatusOr<TrustedImage> LoadTrustedImage(CommandContext& ctx, const ImageSource& source,
                                        const std::string& expected_id, const std::string& work_dir) {
  FileSystem& fs = *ctx.env.fs;
  TrustedImage out;
  std::optional<ScopedDirectory> temp;
  std::string tar;
  if (source.image_tar) {
    tar = *source.image_tar;
  } else {
    MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
    MSE_ASSIGN_OR_RETURN(std::string dir, fs.MakeTempDirectory(work_dir, ".mse-image-"));
    temp.emplace(fs, dir);
    tar = JoinPath(dir, "image.tar");
    MSE_ASSIGN_OR_RETURN(auto file, fs.CreateAtomic(tar, FileMode::kNormal));
    uint64_t bytes = 0;
    {
      Spinner spinner(*ctx.terminal, "saving the image " + source.reference + " from the local engine");
      MSE_RETURN_IF_ERROR(engine->SaveImage(source.reference, *file, &bytes));
    }
    MSE_RETURN_IF_ERROR(file->Commit());
  }
  MSE_ASSIGN_OR_RETURN(out.image_id, ImageIdOfArchive(fs, tar));
  if (!expected_id.empty() && out.image_id != expected_id) {
    return PermissionDeniedError("the image " + source.reference + " here is " + out.image_id +
                                 " but the backend runs " + expected_id +
                                 ": get the approved image (or its archive) to verify the enclave");
  }
  Spinner spinner(*ctx.terminal, "hashing the trusted files of " + source.reference);
  MSE_ASSIGN_OR_RETURN(out.trusted, sim::TrustedFilesFromImageTar(fs, tar));
  return out;
}

}  // namespace mse::cli
