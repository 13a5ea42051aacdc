#include "cli/prompt.h"

#include <algorithm>

namespace mse::cli {
namespace {

std::string Trim(std::string s) {
  size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(start, end - start + 1);
}

}  // namespace

StatusOr<std::string> AskLine(CommandContext& ctx, const std::string& question) {
  {
    std::lock_guard<std::mutex> lock(ctx.terminal->mutex());
    ctx.terminal->err() << question << std::flush;
  }
  std::string line;
  if (!std::getline(ctx.Input(), line)) {
    std::lock_guard<std::mutex> lock(ctx.terminal->mutex());
    ctx.terminal->err() << "\n";
    return FailedPreconditionError("no answer to '" + Trim(question) + "': standard input is closed");
  }
  return Trim(line);
}

StatusOr<bool> AskYesNo(CommandContext& ctx, const std::string& question,
                        std::optional<bool> default_answer) {
  while (true) {
    MSE_ASSIGN_OR_RETURN(std::string answer, AskLine(ctx, question));
    std::transform(answer.begin(), answer.end(), answer.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (answer == "yes" || answer == "y") return true;
    if (answer == "no" || answer == "n") return false;
    if (answer.empty() && default_answer) return *default_answer;
    ctx.terminal->Warning("please answer yes or no");
  }
}

StatusOr<std::string> AskValid(CommandContext& ctx, const std::string& label,
                               const std::string& default_value, const Validator& validate) {
  const std::string question = label + (default_value.empty() ? "" : " [" + default_value + "]") + ": ";
  while (true) {
    MSE_ASSIGN_OR_RETURN(std::string answer, AskLine(ctx, question));
    if (answer.empty()) answer = default_value;
    Status s = validate(answer);
    if (s.ok()) return answer;
    ctx.terminal->Warning(s.message());
  }
}

}  // namespace mse::cli
