#include "cloud/router/host_name.h"

namespace mse::cloud::router {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

Status CheckLabel(std::string_view label) {
  if (label.empty()) return InvalidArgumentError("host name has an empty label");
  if (label.size() > kMaxLabelLength) {
    return InvalidArgumentError("host name label longer than " + std::to_string(kMaxLabelLength) +
                                " characters");
  }
  if (label.front() == '-' || label.back() == '-') {
    return InvalidArgumentError("host name label starts or ends with '-'");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> NormalizeHostName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return InvalidArgumentError("empty host name");
  if (name.size() > kMaxHostNameLength) {
    return InvalidArgumentError("host name longer than " + std::to_string(kMaxHostNameLength) +
                                " characters");
  }
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    char lower = LowerAscii(c);
    if (lower != '.' && !IsLabelChar(lower)) {
      // Never echo the byte itself: it may be a control character.
      return InvalidArgumentError("host name holds a character outside [A-Za-z0-9.-]");
    }
    out.push_back(lower);
  }
  size_t start = 0;
  bool last_all_digits = false;
  while (start <= out.size()) {
    size_t end = out.find('.', start);
    if (end == std::string::npos) end = out.size();
    std::string_view label(out.data() + start, end - start);
    MSE_RETURN_IF_ERROR(CheckLabel(label));
    last_all_digits = label.find_first_not_of("0123456789") == std::string_view::npos;
    start = end + 1;
  }
  if (last_all_digits) return InvalidArgumentError("host name ends with an all-digit label");
  return out;
}

}  // namespace mse::cloud::router
