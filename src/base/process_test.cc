#include "base/process.h"

#include <gtest/gtest.h>

namespace mse {
namespace {

TEST(ProcessTest, ExitStatusAndEnvironment) {
  auto ok = RunProcess({{"/bin/sh", "-c", "test \"$MSE_X\" = 42"}, {{"MSE_X", "42"}}, ""});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 0);
  auto fail = RunProcess({{"/bin/sh", "-c", "exit 3"}, {}, ""});
  ASSERT_TRUE(fail.ok());
  EXPECT_EQ(*fail, 3);
}

TEST(ProcessTest, WorkingDirectory) {
  auto r = RunProcess({{"/bin/sh", "-c", "test \"$(pwd)\" = /tmp"}, {}, "/tmp"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0);
}

TEST(ProcessTest, MissingProgramIsAnError) {
  auto r = RunProcess({{"/nonexistent/program"}, {}, ""});
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace mse
