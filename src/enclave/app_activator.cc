#include "enclave/app_activator.h"

#include <cstdio>

namespace mse::enclave {
namespace {

Status WriteSecretFile(FileSystem& fs, const std::string& path, const SecretBytes& data) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(DirName(path), FileMode::kSecret));
  return fs.WriteFile(path, data.view(), FileMode::kSecret);
}

}  // namespace

StatusOr<std::shared_ptr<net::HttpHandler>> AppActivator::Activate(
    const ConfigurationSecrets& configuration) {
  RemovePlaintext();
  Status installed = installer_.Install(configuration.code_key ? &*configuration.code_key : nullptr);
  if (!installed.ok()) {
    Deactivate();
    if (installed.code() == StatusCode::kInvalidArgument || installed.code() == StatusCode::kDataLoss) {
      return installed;
    }
    return InternalError("cannot install the application code: " + installed.message());
  }
  Status written = WriteSecrets(configuration);
  if (!written.ok()) {
    Deactivate();
    return InternalError("cannot write the secrets files: " + written.message());
  }
  auto app = load_();
  if (!app.ok()) {
    Deactivate();
    return InternalError("the application did not start: " + app.status().message());
  }
  return app;
}

Status AppActivator::WriteSecrets(const ConfigurationSecrets& configuration) {
  if (configuration.app_secrets_json) {
    MSE_RETURN_IF_ERROR(WriteSecretFile(fs_, paths_.secrets_path, *configuration.app_secrets_json));
  }
  if (configuration.sealed_secrets_json) {
    MSE_RETURN_IF_ERROR(WriteSecretFile(fs_, paths_.sealed_secrets_path, *configuration.sealed_secrets_json));
  }
  return Status::Ok();
}

void AppActivator::RemovePlaintext() {
  Status cleared = installer_.Clear();
  if (!cleared.ok()) std::fprintf(stderr, "mse-enclave: %s\n", cleared.ToString().c_str());
  for (const std::string& path : {paths_.secrets_path, paths_.sealed_secrets_path}) {
    if (fs_.Exists(path)) (void)fs_.RemoveFile(path);
  }
}

void AppActivator::Deactivate() {
  RemovePlaintext();
  if (forget_) forget_();
}

}  // namespace mse::enclave
