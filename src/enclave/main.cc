// mse-enclave: parses arguments, builds the real Env and the quote
// provider, handles SIGINT/SIGTERM, and maps the result to an exit code.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "base/env.h"
#include "enclave/arguments.h"
#include "enclave/bootstrap.h"
#include "enclave/mse_run.h"
#include "enclave/quote_provider.h"

namespace {

// Blocks SIGINT/SIGTERM in every thread; one thread waits for them.
std::thread StartSignalThread(mse::enclave::StopSignal& stop, sigset_t* signals) {
  sigemptyset(signals);
  sigaddset(signals, SIGINT);
  sigaddset(signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return std::thread([&stop, signals] {
    int received = 0;
    sigwait(signals, &received);
    if (received != 0) stop.Stop();
  });
}

}  // namespace

// The mse-run entry of the original images (containers made by `mse home
// spawn`): unpack the package's app.tar, then run the equivalent bootstrap.
// MSE_RUN_INPUT_DIR overrides /opt/input for tests on a host.
static mse::StatusOr<std::vector<std::string>> MseRunToBootstrap(const std::vector<std::string>& args) {
  const char* override_dir = std::getenv("MSE_RUN_INPUT_DIR");
  std::string input = override_dir != nullptr ? override_dir : mse::enclave::kInputDir;
  MSE_ASSIGN_OR_RETURN(auto run, mse::format::ParseEnclaveCmd(args));
  MSE_RETURN_IF_ERROR(mse::enclave::UnpackApplication(input));
  bool has_fullchain = mse::RealFileSystem().Exists(input + "/fullchain.pem");
  return mse::enclave::BootstrapArgv(run, input, has_fullchain);
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  if (mse::enclave::IsMseRunCommandLine(std::vector<std::string>(args.begin() + 1, args.end()))) {
    auto translated = MseRunToBootstrap(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!translated.ok()) {
      std::fprintf(stderr, "error: %s\n", translated.status().message().c_str());
      return translated.status().code() == mse::StatusCode::kUsage ? 2 : 1;
    }
    args = *translated;
  }
  auto parsed = mse::enclave::ParseEnclaveArguments(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "error: %s\n", parsed.status().message().c_str());
    return 2;
  }
  if (parsed->exit_now) {
    std::fputs(parsed->output.c_str(), stdout);
    return 0;
  }
  const mse::enclave::BootstrapOptions& b = parsed->bootstrap;
  mse::enclave::SimMeasurementInputs sim{parsed->sim_dir, parsed->trusted_root, parsed->signer_key, b.app_dir,
                                         b.subject, b.subject_alt_name, std::nullopt, parsed->enclave_size_mb,
                                         b.uuid, b.application};
  if (b.tls_mode == mse::enclave::TlsMode::kRatls) sim.expiration_date = b.ratls_expiration_unix;
  auto quotes = mse::enclave::MakeQuoteProvider(parsed->attestation, sim);
  if (!quotes.ok()) {
    std::fprintf(stderr, "error: %s\n", quotes.status().message().c_str());
    return 2;
  }
  mse::enclave::StopSignal stop;
  sigset_t signals;
  std::thread waiter = StartSignalThread(stop, &signals);
  mse::Env env = mse::RealEnv();
  mse::Status status = mse::enclave::RunEnclave(parsed->bootstrap, env, **quotes, stop);
  // Wake the signal thread if it is still waiting.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.message().c_str());
    return status.code() == mse::StatusCode::kUsage ? 2 : 1;
  }
  return 0;
}
