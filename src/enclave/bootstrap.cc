#include "enclave/bootstrap.h"

#include <cstdio>
#include <memory>
#include <optional>

#include "enclave/code_installer.h"
#include "enclave/config_server.h"
#include "enclave/crypto_adapters.h"
#include "enclave/identity.h"
#include "enclave/python_runtime.h"
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

// The credentials the application is served with (the configuration server
// always uses the RA-TLS ones, Q-55).
StatusOr<net::TlsCredentials> AppCredentials(const BootstrapOptions& options, FileSystem& fs,
                                             const net::TlsCredentials& ratls) {
  switch (options.tls_mode) {
    case TlsMode::kRatls:
      return ratls;
    case TlsMode::kNoSsl:
      return net::TlsCredentials{};
    case TlsMode::kCertificate: {
      MSE_ASSIGN_OR_RETURN(std::string chain, fs.ReadFile(options.certificate_path));
      MSE_ASSIGN_OR_RETURN(std::string key, fs.ReadFile(options.paths.OwnerKeyFile()));
      return net::TlsCredentials{std::move(chain), std::move(key)};
    }
  }
  return InternalError("unknown TLS mode");
}

// Loads the app and puts it (with its credentials) on the running server.
Status SwitchToApp(const BootstrapOptions& options, FileSystem& fs, PythonRuntime& runtime,
                   const net::TlsCredentials& ratls, net::HttpServer& server) {
  WsgiAppOptions app{options.paths.module_path, options.application,
                     {options.subject_alt_name, server.port(),
                      options.tls_mode == TlsMode::kNoSsl ? "http" : "https"}};
  MSE_ASSIGN_OR_RETURN(auto host, WsgiHost::Load(runtime, app));
  MSE_ASSIGN_OR_RETURN(net::TlsCredentials credentials, AppCredentials(options, fs, ratls));
  if (options.tls_mode != TlsMode::kRatls) MSE_RETURN_IF_ERROR(server.SetCredentials(credentials));
  server.SetHandler(std::move(host));
  Say("application " + options.application + " is serving");
  return Status::Ok();
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
class EnclaveRun {
 public:
  EnclaveRun(const BootstrapOptions& options, Env& env, StopSignal& stop)
      : options_(options), env_(env), fs_(*env.fs), stop_(stop) {}

  Status Prepare(QuoteProvider& quotes) {
    MSE_RETURN_IF_ERROR(PrepareDirectories(options_.paths, fs_));
    IdentityOptions identity_options{
        options_.subject, options_.subject_alt_name,
        options_.tls_mode == TlsMode::kRatls ? options_.ratls_expiration_unix : 0};
    MSE_ASSIGN_OR_RETURN(identity_, LoadOrCreateIdentity(options_.paths, identity_options, quotes, env_));
    Say(identity_->reused ? "reusing the identity in " + options_.paths.key_path
                          : "created a new identity in " + options_.paths.key_path);
    ratls_ = {identity_->certificate_pem,
              std::string(AsStringView(identity_->tls_key.ToPkcs8Pem().view()))};
    PythonRuntimeOptions python;
    python.environment = options_.paths.Environment();
    MSE_ASSIGN_OR_RETURN(runtime_, PythonRuntime::Start(python));
    configured_ = IsConfigured(fs_, options_.paths.module_path);
    if (!configured_ && options_.app_dir.empty()) {
      return InvalidArgumentError("--app-dir is required until the enclave is configured");
    }
    return Status::Ok();
  }

  Status Serve(const std::function<void(uint16_t)>& on_listening) {
    MSE_RETURN_IF_ERROR(StartServer());
    Say("listening on " + options_.host + ":" + std::to_string(server_->port()) +
        (configured_ ? " (application)" : " (configuration server)"));
    if (on_listening) on_listening(server_->port());
    if (configured_) {
      Status switched = SwitchToApp(options_, fs_, *runtime_, ratls_, *server_);
      if (!switched.ok()) return Finish(switched);
    }
    bool stopped = stop_.WaitFor(config_server_ ? options_.timeout_seconds : 0);
    if (!stopped && config_server_ && !config_server_->configured()) {
      return Finish(DeadlineExceededError(
          "no configuration received within " + std::to_string(options_.timeout_seconds) +
          " s; stopping instead of starting unconfigured (Q-50)"));
    }
    if (!stopped) stop_.WaitFor(0);
    std::lock_guard lock(fatal_mu_);
    return Finish(fatal_.ok() ? Status::Ok() : fatal_.WithContext("configured application"));
  }

 private:
  Status StartServer() {
    std::shared_ptr<net::HttpHandler> handler;
    if (configured_) {
      handler = std::make_shared<UnavailableHandler>();
    } else {
      unsealer_ = std::make_unique<SealedBoxUnsealer>(identity_->enclave_key.secret_key.view());
      decryptor_ = std::make_unique<EnclaveCodeDecryptor>(fs_);
      ConfigServerOptions config{options_.uuid, options_.app_dir, options_.paths,
                                 options_.tls_mode == TlsMode::kCertificate};
      config_server_ = std::make_shared<ConfigServer>(config, fs_, *unsealer_, *decryptor_,
                                                      [this] { return OnConfigured(); });
      handler = config_server_;
    }
    net::HttpServerOptions server_options;
    server_options.host = options_.host;
    server_options.port = options_.port;
    server_options.tls = ratls_;
    server_options.worker_threads = options_.worker_threads;
    if (configured_ && options_.tls_mode != TlsMode::kRatls) {
      MSE_ASSIGN_OR_RETURN(server_options.tls, AppCredentials(options_, fs_, ratls_));
    }
    MSE_ASSIGN_OR_RETURN(server_, net::HttpServer::Start(server_options, std::move(handler)));
    return Status::Ok();
  }

  // Runs on a worker thread, inside the configuration POST.
  Status OnConfigured() {
    Status switched = SwitchToApp(options_, fs_, *runtime_, ratls_, *server_);
    if (!switched.ok()) {
      std::lock_guard lock(fatal_mu_);
      fatal_ = switched;
      stop_.Stop();
    }
    return switched;
  }

  Status Finish(Status status) {
    server_->Stop();
    return status;
  }

  const BootstrapOptions& options_;
  Env& env_;
  FileSystem& fs_;
  StopSignal& stop_;
  std::optional<EnclaveIdentity> identity_;
  net::TlsCredentials ratls_;
  std::unique_ptr<PythonRuntime> runtime_;
  bool configured_ = false;
  std::unique_ptr<SealedBoxUnsealer> unsealer_;
  std::unique_ptr<EnclaveCodeDecryptor> decryptor_;
  std::mutex fatal_mu_;
  Status fatal_;
  std::shared_ptr<ConfigServer> config_server_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace

Status RunEnclave(const BootstrapOptions& options, Env& env, QuoteProvider& quotes,
                  StopSignal& stop, const std::function<void(uint16_t)>& on_listening) {
  EnclaveRun run(options, env, stop);
  MSE_RETURN_IF_ERROR(run.Prepare(quotes));
  return run.Serve(on_listening);
}

}  // namespace mse::enclave
