#include "enclave/arguments.h"

#include <CLI/CLI.hpp>
#include <sstream>

namespace mse::enclave {
namespace {

void AddPathOverrides(CLI::App& app, EnclavePaths& paths) {
  app.add_option("--home", paths.home, "HOME of the app")->capture_default_str();
  app.add_option("--secrets-path", paths.secrets_path, "SECRETS_PATH")->capture_default_str();
  app.add_option("--sealed-secrets-path", paths.sealed_secrets_path, "SEALED_SECRETS_PATH")
      ->capture_default_str();
  app.add_option("--tmp-path", paths.tmp_path, "TMP_PATH")->capture_default_str();
  app.add_option("--module-path", paths.module_path, "MODULE_PATH (decrypted code)")
      ->capture_default_str();
  app.add_option("--key-path", paths.key_path, "KEY_PATH (key material)")->capture_default_str();
}

}  // namespace

StatusOr<EnclaveArguments> ParseEnclaveArguments(const std::vector<std::string>& argv) {
  EnclaveArguments args;
  BootstrapOptions& o = args.bootstrap;
  CLI::App app{"mse-enclave: RA-TLS configuration server and in-process WSGI host", "mse-enclave"};
  app.set_version_flag("--version", "mse-enclave 0.1.0");
  auto* ratls = app.add_option("--ratls", o.ratls_expiration_unix,
                               "RA-TLS mode; certificate expiration (Unix seconds)");
  auto* certificate = app.add_option("--certificate", o.certificate_path,
                                     "owner certificate chain (PEM) served by the app");
  bool no_ssl_flag = false;
  auto* no_ssl = app.add_flag("--no-ssl", no_ssl_flag, "serve the app over plain HTTP");
  ratls->excludes(certificate)->excludes(no_ssl);
  certificate->excludes(no_ssl);
  app.add_option("--host", o.host, "listen address")->capture_default_str();
  app.add_option("--port", o.port, "listen port (0: any free port)")->capture_default_str();
  app.add_option("--app-dir", o.app_dir, "directory of the (encrypted) application code");
  app.add_option("--subject", o.subject, "RA-TLS certificate subject (RFC 4514)")->capture_default_str();
  app.add_option("--san", o.subject_alt_name, "RA-TLS subject alternative name")->capture_default_str();
  app.add_option("--id", o.uuid, "application UUID expected in the configuration");
  app.add_option("--timeout", o.timeout_seconds, "seconds to wait for the configuration (0: forever)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--attestation", args.attestation, "quote source: sgx, sim or auto")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            // "none-for-tests" is accepted but not advertised (tests only).
            for (const char* known : {"sgx", "sim", "auto", "none-for-tests"}) {
              if (value == known) return "";
            }
            return "expected sgx, sim or auto, found '" + value + "'";
          },
          "{sgx,sim,auto}"))
      ->capture_default_str();
  app.add_option("--sim-dir", args.sim_dir, "simulated SGX platform directory (sim)");
  app.add_option("--enclave-size", args.enclave_size_mb, "enclave size in MB, part of the measurement (sim)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--trusted-root", args.trusted_root,
                 "root of the tree whose /etc/mse/trusted-paths is measured (sim)")->capture_default_str();
  app.add_option("--signer-key", args.signer_key, "enclave signer key (RSA-3072 PEM), gives MRSIGNER (sim)")
      ->capture_default_str();
  app.add_option("--workers", o.worker_threads, "request worker threads")
      ->check(CLI::Range(1, 256))->capture_default_str();
  app.add_option("--max-connections", o.max_connections, "connections served at once; more get 503")
      ->check(CLI::Range(1, 65536))->capture_default_str();
  std::string provider_key;
  app.add_option("--provider-key", provider_key,
                 "ed25519:<64 hex>: accept only configurations signed with this key (measured)");
  AddPathOverrides(app, o.paths);
  app.add_option("application", o.application, "WSGI application as module:variable")->required();

  std::vector<std::string> reversed(argv.rbegin(), argv.rend() - (argv.empty() ? 0 : 1));
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    args.exit_now = true;
    args.output = app.help();
    return args;
  } catch (const CLI::CallForVersion&) {
    args.exit_now = true;
    args.output = app.version() + "\n";
    return args;
  } catch (const CLI::ParseError& e) {
    return UsageError(e.what());
  }
  if (certificate->count() > 0) {
    o.tls_mode = TlsMode::kCertificate;
  } else if (no_ssl->count() > 0) {
    o.tls_mode = TlsMode::kNoSsl;
  } else if (ratls->count() > 0) {
    o.tls_mode = TlsMode::kRatls;
  } else {
    return UsageError("one of --ratls EXPIRATION, --certificate PATH or --no-ssl is required");
  }
  if (!provider_key.empty()) {
    auto key = format::ParseProviderPublicKey(provider_key);
    if (!key.ok()) return UsageError("--provider-key: " + key.status().message());
    o.provider_key = *key;
  }
  if (o.application.find(':') == std::string::npos) {
    return UsageError("application '" + o.application + "': expected module:variable");
  }
  return args;
}

}  // namespace mse::enclave
