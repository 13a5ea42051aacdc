// Handlers of the commands that exist today; the table (command_table.cc)
// points at them. Each returns a Status; only main() turns it into an exit code.
#ifndef MSE_CLI_COMMANDS_H_
#define MSE_CLI_COMMANDS_H_

#include "cli/command_spec.h"

namespace mse::cli {

Status RunHomeEncrypt(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeDecrypt(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeSeal(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeUnseal(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeScaffold(const ParsedArgs& args, CommandContext& ctx);

}  // namespace mse::cli

#endif  // MSE_CLI_COMMANDS_H_
