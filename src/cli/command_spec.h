// The shape of one `mse` command: its words, options and handler. Every
// command lives in one table (command_table.cc); parsing, help, group
// resolution and "did you mean" are all derived from it.
#ifndef MSE_CLI_COMMAND_SPEC_H_
#define MSE_CLI_COMMAND_SPEC_H_

#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "base/terminal.h"

namespace mse::cli {

enum class Arity {
  kFlag,                // --remove
  kValue,               // --output DIR
  kPositional,          // NAME (exactly one)
  kPositionalOptional,  // [PROJECT]
  kPositionalMany,      // APP_ID... (one or more)
};

struct OptionSpec {
  std::string names;    // "--input,--secrets", "-f,--follow" or a positional's name
  std::string metavar;  // shown in help; positionals use it as their display name
  std::string help;
  Arity arity = Arity::kValue;
  bool required = false;
  std::string default_value;  // filled in when absent; shown as "(default: …)"
  std::string default_note;   // shown instead when the default is computed at run time
  std::vector<std::string> choices;
};

// Exactly one (required) or at most one (optional) of `members` may be given.
struct ExclusiveGroup {
  std::vector<std::string> members;  // canonical option keys
  bool required = true;
};

// Values given on the command line, keyed by the canonical name of the
// option (its first long spelling without dashes, or the positional's name).
class ParsedArgs {
 public:
  void Set(const std::string& key, std::vector<std::string> values) { values_[key] = std::move(values); }
  void MarkExplicit(const std::string& key) { explicit_[key] = true; }

  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  // True only when the user typed the option (not a default).
  bool IsExplicit(const std::string& key) const { return explicit_.count(key) > 0; }
  bool Flag(const std::string& key) const;
  std::optional<std::string> Get(const std::string& key) const;
  std::string GetOr(const std::string& key, const std::string& fallback) const;
  std::vector<std::string> GetAll(const std::string& key) const;
  // Integer value; error names the option and the text found.
  StatusOr<int64_t> GetInt(const std::string& key) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, bool> explicit_;
};

// What a command runs against: the environment, the terminal, and the
// process environment variables (injectable for tests).
struct CommandContext {
  Env env;
  Terminal* terminal;
  std::function<const char*(const char*)> getenv;
  std::istream* input = nullptr;  // answers to prompts, tokens; nullptr: std::cin

  std::istream& Input() const { return input != nullptr ? *input : std::cin; }

  // MSE_CONF_PATH (used as given, ~ expanded) or ~/.config/mse. Not created
  // here: commands create it (0700) when they write into it.
  std::string ConfPath() const;
  // ConfPath(), created with mode 0700 if missing; for commands that write there.
  StatusOr<std::string> EnsureConfPath() const;
};

using Handler = std::function<Status(const ParsedArgs&, CommandContext&)>;

struct CommandSpec {
  std::vector<std::string> path;  // {"home", "spawn"}, {"home", "sim", "init"}
  std::string help;
  std::vector<OptionSpec> options;
  std::vector<ExclusiveGroup> exclusive;
  Handler handler;          // empty: not available yet
  int pending_issue = 0;    // the issue that will bring it, when handler is empty
};

// Canonical key of an option spec ("--receiver-enclave,--cert" → "receiver-enclave").
std::string CanonicalKey(const OptionSpec& option);
bool IsPositional(const OptionSpec& option);

}  // namespace mse::cli

#endif  // MSE_CLI_COMMAND_SPEC_H_
