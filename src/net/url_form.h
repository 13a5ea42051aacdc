// application/x-www-form-urlencoded bodies and URL query strings (the
// WHATWG URL standard's "urlencoded" format; RFC 3986 percent-encoding), as
// mse-cloud's OAuth endpoints receive them (docs/cloud-backend.md).
#ifndef MSE_NET_URL_FORM_H_
#define MSE_NET_URL_FORM_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mse::net {

// Fields in their order of appearance; a name may repeat.
using FormFields = std::vector<std::pair<std::string, std::string>>;

// Limits of ParseForm: a form is input from anyone, so it is bounded.
inline constexpr size_t kMaxFormFields = 256;
inline constexpr size_t kMaxFormFieldBytes = 8 * 1024;  // per decoded name or value

// Splits on '&' (empty pieces are skipped), then each piece on its first
// '=' (no '=': the value is empty); '+' is a space and %XX a byte (either
// hex case). The decoded bytes are returned as they are (no UTF-8 check).
// InvalidArgument for a bad percent-escape, more than kMaxFormFields
// fields, or a decoded name or value longer than kMaxFormFieldBytes.
StatusOr<FormFields> ParseForm(std::string_view text);

// "name=value&…" with every name and value through UrlEncodeComponent, so
// ParseForm(FormEncode(f)) == f for any bytes.
std::string FormEncode(const FormFields& fields);

// Percent-encodes every byte except RFC 3986's unreserved characters
// (A–Z a–z 0–9 - . _ ~), as %XX with upper-case hex: safe in a query, a form,
// and a path segment.
std::string UrlEncodeComponent(std::string_view text);

struct TargetParts {
  std::string path;   // before the first '?' (the whole target when none)
  std::string query;  // after it, without the '?' ("" when none)
};

// "/path?query" → {"/path", "query"}. Nothing is decoded.
TargetParts SplitTarget(std::string_view target);

// The value of the first field called `name`, if any.
std::optional<std::string_view> FindFormField(const FormFields& fields, std::string_view name);

// How many fields are called `name` (OAuth refuses repeated parameters).
size_t CountFormField(const FormFields& fields, std::string_view name);

}  // namespace mse::net

#endif  // MSE_NET_URL_FORM_H_
