// Reading the form body of an OAuth request. The fields of these forms are
// passwords, codes, verifiers and refresh tokens: the parsed copy is wiped
// when it goes away.
#ifndef MSE_CLOUD_AUTH_SECRET_FORM_H_
#define MSE_CLOUD_AUTH_SECRET_FORM_H_

#include <initializer_list>
#include <optional>
#include <string_view>

#include "base/status.h"
#include "net/http_server.h"
#include "net/url_form.h"

namespace mse::cloud::auth {

// Parsed form fields, wiped on destruction. Not copyable, not movable.
class SecretForm {
 public:
  SecretForm() = default;
  ~SecretForm();
  SecretForm(const SecretForm&) = delete;
  SecretForm& operator=(const SecretForm&) = delete;

  // Parses the body of `request`. InvalidArgument when the Content-Type is
  // not application/x-www-form-urlencoded (parameters such as charset are
  // allowed) or when the body is not a valid form (net::ParseForm).
  Status ReadBody(const net::ServerRequest& request);
  // Parses a query string (GET /authorize). InvalidArgument as ParseForm.
  Status ReadQuery(std::string_view query);

  const net::FormFields& fields() const { return fields_; }
  std::optional<std::string_view> Find(std::string_view name) const {
    return net::FindFormField(fields_, name);
  }
  // The first of `names` that appears more than once, if any (RFC 6749 §3.1:
  // parameters must not repeat).
  std::optional<std::string_view> Repeated(std::initializer_list<std::string_view> names) const;

 private:
  Status Parse(std::string_view text);
  net::FormFields fields_;
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_SECRET_FORM_H_
