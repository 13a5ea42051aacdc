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
Status RunHomePackage(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeList(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeStatus(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeLogs(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeStop(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeRestart(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeLocaltest(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeSpawn(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeEvidence(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeRun(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeTest(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeVerify(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeSimInit(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeSimExportRoot(const ParsedArgs& args, CommandContext& ctx);
Status RunHomeSimPccs(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudLogin(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudLogout(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudScaffold(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudInit(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudLocaltest(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudDeploy(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudVerify(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudContext(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudList(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudStatus(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudLogs(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudStop(const ParsedArgs& args, CommandContext& ctx);
Status RunCloudTest(const ParsedArgs& args, CommandContext& ctx);
Status RunAttestShow(const ParsedArgs& args, CommandContext& ctx);
Status RunAttestVerify(const ParsedArgs& args, CommandContext& ctx);

}  // namespace mse::cli

#endif  // MSE_CLI_COMMANDS_H_
