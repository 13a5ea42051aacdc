// Terminal output with the original CLI's levels: info, success, advice,
// warning, error. Results go to `out` (stdout); every diagnostic goes to `err`
// (stderr), so stdout carries only data (original-quirks ).
//
// Colour: --color never|always|auto. auto = the stream is a tty and NO_COLOR
// is unset or empty. Without colour, emoji are replaced by plain prefixes so
// logs stay greppable ("error: ", "warning: ", "hint: ").
// Spinner and progress bar are drawn only when stderr is a tty.
#ifndef MSE_BASE_TERMINAL_H_
#define MSE_BASE_TERMINAL_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

#include "base/env.h"
#include "base/status.h"

namespace mse {

enum class ColorMode { kAuto, kAlways, kNever };

StatusOr<ColorMode> ParseColorMode(std::string_view text);

// Decides colour for one stream: `is_tty` of that stream, `no_color_env` the
// value of NO_COLOR (nullptr when unset).
bool ShouldUseColor(ColorMode mode, bool is_tty, const char* no_color_env);

class Terminal {
 public:
  Terminal(std::ostream& out, std::ostream& err, bool color, bool err_is_tty)
      : out_(out), err_(err), color_(color), err_is_tty_(err_is_tty) {}

  // Terminal on the process's stdout/stderr with the given colour mode.
  static Terminal& Process();
  static void ConfigureProcess(ColorMode mode);

  void Info(std::string_view message);
  void Success(std::string_view message);
  void Advice(std::string_view message);
  void Warning(std::string_view message);
  void Error(std::string_view message);
  // Raw result text on stdout (no decoration, no newline added).
  void Result(std::string_view text);

  bool color() const { return color_; }
  bool interactive() const { return err_is_tty_; }
  std::ostream& err() { return err_; }
  std::mutex& mutex() { return mutex_; }

 private:
  void Line(std::string_view color_code, std::string_view emoji, std::string_view plain_prefix,
            std::string_view message);

  std::ostream& out_;
  std::ostream& err_;
  bool color_;
  bool err_is_tty_;
  std::mutex mutex_;
};

// "12.3 MiB" style sizes and "1m05s" durations for progress lines.
std::string FormatBytes(uint64_t bytes);
std::string FormatDuration(int64_t seconds);

// A byte progress bar: "label [=====>    ]  45% 1.2 GiB/2.0 GiB 310 MiB/s ETA 3s".
// Redrawn at most 10 times a second, only on a tty; Finish() prints a final
// summary line in every case.
class ProgressBar {
 public:
  ProgressBar(Terminal& terminal, Clock& clock, std::string label, uint64_t total);
  void Update(uint64_t done);
  void Finish();
  // The text of the bar for `done` bytes at `elapsed_nanos` (exposed for tests).
  std::string Render(uint64_t done, int64_t elapsed_nanos) const;

 private:
  Terminal& terminal_;
  Clock& clock_;
  std::string label_;
  uint64_t total_;
  int64_t start_nanos_;
  int64_t last_draw_nanos_ = 0;
  uint64_t done_ = 0;
  bool finished_ = false;
};

// A spinner for waits of unknown length: animated on a tty by a background
// thread, otherwise the label is printed once. Stop() (or the destructor)
// clears the line.
class Spinner {
 public:
  Spinner(Terminal& terminal, std::string label);
  ~Spinner();
  Spinner(const Spinner&) = delete;
  Spinner& operator=(const Spinner&) = delete;
  void Stop();

 private:
  Terminal& terminal_;
  std::string label_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace mse

#endif  // MSE_BASE_TERMINAL_H_
