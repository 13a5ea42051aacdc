#include "cloud/auth/secret_form.h"

#include "base/bytes.h"

namespace mse::cloud::auth {
namespace {

void Wipe(std::string& s) { WipeMemory(s.data(), s.size()); }

bool IsFormContentType(std::string_view value) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  const std::string_view media = value.substr(0, value.find(';'));
  size_t begin = 0, end = media.size();
  while (begin < end && media[begin] == ' ') ++begin;
  while (end > begin && media[end - 1] == ' ') --end;
  if (end - begin != kForm.size()) return false;
  for (size_t i = 0; i < kForm.size(); ++i) {
    char c = media[begin + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kForm[i]) return false;
  }
  return true;
}

}  // namespace

SecretForm::~SecretForm() {
  for (auto& [name, value] : fields_) {
    Wipe(name);
    Wipe(value);
  }
}

Status SecretForm::Parse(std::string_view text) {
  auto parsed = net::ParseForm(text);
  if (!parsed.ok()) return parsed.status();
  fields_ = std::move(*parsed);
  return Status::Ok();
}

Status SecretForm::ReadBody(const net::ServerRequest& request) {
  const auto type = request.Header("Content-Type");
  if (!type || !IsFormContentType(*type)) {
    return InvalidArgumentError("the body must be application/x-www-form-urlencoded");
  }
  return Parse(request.body);
}

Status SecretForm::ReadQuery(std::string_view query) { return Parse(query); }

std::optional<std::string_view> SecretForm::Repeated(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) {
    if (net::CountFormField(fields_, name) > 1) return name;
  }
  return std::nullopt;
}

}  // namespace mse::cloud::auth
