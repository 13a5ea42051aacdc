#include "cli/dispatch.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>

#include "cli/command_table.h"
#include "cli/help.h"
#include "cli/version.h"

namespace mse::cli {
namespace {

bool IsGroup(const std::string& word) {
  return std::any_of(std::begin(kGroups), std::end(kGroups), [&](const char* g) { return word == g; });
}

bool StartsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

// Groups (home, cloud) that have a command whose second word is `word`.
std::vector<std::string> GroupsHaving(const std::vector<CommandSpec>& table, const std::string& word) {
  std::vector<std::string> groups;
  for (const auto& c : table) {
    if (c.path.size() >= 2 && c.path[1] == word && c.path[0] != "attest" &&
        std::find(groups.begin(), groups.end(), c.path[0]) == groups.end()) {
      groups.push_back(c.path[0]);
    }
  }
  return groups;
}

std::vector<std::string> NextWords(const std::vector<CommandSpec>& table,
                                   const std::vector<std::string>& prefix) {
  std::vector<std::string> words;
  for (const auto& c : table) {
    if (c.path.size() > prefix.size() && StartsWith(c.path, prefix)) words.push_back(c.path[prefix.size()]);
  }
  return words;
}

std::string Spelled(const std::vector<std::string>& words) {
  std::string out = "mse";
  for (const auto& w : words) out += " " + w;
  return out;
}

Status UnknownWord(const std::vector<std::string>& prefix, const std::string& word,
                   const std::vector<std::string>& candidates) {
  std::string message = "unknown command '" +
                        (prefix.empty() ? word : Spelled(prefix) + " " + word) + "'";
  std::string suggestion = Suggest(word, candidates);
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  message += "\nRun '" + Spelled(prefix) + " --help' for the list of commands.";
  return UsageError(message);
}

// Chooses the group when the first word is not one.
StatusOr<std::string> ChooseGroup(const std::vector<CommandSpec>& table, const std::string& word,
                                  const char* default_env) {
  std::vector<std::string> groups = GroupsHaving(table, word);
  if (groups.size() == 1) return groups.front();
  if (groups.empty()) {
    std::vector<std::string> candidates(std::begin(kGroups), std::end(kGroups));
    for (const char* g : {"home", "cloud"}) {
      for (auto& w : NextWords(table, {g})) candidates.push_back(w);
    }
    return UnknownWord({}, word, candidates);
  }
  if (default_env == nullptr || *default_env == '\0') {
    return UsageError("'" + word + "' exists in both groups: run 'mse home " + word + "' or 'mse cloud " +
                      word + "', or set MSE_DEFAULT_ENV to home or cloud");
  }
  std::string env = default_env;
  if (env != "home" && env != "cloud") {
    return UsageError("MSE_DEFAULT_ENV must be 'home' or 'cloud', found '" + env + "'");
  }
  return env;
}

}  // namespace

StatusOr<GlobalOptions> ParseGlobalOptions(const std::vector<std::string>& args) {
  GlobalOptions options;
  size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      options.help = true;
    } else if (a == "--version") {
      options.version = true;
    } else if (a == "--color" || a.rfind("--color=", 0) == 0) {
      std::string value;
      if (a == "--color") {
        if (i + 1 >= args.size()) return UsageError("--color needs a value: never, always or auto");
        value = args[++i];
      } else {
        value = a.substr(8);
      }
      MSE_ASSIGN_OR_RETURN(options.color, ParseColorMode(value));
    } else {
      std::string message = "unknown option '" + a + "'";
      std::string s = Suggest(a, {"--help", "--version", "--color"});
      if (!s.empty()) message += "; did you mean '" + s + "'?";
      return UsageError(message + "\nRun 'mse --help' for usage.");
    }
  }
  options.rest.assign(args.begin() + static_cast<ptrdiff_t>(i), args.end());
  return options;
}

StatusOr<Resolution> Resolve(const std::vector<CommandSpec>& table,
                             const std::vector<std::string>& words, const char* default_env) {
  Resolution r;
  size_t i = 0;
  if (!words.empty() && IsGroup(words[0])) {
    r.prefix.push_back(words[0]);
    i = 1;
  } else if (!words.empty() && !words[0].empty() && words[0][0] != '-') {
    MSE_ASSIGN_OR_RETURN(std::string group, ChooseGroup(table, words[0], default_env));
    r.prefix.push_back(group);
  }
  // Walk deeper while the next word continues a known path.
  while (i < words.size()) {
    const std::string& w = words[i];
    if (!w.empty() && w[0] == '-') break;
    std::vector<std::string> next = NextWords(table, r.prefix);
    if (next.empty()) break;
    if (std::find(next.begin(), next.end(), w) == next.end()) return UnknownWord(r.prefix, w, next);
    r.prefix.push_back(w);
    ++i;
    for (const auto& c : table) {
      if (c.path == r.prefix) r.command = &c;
    }
    if (r.command != nullptr) break;
  }
  r.arguments.assign(words.begin() + static_cast<ptrdiff_t>(i), words.end());
  return r;
}

Status Dispatch(const std::vector<CommandSpec>& table, const std::vector<std::string>& rest,
                CommandContext& ctx) {
  Terminal& term = *ctx.terminal;
  if (rest.empty()) {
    term.err() << RenderTopHelp(table);
    return UsageError("a group and a command are required");
  }
  MSE_ASSIGN_OR_RETURN(Resolution r, Resolve(table, rest, ctx.getenv("MSE_DEFAULT_ENV")));
  bool wants_help = std::any_of(r.arguments.begin(), r.arguments.end(),
                                [](const std::string& a) { return a == "-h" || a == "--help"; });
  if (r.command == nullptr) {
    if (wants_help) {
      term.Result(RenderGroupHelp(table, r.prefix));
      return Status::Ok();
    }
    term.err() << RenderGroupHelp(table, r.prefix);
    return UsageError("'" + Spelled(r.prefix) + "' needs a command");
  }
  if (wants_help) {
    term.Result(RenderCommandHelp(*r.command));
    return Status::Ok();
  }
  MSE_ASSIGN_OR_RETURN(ParsedArgs args, ParseCommandArguments(*r.command, r.arguments));
  if (!r.command->handler) {
    return UnimplementedError("'" + Spelled(r.command->path) + "' is not available yet in mse " +
                              kMseVersion + " (" + PendingReason(*r.command) + ")");
  }
  return r.command->handler(args, ctx);
}

int ExitCodeFor(const Status& status) {
  if (status.ok()) return 0;
  if (status.code() == StatusCode::kUsage) return 2;
  if (status.code() == StatusCode::kCancelled) return 130;
  return 1;
}

}  // namespace mse::cli
