// From argv to a command: global options, group resolution (MSE_DEFAULT_ENV,
// commands unique to one group), option parsing (CLI11) and the handler call.
#ifndef MSE_CLI_DISPATCH_H_
#define MSE_CLI_DISPATCH_H_

#include <string>
#include <vector>

#include "base/terminal.h"
#include "cli/command_spec.h"

namespace mse::cli {

struct GlobalOptions {
  ColorMode color = ColorMode::kAuto;
  bool help = false;
  bool version = false;
  std::vector<std::string> rest;  // everything after the global options
};

// Parses the options that precede the group word. Usage error on an
// unknown option (with a suggestion) or a bad --color value.
StatusOr<GlobalOptions> ParseGlobalOptions(const std::vector<std::string>& args);

// Where `words` lead in `table`: a command (with its arguments) or a group
// prefix whose help should be shown.
struct Resolution {
  const CommandSpec* command = nullptr;   // null: only a group prefix matched
  std::vector<std::string> prefix;        // the group words matched
  std::vector<std::string> arguments;     // the rest, for the command
};

// `default_env` is MSE_DEFAULT_ENV (nullptr when unset). Usage errors:
// unknown command (with "did you mean"), a command that exists in both
// groups without the group word and without MSE_DEFAULT_ENV, an invalid
// MSE_DEFAULT_ENV.
StatusOr<Resolution> Resolve(const std::vector<CommandSpec>& table,
                             const std::vector<std::string>& words, const char* default_env);

// Parses the command's own arguments; defaults filled in. Usage errors name
// the option and say how to get help.
StatusOr<ParsedArgs> ParseCommandArguments(const CommandSpec& command,
                                           const std::vector<std::string>& arguments);

// Runs everything after the global options; help goes to the terminal's
// stdout. Returns the Status the process exits with.
Status Dispatch(const std::vector<CommandSpec>& table, const std::vector<std::string>& rest,
                CommandContext& ctx);

// 0 success, 2 usage, 130 interrupted, 1 any other failure.
int ExitCodeFor(const Status& status);

}  // namespace mse::cli

#endif  // MSE_CLI_DISPATCH_H_
