// mse home encrypt | decrypt | seal | unseal.
#include "cli/commands.h"

namespace mse::cli {

Status RunHomeEncrypt(const ParsedArgs&, CommandContext&) {
  return UnimplementedError("'mse home encrypt' is not available yet (planned in issue 3)");
}
Status RunHomeDecrypt(const ParsedArgs&, CommandContext&) {
  return UnimplementedError("'mse home decrypt' is not available yet (planned in issue 3)");
}
Status RunHomeSeal(const ParsedArgs&, CommandContext&) {
  return UnimplementedError("'mse home seal' is not available yet (planned in issue 3)");
}
Status RunHomeUnseal(const ParsedArgs&, CommandContext&) {
  return UnimplementedError("'mse home unseal' is not available yet (planned in issue 3)");
}

}  // namespace mse::cli
