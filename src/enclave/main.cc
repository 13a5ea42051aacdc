// mse-enclave: parses arguments, builds the real Env and the quote
// provider, handles SIGINT/SIGTERM, and maps the result to an exit code.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "attest/sim/measurement.h"
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

// The mse-run entry of the original images (containers made by `mse home
// spawn`): unpack the package's app.tar, then run the equivalent bootstrap.
// The TLS mode follows the measured --expiration; a fullchain.pem the
// operator drops in /opt/input does not switch it. MSE_RUN_INPUT_DIR
// overrides /opt/input for tests on a host.
mse::StatusOr<std::vector<std::string>> MseRunToBootstrap(const std::vector<std::string>& args) {
  const char* override_dir = std::getenv("MSE_RUN_INPUT_DIR");
  std::string input = override_dir != nullptr ? override_dir : mse::enclave::kInputDir;
  MSE_ASSIGN_OR_RETURN(auto run, mse::format::ParseEnclaveCmd(args));
  MSE_RETURN_IF_ERROR(mse::enclave::UnpackApplication(input));
  mse::FileSystem& fs = mse::RealFileSystem();
  bool has_fullchain = fs.Exists(input + "/fullchain.pem");
  if (!run.expiration && !has_fullchain) {
    return mse::FailedPreconditionError(
        "mse-run: no --expiration, so the app serves the owner's certificate, but " + input +
        "/fullchain.pem is missing");
  }
  if (run.expiration && has_fullchain) {
    std::fprintf(stderr, "mse-run: %s/fullchain.pem ignored: --expiration selects the RA-TLS certificate\n",
                 input.c_str());
  }
  MSE_ASSIGN_OR_RETURN(auto provider_key, mse::enclave::PackageProviderKey(fs, input));
  return mse::enclave::BootstrapArgv(run, input, provider_key);
}

const char* TlsModeName(mse::enclave::TlsMode mode) {
  switch (mode) {
    case mse::enclave::TlsMode::kRatls:
      return mse::attest::sim::kTlsModeRatls;
    case mse::enclave::TlsMode::kCertificate:
      return mse::attest::sim::kTlsModeCertificate;
    case mse::enclave::TlsMode::kNoSsl:
      return mse::attest::sim::kTlsModeNoSsl;
  }
  return "";
}

// The measured inputs of the simulated platform (docs/measurement.md); the
// app dir is hashed here once and the code installed against these digests.
mse::StatusOr<mse::enclave::SimMeasurementInputs> MeasurementInputs(
    const mse::enclave::EnclaveArguments& parsed) {
  const mse::enclave::BootstrapOptions& b = parsed.bootstrap;
  if (b.app_dir.empty())
    return mse::UsageError("--app-dir is required: the code is installed from it at every start");
  auto code = mse::attest::sim::CodeFilesFromDirectory(mse::RealFileSystem(), b.app_dir);
  if (!code.ok()) return code.status().WithContext("measuring the application directory " + b.app_dir);
  mse::enclave::SimMeasurementInputs sim{
      parsed.sim_dir,          parsed.trusted_root, parsed.signer_key,      *std::move(code), b.subject,
      b.subject_alt_name,      std::nullopt,        parsed.enclave_size_mb, b.uuid,           b.application,
      TlsModeName(b.tls_mode), std::nullopt};
  if (b.tls_mode == mse::enclave::TlsMode::kRatls) sim.expiration_date = b.ratls_expiration_unix;
  if (b.provider_key) sim.provider_key = b.provider_key->Text();
  return sim;
}

bool SameDirectory(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  return std::filesystem::path(a).lexically_normal() == std::filesystem::path(b).lexically_normal();
}

// The app dir is never MODULE_PATH (MODULE_PATH is emptied and rebuilt from
// it) except for `mse home localtest`, which runs the code dir as is without
// any attestation (docs/enclave-runtime.md §1).
mse::Status CheckAppDirIsNotModulePath(mse::enclave::EnclaveArguments& parsed) {
  mse::enclave::BootstrapOptions& b = parsed.bootstrap;
  if (b.app_dir.empty() || !SameDirectory(b.app_dir, b.paths.module_path)) return mse::Status::Ok();
  if (parsed.attestation == "none-for-tests") {
    b.local_test = true;
    return mse::Status::Ok();
  }
  return mse::UsageError("--app-dir " + b.app_dir +
                         " is MODULE_PATH: the code is installed from the app dir " +
                         "into MODULE_PATH at every start, so they must differ");
}

int Fail(const mse::Status& status, int code) {
  std::fprintf(stderr, "error: %s\n", status.message().c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  if (mse::enclave::IsMseRunCommandLine(std::vector<std::string>(args.begin() + 1, args.end()))) {
    auto translated = MseRunToBootstrap(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!translated.ok())
      return Fail(translated.status(), translated.status().code() == mse::StatusCode::kUsage ? 2 : 1);
    args = *translated;
  }
  auto parsed = mse::enclave::ParseEnclaveArguments(args);
  if (!parsed.ok()) return Fail(parsed.status(), 2);
  if (parsed->exit_now) {
    std::fputs(parsed->output.c_str(), stdout);
    return 0;
  }
  if (auto checked = CheckAppDirIsNotModulePath(*parsed); !checked.ok()) return Fail(checked, 2);
  auto sim = MeasurementInputs(*parsed);
  if (!sim.ok()) return Fail(sim.status(), sim.status().code() == mse::StatusCode::kUsage ? 2 : 1);
  parsed->bootstrap.measured_code = sim->code_files;
  auto quotes = mse::enclave::MakeQuoteProvider(parsed->attestation, *sim);
  if (!quotes.ok()) return Fail(quotes.status(), 2);
  mse::enclave::StopSignal stop;
  sigset_t signals;
  std::thread waiter = StartSignalThread(stop, &signals);
  mse::Env env = mse::RealEnv();
  mse::Status status = mse::enclave::RunEnclave(parsed->bootstrap, env, **quotes, stop);
  // Wake the signal thread if it is still waiting.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!status.ok()) return Fail(status, status.code() == mse::StatusCode::kUsage ? 2 : 1);
  return 0;
}
