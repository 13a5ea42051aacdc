// mse: the command-line tool. Parses global options, builds the real Env and
// terminal, dispatches, and maps the final Status to the exit code. The only
// place that decides the process's exit status.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/command_table.h"
#include "cli/dispatch.h"
#include "cli/help.h"
#include "cli/version.h"

namespace {

int RunMse(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const char* backtrace = std::getenv("MSE_BACKTRACE");
  mse::Status::EnableBacktraces(backtrace != nullptr && std::string(backtrace) == "full");

  auto global = mse::cli::ParseGlobalOptions(args);
  if (!global.ok()) {
    mse::Terminal::Process().Error(global.status().message());
    return mse::cli::ExitCodeFor(global.status());
  }
  mse::Terminal::ConfigureProcess(global->color);
  mse::Terminal& term = mse::Terminal::Process();
  if (global->version) {
    term.Result(std::string("mse ") + mse::cli::kMseVersion + "\n");
    return 0;
  }
  if (global->help) {
    term.Result(mse::cli::RenderTopHelp(mse::cli::CommandTable()));
    return 0;
  }
  mse::cli::CommandContext ctx{mse::RealEnv(), &term,
                               [](const char* name) { return std::getenv(name); }};
  mse::Status status = mse::cli::Dispatch(mse::cli::CommandTable(), global->rest, ctx);
  if (!status.ok()) {
    if (!status.backtrace().empty()) term.err() << "backtrace:\n" << status.backtrace();
    term.Error(status.message());
  }
  return mse::cli::ExitCodeFor(status);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return RunMse(argc, argv);
}
