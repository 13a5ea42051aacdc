#include "enclave/bootstrap.h"

#include <cstdio>
#include <memory>
#include <optional>

#include "enclave/app_activator.h"
#include "enclave/code_installer.h"
#include "enclave/config_server.h"
#include "enclave/crypto_adapters.h"
#include "enclave/identity.h"
#include "enclave/python_runtime.h"
#include "enclave/sealed_state.h"
#include "enclave/wsgi_host.h"
#include "net/http_server.h"

namespace mse::enclave {

void StopSignal::Stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  cv_.notify_all();
}

bool StopSignal::WaitFor(int64_t seconds) {
  std::unique_lock lock(mu_);
  if (seconds <= 0) {
    cv_.wait(lock, [this] { return stopped_; });
    return true;
  }
  return cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopped_; });
}

bool StopSignal::stopped() const {
  std::lock_guard lock(mu_);
  return stopped_;
}

namespace {

// The app's request bodies; the configuration POST has its own 8 MiB limit.
constexpr uint64_t kAppMaxBodyBytes = 64ull << 20;
constexpr uint64_t kBufferedBodyBytes = 2 * kAppMaxBodyBytes;

void Say(const std::string& text) {
  std::printf("mse-enclave: %s\n", text.c_str());
  std::fflush(stdout);
}

Status PrepareDirectories(const EnclavePaths& paths, FileSystem& fs) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(paths.key_path, FileMode::kSecret));
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(paths.home, FileMode::kSecret));
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(paths.tmp_path, FileMode::kSecret));
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(DirName(paths.secrets_path), FileMode::kSecret));
  return fs.CreateDirectories(DirName(paths.sealed_secrets_path), FileMode::kSecret);
}

// Placeholder handler while the app loads on a restart.
class UnavailableHandler : public net::HttpHandler {
 public:
  net::ServerResponse Handle(const net::ServerRequest&) override {
    return net::ServerResponse::Text(503, "starting\n");
  }
};

// One run of the state machine; members are declared in destruction-safe
// order (the server, which holds the handlers, dies first, CPython last).
class EnclaveRun : public ConfigurationSink {
 public:
  EnclaveRun(const BootstrapOptions& options, Env& env, StopSignal& stop)
      : options_(options), env_(env), fs_(*env.fs), stop_(stop) {}

  Status Prepare(QuoteProvider& quotes);
  Status Serve(const std::function<void(uint16_t)>& on_listening);

  // ConfigurationSink: runs on a worker thread, inside the configuration POST.
  Status Apply(ConfigurationSecrets configuration) override;

 private:
  Status StartServer();
  Status StartConfiguredApp();
  Status StartLocalTestApp();
  StatusOr<std::optional<net::TlsCredentials>> AppCredentials(const ConfigurationSecrets& configuration);
  StatusOr<std::shared_ptr<net::HttpHandler>> LoadApp();
  void SwitchToApp(std::shared_ptr<net::HttpHandler> app,
                   const std::optional<net::TlsCredentials>& credentials);
  Status Finish(Status status);

  const BootstrapOptions& options_;
  Env& env_;
  FileSystem& fs_;
  StopSignal& stop_;
  std::unique_ptr<PythonRuntime> runtime_;
  std::optional<StateSealer> sealer_;
  std::optional<LoadedState> loaded_;
  net::TlsCredentials ratls_;
  std::unique_ptr<MeasuredCodeInstaller> installer_;
  std::unique_ptr<AppActivator> activator_;
  std::unique_ptr<SealedBoxUnsealer> unsealer_;
  std::shared_ptr<ConfigServer> config_server_;
  std::unique_ptr<net::HttpServer> server_;
};

Status EnclaveRun::Prepare(QuoteProvider& quotes) {
  if (options_.app_dir.empty()) {
    return InvalidArgumentError("--app-dir is required: the code is installed from it at every start");
  }
  MSE_RETURN_IF_ERROR(PrepareDirectories(options_.paths, fs_));
  installer_ = std::make_unique<MeasuredCodeInstaller>(
      fs_, CodeInstallerOptions{options_.app_dir, options_.paths.module_path, options_.measured_code});
  activator_ = std::make_unique<AppActivator>(
      fs_, options_.paths, *installer_, [this] { return LoadApp(); },
      [this] { ForgetModulesUnder(options_.paths.module_path); });
  // Never load what an earlier run (or the operator) left there.
  if (!options_.local_test) activator_->RemovePlaintext();
  RemoveLegacyKeyFiles(options_.paths, fs_);
  auto seal_key = quotes.GetSealKey();
  if (!seal_key.ok()) return seal_key.status().WithContext("getting the enclave's seal key");
  MSE_ASSIGN_OR_RETURN(StateSealer sealer, StateSealer::FromSealKey(seal_key->view()));
  sealer_.emplace(std::move(sealer));
  IdentityOptions identity{options_.subject, options_.subject_alt_name,
                           options_.tls_mode == TlsMode::kRatls ? options_.ratls_expiration_unix : 0};
  auto loaded = LoadOrCreateState(options_.paths, identity, *sealer_, seal_key->view(), quotes, env_);
  if (!loaded.ok()) {
    return loaded.status().WithContext(
        "cannot start this enclave with its sealed state (start a new enclave from the package instead)");
  }
  loaded_.emplace(std::move(loaded).value());
  Say(loaded_->identity.reused ? "reusing the identity sealed in " + options_.paths.StateFile()
                               : "created a new identity, sealed in " + options_.paths.StateFile());
  ratls_ = {loaded_->identity.certificate_pem, ToString(loaded_->identity.tls_key.ToPkcs8Pem().view())};
  PythonRuntimeOptions python;
  python.environment = options_.paths.Environment();
  MSE_ASSIGN_OR_RETURN(runtime_, PythonRuntime::Start(python));
  return Status::Ok();
}

Status EnclaveRun::Serve(const std::function<void(uint16_t)>& on_listening) {
  MSE_RETURN_IF_ERROR(StartServer());
  bool configured = loaded_->state.configured || options_.local_test;
  Say("listening on " + options_.host + ":" + std::to_string(server_->port()) +
      (configured ? " (application)" : " (configuration server)"));
  if (on_listening) on_listening(server_->port());
  if (configured) {
    Status started = options_.local_test ? StartLocalTestApp() : StartConfiguredApp();
    if (!started.ok()) return Finish(started.WithContext("restarting the configured application"));
  }
  bool stopped = stop_.WaitFor(config_server_ ? options_.timeout_seconds : 0);
  if (!stopped && config_server_ && !config_server_->configured()) {
    return Finish(DeadlineExceededError("no configuration received within " +
                                        std::to_string(options_.timeout_seconds) +
                                        " s; stopping instead of starting unconfigured (Q-50)"));
  }
  if (!stopped) stop_.WaitFor(0);
  return Finish(Status::Ok());
}

Status EnclaveRun::StartServer() {
  std::shared_ptr<net::HttpHandler> handler;
  if (loaded_->state.configured || options_.local_test) {
    handler = std::make_shared<UnavailableHandler>();
  } else {
    unsealer_ = std::make_unique<SealedBoxUnsealer>(loaded_->identity.enclave_key.secret_key.view());
    ConfigServerOptions config;
    config.expected_uuid = options_.uuid;
    config.owner_certificate_mode = options_.tls_mode == TlsMode::kCertificate;
    config.provider_key = options_.provider_key;
    config.enclave.ratls_public_key = loaded_->identity.tls_key.PublicPoint();
    config.enclave.enclave_public_key = loaded_->identity.enclave_key.public_key;
    config_server_ = std::make_shared<ConfigServer>(config, *unsealer_, *this);
    handler = config_server_;
  }
  net::HttpServerOptions server_options;
  server_options.host = options_.host;
  server_options.port = options_.port;
  server_options.tls = ratls_;  // the configuration server always presents it
  server_options.worker_threads = options_.worker_threads;
  server_options.max_connections = options_.max_connections;
  server_options.max_body_bytes = kAppMaxBodyBytes;
  server_options.max_buffered_body_bytes = kBufferedBodyBytes;
  MSE_ASSIGN_OR_RETURN(server_, net::HttpServer::Start(server_options, std::move(handler)));
  return Status::Ok();
}

// Restart: the sealed configuration, the code from the measured app dir.
Status EnclaveRun::StartConfiguredApp() {
  const ConfigurationSecrets& configuration = loaded_->state.configuration;
  MSE_ASSIGN_OR_RETURN(auto credentials, AppCredentials(configuration));
  MSE_ASSIGN_OR_RETURN(auto app, activator_->Activate(configuration));
  SwitchToApp(std::move(app), credentials);
  return Status::Ok();
}

// `mse home localtest`: the app straight from MODULE_PATH (= the app dir).
Status EnclaveRun::StartLocalTestApp() {
  if (options_.tls_mode == TlsMode::kCertificate) {
    return InvalidArgumentError(
        "the local test mode serves the app with --no-ssl or --ratls, not --certificate");
  }
  Say("local test mode: serving " + options_.paths.module_path +
      " as is, without configuration (not an enclave)");
  MSE_ASSIGN_OR_RETURN(auto credentials, AppCredentials(ConfigurationSecrets{}));
  MSE_ASSIGN_OR_RETURN(auto app, LoadApp());
  SwitchToApp(std::move(app), credentials);
  return Status::Ok();
}

Status EnclaveRun::Apply(ConfigurationSecrets configuration) {
  MSE_ASSIGN_OR_RETURN(auto credentials, AppCredentials(configuration));
  MSE_ASSIGN_OR_RETURN(auto app, activator_->Activate(configuration));
  const EnclaveState& current = loaded_->state;
  EnclaveState next{current.ratls_key_pem.Clone(), current.enclave_secret_key.Clone(),
                    current.certificate_pem, true, std::move(configuration)};
  Status saved = SaveState(fs_, options_.paths.StateFile(), *sealer_, next, *env_.random);
  if (!saved.ok()) {
    app.reset();
    activator_->Deactivate();
    return InternalError("cannot seal the configuration: " + saved.message());
  }
  loaded_->state = std::move(next);
  SwitchToApp(std::move(app), credentials);
  return Status::Ok();
}

// The credentials the application is served with, checked before anything
// is committed (the configuration server always uses the RA-TLS ones).
StatusOr<std::optional<net::TlsCredentials>> EnclaveRun::AppCredentials(
    const ConfigurationSecrets& configuration) {
  switch (options_.tls_mode) {
    case TlsMode::kRatls:
      return std::optional<net::TlsCredentials>();
    case TlsMode::kNoSsl:
      return std::optional<net::TlsCredentials>(net::TlsCredentials{});
    case TlsMode::kCertificate:
      break;
  }
  if (!configuration.owner_key_pem)
    return InvalidArgumentError("no owner TLS key (ssl_private_key) was configured");
  auto chain = fs_.ReadFile(options_.certificate_path);
  if (!chain.ok()) return InternalError("reading the owner certificate chain: " + chain.status().message());
  net::TlsCredentials credentials{*chain, ToString(configuration.owner_key_pem->view())};
  Status usable = net::CheckTlsCredentials(credentials);
  if (!usable.ok()) {
    return InvalidArgumentError("ssl_private_key does not fit the owner certificate chain " +
                                options_.certificate_path + ": " + usable.message());
  }
  return std::optional<net::TlsCredentials>(std::move(credentials));
}

StatusOr<std::shared_ptr<net::HttpHandler>> EnclaveRun::LoadApp() {
  WsgiAppOptions app{
      options_.paths.module_path,
      options_.application,
      {options_.subject_alt_name, server_->port(), options_.tls_mode == TlsMode::kNoSsl ? "http" : "https"}};
  MSE_ASSIGN_OR_RETURN(auto host, WsgiHost::Load(*runtime_, app));
  return std::shared_ptr<net::HttpHandler>(std::move(host));
}

void EnclaveRun::SwitchToApp(std::shared_ptr<net::HttpHandler> app,
                             const std::optional<net::TlsCredentials>& credentials) {
  if (credentials) {
    Status switched = server_->SetCredentials(*credentials);  // checked before: cannot fail
    if (!switched.ok()) std::fprintf(stderr, "mse-enclave: %s\n", switched.ToString().c_str());
  }
  server_->SetHandler(std::move(app));
  Say("application " + options_.application + " is serving");
}

Status EnclaveRun::Finish(Status status) {
  server_->Stop();
  if (!options_.local_test) activator_->RemovePlaintext();
  return status;
}

}  // namespace

Status RunEnclave(const BootstrapOptions& options, Env& env, QuoteProvider& quotes, StopSignal& stop,
                  const std::function<void(uint16_t)>& on_listening) {
  EnclaveRun run(options, env, stop);
  MSE_RETURN_IF_ERROR(run.Prepare(quotes));
  return run.Serve(on_listening);
}

}  // namespace mse::enclave
