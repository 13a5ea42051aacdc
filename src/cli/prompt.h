// Questions asked on the terminal (deploy's replace prompt, `cloud init`):
// the question on stderr, the answer read from CommandContext::Input().
#ifndef MSE_CLI_PROMPT_H_
#define MSE_CLI_PROMPT_H_

#include <functional>
#include <optional>
#include <string>

#include "cli/command_spec.h"

namespace mse::cli {

// One line without its line end and surrounding blanks. FailedPrecondition
// "no answer to '<question>': standard input is closed" at end of input.
StatusOr<std::string> AskLine(CommandContext& ctx, const std::string& question);

// Asks until the answer is yes/y or no/n (any case); an empty answer gives
// `default_answer` when set.
StatusOr<bool> AskYesNo(CommandContext& ctx, const std::string& question,
                        std::optional<bool> default_answer = std::nullopt);

// Asks "<label> [default]: " until `validate` accepts the answer (an empty
// answer means `default_value`, when there is one); each refusal is printed
// as a warning and the question asked again.
using Validator = std::function<Status(const std::string& answer)>;
StatusOr<std::string> AskValid(CommandContext& ctx, const std::string& label,
                               const std::string& default_value, const Validator& validate);

}  // namespace mse::cli

#endif  // MSE_CLI_PROMPT_H_
