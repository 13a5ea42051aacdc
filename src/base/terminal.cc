#include "base/terminal.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace mse {
namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kGreen = "\033[32m";
constexpr std::string_view kYellow = "\033[33m";
constexpr std::string_view kRed = "\033[31m";
constexpr std::string_view kCyan = "\033[36m";

Terminal* g_process_terminal = nullptr;

}  // namespace

StatusOr<ColorMode> ParseColorMode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  return UsageError("invalid value '" + std::string(text) +
                    "' for --color: expected never, always or auto");
}

bool ShouldUseColor(ColorMode mode, bool is_tty, const char* no_color_env) {
  switch (mode) {
    case ColorMode::kAlways: return true;
    case ColorMode::kNever: return false;
    case ColorMode::kAuto: return is_tty && (no_color_env == nullptr || *no_color_env == '\0');
  }
  return false;
}

void Terminal::ConfigureProcess(ColorMode mode) {
  bool err_tty = ::isatty(STDERR_FILENO) == 1;
  bool color = ShouldUseColor(mode, err_tty, std::getenv("NO_COLOR"));
  delete g_process_terminal;
  g_process_terminal = new Terminal(std::cout, std::cerr, color, err_tty);
}

Terminal& Terminal::Process() {
  if (g_process_terminal == nullptr) ConfigureProcess(ColorMode::kAuto);
  return *g_process_terminal;
}

void Terminal::Line(std::string_view color_code, std::string_view emoji,
                    std::string_view plain_prefix, std::string_view message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (color_) {
    if (!emoji.empty()) err_ << emoji << ' ';
    if (!color_code.empty()) {
      err_ << color_code << message << kReset << '\n';
    } else {
      err_ << message << '\n';
    }
  } else {
    err_ << plain_prefix << message << '\n';
  }
  err_.flush();
}

void Terminal::Info(std::string_view m) { Line("", "", "", m); }
void Terminal::Success(std::string_view m) { Line(kGreen, "✅", "", m); }
void Terminal::Advice(std::string_view m) { Line(kCyan, "💡", "hint: ", m); }
void Terminal::Warning(std::string_view m) { Line(kYellow, "⚠️ ", "warning: ", m); }
void Terminal::Error(std::string_view m) { Line(kRed, "❌", "error: ", m); }

void Terminal::Result(std::string_view text) {
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << text;
  out_.flush();
}

std::string FormatBytes(uint64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  if (unit == 0) {
    std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  }
  return buffer;
}

std::string FormatDuration(int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + "s";
  char buffer[32];
  if (seconds < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60));
  }
  return buffer;
}

ProgressBar::ProgressBar(Terminal& terminal, Clock& clock, std::string label, uint64_t total)
    : terminal_(terminal), clock_(clock), label_(std::move(label)), total_(total),
      start_nanos_(clock.NowUnixNanos()) {}

std::string ProgressBar::Render(uint64_t done, int64_t elapsed_nanos) const {
  constexpr int kWidth = 24;
  double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  if (fraction > 1.0) fraction = 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '=');
  if (filled < kWidth) bar += '>';
  bar.resize(kWidth, ' ');
  double seconds = static_cast<double>(elapsed_nanos) / 1e9;
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = label_ + " [" + bar + "] " + std::to_string(static_cast<int>(fraction * 100)) +
                     "% " + FormatBytes(done) + "/" + FormatBytes(total_);
  if (rate > 0) {
    line += " " + FormatBytes(static_cast<uint64_t>(rate)) + "/s";
    if (done < total_) {
      line += " ETA " + FormatDuration(static_cast<int64_t>(static_cast<double>(total_ - done) / rate));
    }
  }
  return line;
}

void ProgressBar::Update(uint64_t done) {
  done_ = done;
  if (!terminal_.interactive()) return;
  int64_t now = clock_.NowUnixNanos();
  if (now - last_draw_nanos_ < 100'000'000 && done < total_) return;
  last_draw_nanos_ = now;
  std::lock_guard<std::mutex> lock(terminal_.mutex());
  terminal_.err() << "\r\033[K" << Render(done, now - start_nanos_);
  terminal_.err().flush();
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  int64_t elapsed = clock_.NowUnixNanos() - start_nanos_;
  std::lock_guard<std::mutex> lock(terminal_.mutex());
  if (terminal_.interactive()) terminal_.err() << "\r\033[K";
  terminal_.err() << label_ << ": " << FormatBytes(done_) << " in "
                  << FormatDuration(elapsed / 1'000'000'000) << '\n';
  terminal_.err().flush();
}

Spinner::Spinner(Terminal& terminal, std::string label)
    : terminal_(terminal), label_(std::move(label)) {
  if (!terminal_.interactive()) {
    terminal_.Info(label_ + "...");
    return;
  }
  running_ = true;
  thread_ = std::thread([this] {
    static const char* kFrames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    for (int i = 0; running_; ++i) {
      {
        std::lock_guard<std::mutex> lock(terminal_.mutex());
        terminal_.err() << "\r\033[K" << kFrames[i % 10] << ' ' << label_;
        terminal_.err().flush();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

Spinner::~Spinner() { Stop(); }

void Spinner::Stop() {
  if (!running_.exchange(false)) return;
  thread_.join();
  std::lock_guard<std::mutex> lock(terminal_.mutex());
  terminal_.err() << "\r\033[K";
  terminal_.err().flush();
}

}  // namespace mse
