#include "base/terminal.h"

#include <sstream>

#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse {
namespace {

TEST(ColorTest, NeverMeansNoColorEvenOnTty) {
  EXPECT_FALSE(ShouldUseColor(ColorMode::kNever, true, nullptr));
}

TEST(ColorTest, AutoFollowsTtyAndNoColor) {
  EXPECT_TRUE(ShouldUseColor(ColorMode::kAuto, true, nullptr));
  EXPECT_FALSE(ShouldUseColor(ColorMode::kAuto, false, nullptr));
  EXPECT_FALSE(ShouldUseColor(ColorMode::kAuto, true, "1"));
  EXPECT_TRUE(ShouldUseColor(ColorMode::kAuto, true, ""));  // empty NO_COLOR = unset
  EXPECT_TRUE(ShouldUseColor(ColorMode::kAlways, false, "1"));
}

TEST(ColorTest, ParseColorMode) {
  EXPECT_EQ(*ParseColorMode("never"), ColorMode::kNever);
  EXPECT_EQ(*ParseColorMode("always"), ColorMode::kAlways);
  EXPECT_EQ(*ParseColorMode("auto"), ColorMode::kAuto);
  EXPECT_EQ(ParseColorMode("sometimes").status().code(), StatusCode::kUsage);
}

TEST(TerminalTest, WithoutColorNoEscapeAndPlainPrefixes) {
  std::ostringstream out, err;
  Terminal t(out, err, /*color=*/false, /*err_is_tty=*/false);
  t.Error("boom");
  t.Warning("careful");
  t.Success("done");
  t.Advice("try this");
  EXPECT_EQ(err.str(), "error: boom\nwarning: careful\ndone\nhint: try this\n");
  EXPECT_EQ(err.str().find('\033'), std::string::npos);
  EXPECT_TRUE(out.str().empty()) << "diagnostics must not reach stdout";
}

TEST(TerminalTest, WithColorUsesEscapesAndEmoji) {
  std::ostringstream out, err;
  Terminal t(out, err, /*color=*/true, /*err_is_tty=*/true);
  t.Error("boom");
  EXPECT_NE(err.str().find("\033[31m"), std::string::npos);
  EXPECT_NE(err.str().find("❌"), std::string::npos);
}

TEST(TerminalTest, ResultGoesToStdoutVerbatim) {
  std::ostringstream out, err;
  Terminal t(out, err, false, false);
  t.Result("raw\x01bytes");
  EXPECT_EQ(out.str(), "raw\x01bytes");
  EXPECT_TRUE(err.str().empty());
}

TEST(ProgressBarTest, NotDrawnWithoutTtyButSummarised) {
  std::ostringstream out, err;
  Terminal t(out, err, false, /*err_is_tty=*/false);
  FakeClock clock;
  ProgressBar bar(t, clock, "encrypting", 1000);
  bar.Update(500);
  EXPECT_TRUE(err.str().empty());
  bar.Update(1000);
  bar.Finish();
  EXPECT_EQ(err.str().find('\r'), std::string::npos);
  EXPECT_NE(err.str().find("encrypting: 1000 B"), std::string::npos);
}

TEST(ProgressBarTest, RenderShowsPercentRateAndEta) {
  std::ostringstream out, err;
  Terminal t(out, err, false, true);
  FakeClock clock;
  ProgressBar bar(t, clock, "upload", 4 * 1024 * 1024);
  std::string line = bar.Render(1024 * 1024, 1'000'000'000);  // 1 MiB in 1 s
  EXPECT_NE(line.find("25%"), std::string::npos) << line;
  EXPECT_NE(line.find("1.0 MiB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 3s"), std::string::npos) << line;
}

TEST(ProgressBarTest, DrawnOnTty) {
  std::ostringstream out, err;
  Terminal t(out, err, false, /*err_is_tty=*/true);
  FakeClock clock;
  ProgressBar bar(t, clock, "x", 10);
  clock.SleepMillis(200);
  bar.Update(5);
  EXPECT_NE(err.str().find('\r'), std::string::npos);
}

TEST(FormatTest, BytesAndDurations) {
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatDuration(5), "5s");
  EXPECT_EQ(FormatDuration(65), "1m05s");
  EXPECT_EQ(FormatDuration(3700), "1h01m");
}

}  // namespace
}  // namespace mse
