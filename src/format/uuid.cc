#include "format/uuid.h"

#include "base/encoding.h"

namespace mse::format {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<UuidBytes> ParseUuid(std::string_view text) {
  for (std::string_view prefix : {"urn:", "uuid:"}) {
    if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  }
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}') text = text.substr(1, text.size() - 2);
  UuidBytes out{};
  size_t digits = 0;
  for (char c : text) {
    if (c == '-') continue;
    int v = HexDigit(c);
    if (v < 0 || digits >= 32) return std::nullopt;
    out[digits / 2] = static_cast<uint8_t>(digits % 2 == 0 ? v << 4 : out[digits / 2] | v);
    ++digits;
  }
  if (digits != 32) return std::nullopt;
  return out;
}

std::optional<std::string> NormalizeUuid(std::string_view text) {
  auto bytes = ParseUuid(text);
  if (!bytes) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : *bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string NewRandomUuid(Random& random) {
  Bytes b = random.Generate(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

}  // namespace mse::format
