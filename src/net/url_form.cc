#include "net/url_form.h"

#include <algorithm>

#include "base/bytes.h"
#include "net/http_client.h"  // UrlDecode

namespace mse::net {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// '+' means space in a form; it must become one before percent-decoding so
// that "%2B" still decodes to a literal '+'.
// Forms carry passwords and codes: the intermediate copy is wiped.
StatusOr<std::string> DecodeFormComponent(std::string_view raw, std::string_view what) {
  // Each decoded byte takes at most three raw ones: refuse early what
  // cannot fit rather than copy it.
  if (raw.size() > 3 * kMaxFormFieldBytes) {
    return InvalidArgumentError("form field " + std::string(what) + " is longer than " +
                                std::to_string(kMaxFormFieldBytes) + " bytes");
  }
  std::string spaced(raw);
  std::replace(spaced.begin(), spaced.end(), '+', ' ');
  auto decoded = UrlDecode(spaced);
  WipeMemory(spaced.data(), spaced.size());
  if (!decoded.ok()) return decoded.status().WithContext("form field " + std::string(what));
  if (decoded->size() > kMaxFormFieldBytes) {
    return InvalidArgumentError("form field " + std::string(what) + " is longer than " +
                                std::to_string(kMaxFormFieldBytes) + " bytes");
  }
  return decoded;
}

}  // namespace

StatusOr<FormFields> ParseForm(std::string_view text) {
  FormFields fields;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = text.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    if (fields.size() == kMaxFormFields) {
      return InvalidArgumentError("form has more than " + std::to_string(kMaxFormFields) + " fields");
    }
    const size_t eq = piece.find('=');
    const std::string_view raw_name = piece.substr(0, eq);
    const std::string_view raw_value = eq == std::string_view::npos ? "" : piece.substr(eq + 1);
    const std::string position = "#" + std::to_string(fields.size() + 1);
    MSE_ASSIGN_OR_RETURN(std::string name, DecodeFormComponent(raw_name, position + " (name)"));
    MSE_ASSIGN_OR_RETURN(std::string value, DecodeFormComponent(raw_value, position + " (value)"));
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

std::string UrlEncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += UrlEncodeComponent(name);
    out.push_back('=');
    out += UrlEncodeComponent(value);
  }
  return out;
}

TargetParts SplitTarget(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return {std::string(target), ""};
  return {std::string(target.substr(0, q)), std::string(target.substr(q + 1))};
}

std::optional<std::string_view> FindFormField(const FormFields& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

size_t CountFormField(const FormFields& fields, std::string_view name) {
  return static_cast<size_t>(
      std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; }));
}

}  // namespace mse::net
