// Help texts, all derived from the command table.
#ifndef MSE_CLI_HELP_H_
#define MSE_CLI_HELP_H_

#include <string>
#include <vector>

#include "cli/command_spec.h"

namespace mse::cli {

// Why a command without handler is not available: "planned in issue N".
std::string PendingReason(const CommandSpec& command);
std::string CommandUsageLine(const CommandSpec& command);
std::string RenderCommandHelp(const CommandSpec& command);
// Help of a group prefix such as {"home"} or {"home", "sim"}.
std::string RenderGroupHelp(const std::vector<CommandSpec>& table, const std::vector<std::string>& prefix);
std::string RenderTopHelp(const std::vector<CommandSpec>& table);

// Closest candidate by edit distance (or prefix), empty when none is close.
std::string Suggest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace mse::cli

#endif  // MSE_CLI_HELP_H_
