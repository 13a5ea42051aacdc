// mse-enclave: parses arguments, builds the real Env and the quote
// provider, handles SIGINT/SIGTERM, and maps the result to an exit code.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "base/env.h"
#include "enclave/arguments.h"
#include "enclave/bootstrap.h"
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

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  auto parsed = mse::enclave::ParseEnclaveArguments(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "error: %s\n", parsed.status().message().c_str());
    return 2;
  }
  if (parsed->exit_now) {
    std::fputs(parsed->output.c_str(), stdout);
    return 0;
  }
  auto quotes = mse::enclave::MakeQuoteProvider(parsed->attestation, parsed->sim_dir);
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
