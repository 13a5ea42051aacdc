#include "cli/help.h"

#include <algorithm>
#include <set>

#include "cli/version.h"

namespace mse::cli {
namespace {

constexpr size_t kColumn = 32;

std::string JoinWords(const std::vector<std::string>& words, size_t count) {
  std::string out = "mse";
  for (size_t i = 0; i < count && i < words.size(); ++i) out += " " + words[i];
  return out;
}

std::string Pad(std::string left, const std::string& right) {
  left = "  " + left;
  if (left.size() + 2 > kColumn) return left + "\n" + std::string(kColumn, ' ') + right + "\n";
  left.resize(kColumn, ' ');
  return left + right + "\n";
}

std::string OptionLabel(const OptionSpec& o) {
  std::string label;
  size_t start = 0;
  while (true) {
    size_t comma = o.names.find(',', start);
    if (!label.empty()) label += ", ";
    label += o.names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (o.arity == Arity::kValue) label += " " + o.metavar;
  return label;
}

std::string OptionDescription(const OptionSpec& o) {
  std::string text = o.help;
  if (o.required && o.arity == Arity::kValue) text += " [required]";
  if (!o.default_value.empty()) text += " (default: " + o.default_value + ")";
  if (!o.default_note.empty()) text += " (default: " + o.default_note + ")";
  return text;
}

std::string PositionalLabel(const OptionSpec& o) {
  switch (o.arity) {
    case Arity::kPositionalOptional: return "[" + o.metavar + "]";
    case Arity::kPositionalMany: return o.metavar + "...";
    default: return o.metavar;
  }
}

// Leaf names directly under `prefix` (the next word of every longer path).
std::vector<std::pair<std::string, std::string>> Children(const std::vector<CommandSpec>& table,
                                                          const std::vector<std::string>& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> seen;
  for (const auto& c : table) {
    if (c.path.size() <= prefix.size()) continue;
    if (!std::equal(prefix.begin(), prefix.end(), c.path.begin())) continue;
    const std::string& word = c.path[prefix.size()];
    if (!seen.insert(word).second) continue;
    bool leaf = c.path.size() == prefix.size() + 1;
    out.emplace_back(word, leaf ? c.help : "(" + word + " commands)");
  }
  return out;
}

}  // namespace

std::string PendingReason(const CommandSpec& command) {
  if (command.pending_issue != 0) return "planned in issue " + std::to_string(command.pending_issue);
  return "the cloud flow and its backend come later";
}

std::string CommandUsageLine(const CommandSpec& command) {
  std::string line = "usage: " + JoinWords(command.path, command.path.size()) + " [-h]";
  for (const auto& o : command.options) {
    if (IsPositional(o)) continue;
    std::string label = o.names.substr(0, o.names.find(','));
    if (o.arity == Arity::kValue) label += " " + o.metavar;
    line += o.required ? " " + label : " [" + label + "]";
  }
  for (const auto& o : command.options) {
    if (IsPositional(o)) line += " " + PositionalLabel(o);
  }
  return line;
}

std::string RenderCommandHelp(const CommandSpec& command) {
  std::string out = CommandUsageLine(command) + "\n\n" + command.help + "\n";
  bool any_positional = std::any_of(command.options.begin(), command.options.end(), IsPositional);
  if (any_positional) {
    out += "\narguments:\n";
    for (const auto& o : command.options) {
      if (IsPositional(o)) out += Pad(PositionalLabel(o), o.help);
    }
  }
  out += "\noptions:\n";
  out += Pad("-h, --help", "show this help and exit");
  for (const auto& o : command.options) {
    if (!IsPositional(o)) out += Pad(OptionLabel(o), OptionDescription(o));
  }
  for (const auto& group : command.exclusive) {
    std::string names;
    for (const auto& m : group.members) names += (names.empty() ? "" : ", ") + std::string("--") + m;
    out += "\n" + std::string(group.required ? "exactly one of " : "at most one of ") + names +
           (group.required ? " is required" : " may be given") + ".\n";
  }
  if (command.handler == nullptr) {
    out += "\nnote: this command is not available yet in mse " + std::string(kMseVersion) + " (" +
           PendingReason(command) + ").\n";
  }
  return out;
}

std::string RenderGroupHelp(const std::vector<CommandSpec>& table,
                            const std::vector<std::string>& prefix) {
  std::string out = "usage: " + JoinWords(prefix, prefix.size()) + " [-h] COMMAND ...\n\ncommands:\n";
  for (const auto& [word, help] : Children(table, prefix)) out += Pad(word, help);
  out += "\nRun '" + JoinWords(prefix, prefix.size()) + " COMMAND --help' for the options of a command.\n";
  return out;
}

std::string RenderTopHelp(const std::vector<CommandSpec>& table) {
  std::string out = "usage: mse [-h] [--version] [--color WHEN] GROUP COMMAND ...\n\n";
  out += "Microservice Encryption CLI " + std::string(kMseVersion) +
         ": run a Python web microservice in an SGX enclave, attested end to end.\n\n";
  out += "options:\n";
  out += Pad("-h, --help", "show this help and exit");
  out += Pad("--version", "print the version and exit");
  out += Pad("--color WHEN", "never, always or auto: colour only on a terminal, off when NO_COLOR is set (default: auto)");
  for (const char* group : {"home", "cloud", "attest"}) {
    out += "\n" + std::string(group) + " commands:\n";
    for (const auto& [word, help] : Children(table, {group})) out += Pad(word, help);
  }
  out += "\nA command that exists in one group only may be given without the group word (mse login).\n";
  out += "\nenvironment:\n";
  out += Pad("MSE_DEFAULT_ENV", "home or cloud: the group used when a command exists in both");
  out += Pad("MSE_CONF_PATH", "configuration directory (default: ~/.config/mse)");
  out += Pad("MSE_BACKTRACE", "full: print where an error came from");
  out += Pad("NO_COLOR", "disable colours with --color auto");
  return out;
}

namespace {
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;  // more than 2 edits away is not a typo
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (word.size() >= 3 && c.rfind(word, 0) == 0) d = std::min<size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace mse::cli
