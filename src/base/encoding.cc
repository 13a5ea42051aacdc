#include "base/encoding.h"

#include <array>

namespace mse {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Encode64(ByteView data, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = data[i] << 16;
    if (rest == 2) v |= data[i + 1] << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Values 0..63 for both alphabets ('+' '-' → 62, '/' '_' → 63), -1 otherwise.
int Value64(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Decodes a sequence of 6-bit values (padding already removed).
StatusOr<Bytes> DecodeSextets(const std::vector<int>& values) {
  if (values.size() % 4 == 1) {
    return InvalidArgumentError("invalid base64 length: " + std::to_string(values.size()) +
                                " significant characters");
  }
  Bytes out;
  out.reserve(values.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (int v : values) {
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

std::string HexEncode(ByteView data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 15];
  }
  return out;
}

StatusOr<Bytes> HexDecode(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' && high < 0) continue;  // spaces allowed between bytes only
    int v = HexValue(c);
    if (v < 0) {
      return InvalidArgumentError("invalid hex character '" + std::string(1, c) +
                                  "' at offset " + std::to_string(i));
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return InvalidArgumentError("invalid hex: odd number of digits");
  return out;
}

StatusOr<SecretBytes> HexDecodeSecret(std::string_view text) {
  size_t digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' && digits % 2 == 0) continue;
    if (HexValue(text[i]) < 0) {
      return InvalidArgumentError("invalid hex digit at offset " + std::to_string(i));
    }
    ++digits;
  }
  if (digits % 2 != 0) return InvalidArgumentError("invalid hex: odd number of digits");
  SecretBytes out(digits / 2);
  size_t n = 0;
  int high = -1;
  for (char c : text) {
    if (c == ' ' && high < 0) continue;
    if (high < 0) {
      high = HexValue(c);
    } else {
      out.data()[n++] = static_cast<uint8_t>(high << 4 | HexValue(c));
      high = -1;
    }
  }
  return out;
}

std::string Base64Encode(ByteView data) { return Encode64(data, kStd, true); }
std::string Base64UrlEncode(ByteView data) { return Encode64(data, kUrl, false); }
std::string Base64UrlEncodePadded(ByteView data) { return Encode64(data, kUrl, true); }

StatusOr<Bytes> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return InvalidArgumentError("invalid base64: length " + std::to_string(text.size()) +
                                " is not a multiple of 4");
  }
  size_t end = text.size();
  while (end > 0 && text.size() - end < 2 && text[end - 1] == '=') --end;
  std::vector<int> values;
  values.reserve(end);
  for (size_t i = 0; i < end; ++i) {
    int v = (text[i] == '-' || text[i] == '_') ? -1 : Value64(text[i]);
    if (v < 0) {
      return InvalidArgumentError("invalid base64 character '" + std::string(1, text[i]) +
                                  "' at offset " + std::to_string(i));
    }
    values.push_back(v);
  }
  return DecodeSextets(values);
}

StatusOr<Bytes> Base64UrlDecode(std::string_view text) {
  std::vector<int> values;
  values.reserve(text.size());
  for (char c : text) {
    if (c == '=') break;  // padding ends the data, as Python's decoder
    int v = Value64(c);
    if (v >= 0) values.push_back(v);  // other bytes ignored (lenient, spec §1)
  }
  return DecodeSextets(values);
}

}  // namespace mse
