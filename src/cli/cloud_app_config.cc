#include "cli/cloud_app_config.h"

#include "crypto/x509.h"

namespace mse::cli {

StatusOr<format::CertInfo> InspectFirstCertificate(FileSystem& fs, const std::string& pem_path) {
  MSE_ASSIGN_OR_RETURN(std::string pem, fs.ReadFile(pem_path));
  auto chain = crypto::X509Certificate::ChainFromPem(pem);
  if (!chain.ok()) return chain.status().WithContext(pem_path);
  if (chain->empty()) return InvalidArgumentError(pem_path + ": no PEM certificate in the file");
  const crypto::X509Certificate& first = chain->front();
  return format::CertInfo{first.NotAfter(), first.SubjectAltNames()};
}

StatusOr<format::AppConfig> LoadCloudAppConfig(CommandContext& ctx, const std::string& path,
                                               bool untrusted_ssl) {
  const std::string file = ExpandUser(path);
  FileSystem& fs = *ctx.env.fs;
  format::AppConfigLoadOptions options;
  options.mode = untrusted_ssl ? format::CloudMode::kInsecureCloud : format::CloudMode::kAll;
  options.inspect_certificate = [&fs](const std::string& pem_path) {
    return InspectFirstCertificate(fs, pem_path);
  };
  MSE_ASSIGN_OR_RETURN(auto loaded,
                       format::LoadAppConfig(fs, file, ctx.env.clock->NowUnixSeconds(), options));
  for (const auto& warning : loaded.warnings) ctx.terminal->Warning(warning);
  MSE_RETURN_IF_ERROR(format::RequireCloud(loaded.config, file));
  return std::move(loaded.config);
}

}  // namespace mse::cli
