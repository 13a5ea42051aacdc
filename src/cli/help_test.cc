#include "cli/help.h"

#include <gtest/gtest.h>

#include "cli/command_table.h"

namespace mse::cli {
namespace {

const CommandSpec& Find(const std::vector<std::string>& path) {
  for (const auto& c : CommandTable()) {
    if (c.path == path) return c;
  }
  ADD_FAILURE() << "no command";
  return CommandTable().front();
}

// Every option of every command appears in its help, with its default.
TEST(HelpTest, EveryOptionAndDefaultListed) {
  for (const auto& command : CommandTable()) {
    std::string help = RenderCommandHelp(command);
    for (const auto& o : command.options) {
      std::string first = o.names.substr(0, o.names.find(','));
      std::string shown = IsPositional(o) ? o.metavar : first;
      EXPECT_NE(help.find(shown), std::string::npos) << shown << " missing from help of " << command.help;
      if (!o.default_value.empty()) {
        EXPECT_NE(help.find("(default: " + o.default_value + ")"), std::string::npos)
            << "default of " << first << " missing";
      }
    }
  }
}

TEST(HelpTest, SpawnHelpShowsDefaultsAndAliases) {
  std::string help = RenderCommandHelp(Find({"home", "spawn"}));
  EXPECT_NE(help.find("--days DAYS"), std::string::npos);
  EXPECT_NE(help.find("(default: 365)"), std::string::npos);
  EXPECT_NE(help.find("(default: 443)"), std::string::npos);
  EXPECT_NE(help.find("(default: the value of --host)"), std::string::npos);
  std::string seal = RenderCommandHelp(Find({"home", "seal"}));
  EXPECT_NE(seal.find("--input, --secrets FILE"), std::string::npos);
  EXPECT_NE(seal.find("--receiver-enclave, --cert RATLS_PEM"), std::string::npos);
}

TEST(HelpTest, TopHelpListsGroupsAndCommands) {
  std::string help = RenderTopHelp(CommandTable());
  for (const char* word : {"home commands", "cloud commands", "spawn", "deploy", "--color", "MSE_DEFAULT_ENV"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
}

TEST(HelpTest, GroupHelpListsNestedGroups) {
  std::string help = RenderGroupHelp(CommandTable(), {"home"});
  EXPECT_NE(help.find("sim"), std::string::npos);
  EXPECT_NE(help.find("verify"), std::string::npos);
}

TEST(SuggestTest, ClosestWithinTwoEdits) {
  EXPECT_EQ(Suggest("spwan", {"spawn", "stop"}), "spawn");
  EXPECT_EQ(Suggest("xyzzy", {"spawn", "stop"}), "");
  EXPECT_EQ(Suggest("scaff", {"scaffold", "seal"}), "scaffold");
}

}  // namespace
}  // namespace mse::cli
