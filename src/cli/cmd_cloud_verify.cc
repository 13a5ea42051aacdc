// mse cloud verify DOMAIN (spec/cloud.md §1.7; quirk Q-76): no login. The
// enclave's certificate fetched with SNI = DOMAIN and fully verified; the
// code fingerprint from --fingerprint, or recomputed from --context FILE and
// --code DIR (re-encryption with the context's key and nonces gives the
// deployed ciphertext), or not checked (said so). The verified certificate
// goes to <--workspace>/ratls.pem, else ./ratls.pem.
#include "attest/ratls.h"
#include "attest/sim/measurement.h"
#include "base/encoding.h"
#include "base/scoped_dir.h"
#include "cli/cloud_code.h"
#include "cli/cloud_verify.h"
#include "cli/commands.h"
#include "cli/image_source.h"
#include "format/context.h"
#include "format/timestamp.h"

namespace mse::cli {
namespace {

// "host" or "host:port"; the default port is the backend's router port.
StatusOr<std::pair<std::string, int>> ParseDomain(const std::string& text, CloudServices& services) {
  std::string host = text;
  for (const char* scheme : {"https://", "http://"}) {
    if (host.rfind(scheme, 0) == 0) host = host.substr(std::string(scheme).size());
  }
  while (!host.empty() && host.back() == '/') host.pop_back();
  size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(':') == colon) {
    const std::string port_text = host.substr(colon + 1);
    char* end = nullptr;
    long port = std::strtol(port_text.c_str(), &end, 10);  // NOLINT(runtime/int)
    if (port_text.empty() || *end != '\0' || port < 1 || port > 65535) {
      return UsageError("invalid port in DOMAIN '" + text + "'");
    }
    return std::make_pair(host.substr(0, colon), static_cast<int>(port));
  }
  if (host.empty()) return UsageError("DOMAIN is empty");
  if (!services.endpoints().custom_backend()) return std::make_pair(host, 443);
  MSE_ASSIGN_OR_RETURN(int port, services.endpoints().RouterPort());
  return std::make_pair(host, port);
}

StatusOr<format::CloudContext> LoadContextFile(CommandContext& ctx, const std::string& path,
                                               const std::string& host) {
  MSE_ASSIGN_OR_RETURN(SecretBytes text, ctx.env.fs->ReadSecretFile(path));
  MSE_ASSIGN_OR_RETURN(format::CloudContext context, format::ParseContext(AsStringView(text.view()), path));
  if (!context.instance)
    return FailedPreconditionError(path + " has no [instance]: that app was never deployed");
  const std::string& origin = context.instance->ssl_certificate_origin;
  if (origin != "self") {
    return PermissionDeniedError(std::string(attest::kNotMseCertificate) + " (certificate origin `" + origin +
                                 "` in " + path + "): its code cannot be verified");
  }
  if (context.instance->config_domain_name != host) {
    return InvalidArgumentError(path + " is the context of " + context.instance->config_domain_name +
                                ", not of " + host);
  }
  return context;
}

// The expected MRENCLAVE of the app of `context` running the code of `code_dir`.
Status MeasureFromContext(const ParsedArgs& args, CommandContext& ctx, const format::CloudContext& context,
                          const std::string& code_dir, CloudTarget& target) {
  FileSystem& fs = *ctx.env.fs;
  const format::ContextInstance& instance = *context.instance;
  MSE_ASSIGN_OR_RETURN(std::string temp, fs.MakeTempDirectory("/tmp", "mse-verify-"));
  ScopedDirectory work(fs, temp);
  crypto::NonceMap nonces(instance.nonces.begin(), instance.nonces.end());
  MSE_ASSIGN_OR_RETURN(EncryptedCode code, EncryptCode(ctx, code_dir, work.path(),
                                                       context.config.code_secret_key.view(), &nonces));
  ImageSource source{context.config.docker, std::nullopt};
  if (auto tar = args.Get("image-tar")) source = ImageSource{ExpandUser(*tar), ExpandUser(*tar)};
  MSE_ASSIGN_OR_RETURN(TrustedImage image, LoadTrustedImage(ctx, source, "", work.path()));
  MSE_ASSIGN_OR_RETURN(auto files, attest::sim::CodeFilesFromTar(fs, code.app_tar));
  auto expires = format::ParseIsoTimestamp(instance.expires_at);
  if (!expires.ok()) return expires.status().WithContext("[instance] expires_at");
  CloudSpawn spawn{instance.config_domain_name, instance.enclave_size, instance.id,
                   context.config.python_application, expires->unix_seconds()};
  target.expected_mr_enclave = attest::sim::ComputeSimMrEnclave(image.trusted, SpawnArgsOf(spawn), files);
  target.measured_inputs = MeasuredInputsOf(spawn);
  ctx.terminal->Info("expected MRENCLAVE (simulated platform measurement, image " + image.image_id +
                     "): " + HexEncode(*target.expected_mr_enclave));
  return Status::Ok();
}

}  // namespace

Status RunCloudVerify(const ParsedArgs& args, CommandContext& ctx) {
  if (args.Has("fingerprint") && args.Has("context"))
    return UsageError("give --fingerprint or --context, not both");
  if (args.Has("context") != args.Has("code")) return UsageError("--context FILE and --code DIR go together");
  auto domain = args.Get("domain_name");
  if (!domain) return UsageError("DOMAIN is required: the domain name of the app");
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(auto host_port, ParseDomain(*domain, services));
  CloudTarget target{host_port.first, host_port.second, std::nullopt, {}};
  if (auto fingerprint = args.Get("fingerprint")) {
    auto m = attest::ParseMeasurementHex(*fingerprint);
    if (!m.ok()) return UsageError("--fingerprint: " + m.status().message());
    target.expected_mr_enclave = *m;
  } else if (auto path = args.Get("context")) {
    MSE_ASSIGN_OR_RETURN(format::CloudContext context,
                         LoadContextFile(ctx, ExpandUser(*path), target.domain));
    MSE_RETURN_IF_ERROR(MeasureFromContext(args, ctx, context, ExpandUser(*args.Get("code")), target));
  }
  const std::string dir = args.Has("workspace") ? ExpandUser(*args.Get("workspace")) : ".";
  MSE_ASSIGN_OR_RETURN(CloudVerification verified,
                       VerifyCloudEnclave(args, ctx, services, target, VerdictStream::kStdout));
  MSE_RETURN_IF_ERROR(ctx.env.fs->CreateDirectories(dir, FileMode::kNormal));
  MSE_RETURN_IF_ERROR(WriteCloudCertificate(ctx, dir, verified));
  ctx.terminal->Success("the enclave at " + cloud::AppUrl(target.domain, target.port) +
                        " is trustworthy; its certificate is in " + JoinPath(dir, "ratls.pem"));
  return Status::Ok();
}

}  // namespace mse::cli
