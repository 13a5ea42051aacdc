// The mse-enclave state machine (ARCHITECTURE.md, "Runtime inside the
// enclave"; docs/enclave-runtime.md, docs/sealed-state.md):
//   plaintext of an earlier run removed (MODULE_PATH, secrets files) ->
//   seal key -> sealed state (KEY_PATH/state.sealed: identity, configuration)
//   opened, or a new identity sealed -> interpreter -> [configured?]
//     no:  HTTPS configuration server with the RA-TLS certificate;
//          a valid POST installs code + secrets from the measured app dir,
//          loads the app, seals the configuration and swaps the handler (and,
//          in owner mode, the certificate) on the same port — all or
//          nothing: a refused configuration leaves the server waiting;
//          --timeout without configuration stops with an error.
//     yes: the code installed again from the measured app dir with the
//          sealed key, then the app.
//   runs until Stop() (SIGINT/SIGTERM in main); the plaintext is removed
//   again when it stops.
#ifndef MSE_ENCLAVE_BOOTSTRAP_H_
#define MSE_ENCLAVE_BOOTSTRAP_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "attest/sim/measurement.h"
#include "base/env.h"
#include "base/status.h"
#include "enclave/paths.h"
#include "enclave/quote_provider.h"
#include "format/provider_binding.h"

namespace mse::enclave {

enum class TlsMode {
  kRatls,        // --ratls EXPIRATION: the RA-TLS certificate for everything
  kCertificate,  // --certificate FULLCHAIN: owner certificate + KEY_PATH/key.pem for the app
  kNoSsl,        // --no-ssl: the app over plain HTTP
};

struct BootstrapOptions {
  TlsMode tls_mode = TlsMode::kRatls;
  int64_t ratls_expiration_unix = 0;
  std::string certificate_path;
  std::string host = "0.0.0.0";
  uint16_t port = 443;
  std::string app_dir;
  std::string subject = "CN=cosmian.io,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";
  std::string subject_alt_name = "localhost";
  std::string uuid;
  int64_t timeout_seconds = 0;  // 0: wait for the configuration forever
  std::string application;      // "module:variable"
  EnclavePaths paths;
  int worker_threads = 8;
  size_t max_connections = 256;
  // --provider-key (measured): only signed configurations are accepted.
  std::optional<format::ProviderPublicKey> provider_key;
  // The app dir's files as hashed at startup for the measurement; the code
  // is installed from app_dir only if every file still has its digest.
  attest::sim::CodeFileSet measured_code;
  // `mse home localtest` (no SGX, --attestation none-for-tests, the code dir
  // mounted as both --app-dir and MODULE_PATH): the app is served from there
  // at once, without configuration; nothing is installed, sealed or removed.
  bool local_test = false;
};

// Lets main (a signal) or a test end Run(). Thread-safe.
class StopSignal {
 public:
  void Stop();
  // Waits until Stop() or until `seconds` pass (<= 0: forever); true if stopped.
  bool WaitFor(int64_t seconds);
  bool stopped() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

// Serves until `stop` fires. `on_listening(port)` is called once the port
// is bound (stdout also gets "mse-enclave: listening on HOST:PORT").
// Fails with the reason for any startup error (DataLoss when the sealed
// state does not open: another measurement), DeadlineExceeded on the
// configuration timeout, Internal when a configured app cannot start again
// on a restart. A refused configuration is never an error of Run.
Status RunEnclave(const BootstrapOptions& options, Env& env, QuoteProvider& quotes,
                  StopSignal& stop, const std::function<void(uint16_t)>& on_listening = {});

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_BOOTSTRAP_H_
