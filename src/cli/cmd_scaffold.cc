// mse home scaffold NAME.
#include "cli/commands.h"

namespace mse::cli {

Status RunHomeScaffold(const ParsedArgs&, CommandContext&) {
  return UnimplementedError("'mse home scaffold' is not available yet (planned in issue 3)");
}

}  // namespace mse::cli
