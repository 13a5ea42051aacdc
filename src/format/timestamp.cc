#include "format/timestamp.h"

#include <cstdio>
#include <ctime>

namespace mse::format {
namespace {

constexpr int64_t kMicros = 1'000'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::tm FieldsToTm(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  return tm;
}

// Parses exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Optional "Z" / "±HH[:]MM" suffix. Returns false on malformed suffix.
bool ParseOffset(std::string_view s, size_t& pos, std::optional<int32_t>& offset) {
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
    offset = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos++] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!Digits(s, pos, 2, hh)) return false;
  Expect(s, pos, ':');
  if (!Digits(s, pos, 2, mm) || hh > 23 || mm > 59) return false;
  offset = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

int64_t Timestamp::unix_seconds() const { return FloorDiv(unix_micros, kMicros); }

StatusOr<Timestamp> TimestampFromFields(int year, int month, int day, int hour, int minute, int second,
                                        int micros, std::optional<int32_t> utc_offset_minutes) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) ||
      hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0 || micros < 0 ||
      micros >= kMicros) {
    return InvalidArgumentError("not a valid calendar date and time");
  }
  std::tm tm = FieldsToTm(year, month, day, hour, minute, second);
  int64_t seconds;
  if (utc_offset_minutes) {
    seconds = static_cast<int64_t>(timegm(&tm)) - int64_t{*utc_offset_minutes} * 60;
  } else {
    seconds = static_cast<int64_t>(mktime(&tm));
  }
  return Timestamp{seconds * kMicros + micros, utc_offset_minutes};
}

Timestamp TimestampFromUnixSeconds(int64_t seconds) { return Timestamp{seconds * kMicros, 0}; }

StatusOr<Timestamp> ParseIsoTimestamp(std::string_view s) {
  auto bad = [&] {
    return InvalidArgumentError(
        "expected an ISO-8601 date and time such as "
        "'2024-03-14 00:00:00+00:00', found '" +
        std::string(s) + "'");
  };
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, micros = 0;
  if (!Digits(s, pos, 4, y) || !Expect(s, pos, '-') || !Digits(s, pos, 2, mo) || !Expect(s, pos, '-') ||
      !Digits(s, pos, 2, d)) {
    return bad();
  }
  std::optional<int32_t> offset;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return bad();
    ++pos;
    if (!Digits(s, pos, 2, h) || !Expect(s, pos, ':') || !Digits(s, pos, 2, mi)) return bad();
    if (Expect(s, pos, ':')) {
      if (!Digits(s, pos, 2, sec)) return bad();
      if (Expect(s, pos, '.')) {
        size_t start = pos;
        int scale = 100000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (pos - start < 6) micros += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return bad();
      }
    }
    if (!ParseOffset(s, pos, offset) || pos != s.size()) return bad();
  }
  auto t = TimestampFromFields(y, mo, d, h, mi, sec, micros, offset);
  if (!t.ok()) return bad();
  return t;
}

std::string FormatPythonTimestamp(const Timestamp& t) {
  int64_t seconds = t.unix_seconds();
  int64_t micros = t.unix_micros - seconds * kMicros;
  std::tm tm{};
  std::time_t wall;
  if (t.utc_offset_minutes) {
    wall = static_cast<std::time_t>(seconds + int64_t{*t.utc_offset_minutes} * 60);
    gmtime_r(&wall, &tm);
  } else {
    wall = static_cast<std::time_t>(seconds);
    localtime_r(&wall, &tm);
  }
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(buf, static_cast<size_t>(n));
  if (micros != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
    out += buf;
  }
  if (t.utc_offset_minutes) {
    int32_t off = *t.utc_offset_minutes;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, off / 60, off % 60);
    out += buf;
  }
  return out;
}

std::string FormatUtcIso(int64_t unix_micros) {
  int64_t seconds = FloorDiv(unix_micros, kMicros);
  int64_t micros = unix_micros - seconds * kMicros;
  std::time_t wall = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&wall, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf;
}

}  // namespace mse::format
