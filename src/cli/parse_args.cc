// ParseCommandArguments: the command's options parsed by CLI11 (whose
// exceptions stop here), then exclusive groups checked and defaults filled.
#include <CLI/CLI.hpp>
#include <list>

#include "cli/dispatch.h"
#include "cli/help.h"

namespace mse::cli {
namespace {

std::string Spelled(const CommandSpec& command) {
  std::string out = "mse";
  for (const auto& w : command.path) out += " " + w;
  return out;
}

std::vector<std::string> Spellings(const OptionSpec& option) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t comma = option.names.find(',', start);
    names.push_back(option.names.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

// Unknown options are reported by us so that we can suggest the right one.
Status CheckOptionNames(const CommandSpec& command, const std::vector<std::string>& arguments) {
  std::vector<std::string> known;
  for (const auto& o : command.options) {
    if (IsPositional(o)) continue;
    for (auto& n : Spellings(o)) known.push_back(n);
  }
  for (const auto& a : arguments) {
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-' || (a.size() > 1 && std::isdigit(static_cast<unsigned char>(a[1])))) {
      continue;
    }
    std::string name = a.substr(0, a.find('='));
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown option '" + name + "' for '" + Spelled(command) + "'";
    std::string s = Suggest(name, known);
    if (!s.empty()) message += "; did you mean '" + s + "'?";
    return UsageError(message + "\nRun '" + Spelled(command) + " --help' for its options.");
  }
  return Status::Ok();
}

Status CheckExclusiveGroups(const CommandSpec& command, const ParsedArgs& args) {
  for (const auto& group : command.exclusive) {
    std::vector<std::string> given;
    for (const auto& m : group.members) {
      if (args.IsExplicit(m)) given.push_back(m);
    }
    std::string names;
    for (const auto& m : group.members) names += (names.empty() ? "" : ", ") + ("--" + m);
    if (given.size() > 1) {
      return UsageError("options --" + given[0] + " and --" + given[1] + " cannot be used together (" +
                        "one of " + names + ")");
    }
    if (given.empty() && group.required) {
      return UsageError("'" + Spelled(command) + "' needs one of " + names);
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ParsedArgs> ParseCommandArguments(const CommandSpec& command,
                                           const std::vector<std::string>& arguments) {
  MSE_RETURN_IF_ERROR(CheckOptionNames(command, arguments));
  CLI::App app(command.help, Spelled(command));
  app.set_help_flag();  // help is handled by Dispatch from the table
  // Storage that CLI11 writes into; std::list keeps addresses stable.
  std::list<std::vector<std::string>> values;  // kPositionalMany
  std::list<std::string> singles;               // every other value
  std::list<bool> flags;
  std::vector<std::pair<const OptionSpec*, CLI::Option*>> bound;
  for (const auto& o : command.options) {
    CLI::Option* opt = nullptr;
    if (o.arity == Arity::kFlag) {
      opt = app.add_flag(o.names, flags.emplace_back(false), o.help);
    } else if (o.arity == Arity::kPositionalMany) {
      opt = app.add_option(o.names, values.emplace_back(), o.help)->required();
    } else {
      opt = app.add_option(o.names, singles.emplace_back(), o.help);
      if (o.arity == Arity::kPositional) opt->required();
    }
    bound.emplace_back(&o, opt);
  }
  try {
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return UsageError(std::string(e.what()) + "\nRun '" + Spelled(command) + " --help' for usage.");
  }
  ParsedArgs args;
  auto flag_it = flags.begin();
  auto value_it = values.begin();
  auto single_it = singles.begin();
  for (const auto& [spec, opt] : bound) {
    std::string key = CanonicalKey(*spec);
    if (spec->arity == Arity::kFlag) {
      if (*flag_it) {
        args.Set(key, {"true"});
        args.MarkExplicit(key);
      }
      ++flag_it;
      continue;
    }
    bool many = spec->arity == Arity::kPositionalMany;
    if (opt->count() > 0) {
      args.Set(key, many ? *value_it : std::vector<std::string>{*single_it});
      args.MarkExplicit(key);
    } else if (spec->required) {
      return UsageError("'" + Spelled(command) + "' needs " +
                        (IsPositional(*spec) ? spec->metavar : "--" + key + " " + spec->metavar) +
                        "\nRun '" + Spelled(command) + " --help' for usage.");
    } else if (!spec->default_value.empty()) {
      args.Set(key, {spec->default_value});
    }
    if (many) {
      ++value_it;
    } else {
      ++single_it;
    }
  }
  MSE_RETURN_IF_ERROR(CheckExclusiveGroups(command, args));
  return args;
}

}  // namespace mse::cli
