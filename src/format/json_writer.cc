#include "format/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/encoding.h"
#include "base/json_depth.h"

namespace mse::format {
namespace {

using Json = nlohmann::ordered_json;

// Python's float repr: shortest round-trip digits, fixed notation when the
// decimal exponent is in [-4, 16), else d.ddde±XX (nlohmann switches at 15).
std::string PythonFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, end);  // e.g. "-1.25e+17"
  std::string sign = sci.front() == '-' ? "-" : "";
  size_t e = sci.find('e');
  std::string digits = sci.substr(sign.size(), e - sign.size());
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= 16) {
    std::string mantissa = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return sign + mantissa + tail;
  }
  if (exp < 0) return sign + "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  auto int_len = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_len) return sign + digits + std::string(int_len - digits.size(), '0') + ".0";
  return sign + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

std::string Scalar(const Json& value) {
  if (value.is_number_float()) return PythonFloat(value.get<double>());
  // nlohmann escapes like Python's ensure_ascii: lowercase \u00XX, surrogate
  // pairs, 0x7f escaped, '/' left alone.
  return value.dump(-1, ' ', /*ensure_ascii=*/true, Json::error_handler_t::replace);
}

// Compact-Python when !indent; otherwise indent-4 at nesting level `depth`.
void Write(const Json& value, size_t depth, bool indent, std::string& out) {
  bool is_object = value.is_object();
  if (!is_object && !value.is_array()) {
    out += Scalar(value);
    return;
  }
  if (value.empty()) {
    out += is_object ? "{}" : "[]";
    return;
  }
  out += is_object ? '{' : '[';
  std::string inner = indent ? "\n" + std::string(4 * (depth + 1), ' ') : "";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += indent ? "," : ", ";
    first = false;
    out += inner;
    if (is_object) out += Scalar(Json(it.key())) + ": ";
    Write(*it, depth + 1, indent, out);
  }
  if (indent) out += "\n" + std::string(4 * depth, ' ');
  out += is_object ? '}' : ']';
}

bool Truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<int64_t>() != 0;
  if (v.is_number_float()) return v.get<double>() != 0.0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return !v.empty();
}

}  // namespace

std::string DumpCompactPython(const Json& value) {
  std::string out;
  Write(value, 0, false, out);
  return out;
}

std::string DumpIndent4(const Json& value) {
  std::string out;
  Write(value, 0, true, out);
  return out;
}

StatusOr<Json> ParseJson(std::string_view text, std::string_view what) {
  MSE_RETURN_IF_ERROR(CheckJsonDepth(text, what));
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return InvalidArgumentError(std::string(what) + ": invalid JSON at byte " + std::to_string(e.byte) +
                                ": " + e.what());
  } catch (const Json::exception& e) {  // e.g. out_of_range for a huge number
    return InvalidArgumentError(std::string(what) + ": invalid JSON: " + e.what());
  }
}

std::string BuildConfigurationPayload(std::string_view uuid, const std::optional<Json>& app_secrets,
                                      std::optional<ByteView> sealed_secrets,
                                      std::optional<ByteView> code_secret_key,
                                      std::optional<std::string_view> ssl_private_key,
                                      std::optional<std::string_view> provider_signature) {
  Json body = Json::object();
  body["uuid"] = std::string(uuid);
  if (app_secrets && Truthy(*app_secrets)) body["app_secrets"] = *app_secrets;
  if (sealed_secrets && !sealed_secrets->empty()) {
    body["app_sealed_secrets"] = Base64UrlEncode(*sealed_secrets);
  }
  if (code_secret_key && !code_secret_key->empty()) {
    body["code_secret_key"] = HexEncode(*code_secret_key);
  }
  if (ssl_private_key && !ssl_private_key->empty()) {
    body["ssl_private_key"] = std::string(*ssl_private_key);
  }
  if (provider_signature && !provider_signature->empty()) {
    body["provider_signature"] = std::string(*provider_signature);
  }
  return DumpCompactPython(body);
}

}  // namespace mse::format
