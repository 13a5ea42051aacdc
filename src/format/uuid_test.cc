#include "format/uuid.h"

#include <gtest/gtest.h>

namespace mse::format {
namespace {

TEST(UuidTest, AcceptsTheSpellingsComparedByValue) {
  const std::string expected = "2f0c7f4e4b7a4c439a577d1e0b6f3a21";
  for (const char* text :
       {"2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "2F0C7F4E-4B7A-4C43-9A57-7D1E0B6F3A21",
        "{2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21}", "urn:uuid:2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
        "2f0c7f4e4b7a4c439a577d1e0b6f3a21"}) {
    EXPECT_EQ(NormalizeUuid(text).value_or("none"), expected) << text;
  }
  EXPECT_EQ(ParseUuid(expected)->at(0), 0x2f);
  EXPECT_EQ(ParseUuid(expected)->at(15), 0x21);
}

TEST(UuidTest, RefusesNonUuids) {
  for (const char* text :
       {"", "2f0c7f4e", "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a2", "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a211",
        "zf0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "{2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21"}) {
    EXPECT_FALSE(ParseUuid(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace mse::format
