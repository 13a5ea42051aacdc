// The one table of every `mse` command (mse-cli 1.3's surface plus the
// seed README's spellings and mse's own additions). See command_spec.h.
#ifndef MSE_CLI_COMMAND_TABLE_H_
#define MSE_CLI_COMMAND_TABLE_H_

#include <vector>

#include "cli/command_spec.h"

namespace mse::cli {

// Groups that stand as the first word of a command.
inline constexpr const char* kGroups[] = {"home", "cloud", "attest"};

const std::vector<CommandSpec>& CommandTable();

}  // namespace mse::cli

#endif  // MSE_CLI_COMMAND_TABLE_H_
