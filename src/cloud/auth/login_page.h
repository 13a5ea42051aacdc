// The HTML of mse-cloud's sign-in pages: a plain form, no script, every
// authorization parameter carried back in hidden inputs, every text escaped.
// Responses carry headers that forbid caching, framing and scripts.
#ifndef MSE_CLOUD_AUTH_LOGIN_PAGE_H_
#define MSE_CLOUD_AUTH_LOGIN_PAGE_H_

#include <string>
#include <string_view>

#include "cloud/auth/authorize_request.h"
#include "net/http_server.h"

namespace mse::cloud::auth {

// & < > " ' as character references: safe in text and in quoted attributes.
std::string HtmlEscape(std::string_view text);

// The sign-in form. `email` is put back in its field (the password never
// is); `error` is shown above the form when not empty.
std::string RenderLoginPage(const AuthorizeRequest& request, std::string_view email, std::string_view error);

// A page with a title and one paragraph (errors, "signed out").
std::string RenderMessagePage(std::string_view title, std::string_view message);

// text/html with Cache-Control: no-store, the Content-Security-Policy
// "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
// X-Frame-Options: DENY, X-Content-Type-Options: nosniff and
// Referrer-Policy: no-referrer.
//
// A login page passes the redirect_uri it will send the browser to:
// browsers apply form-action to the redirects that follow a form's
// submission, so that origin is added to form-action ("http:" for [::1],
// which CSP source expressions cannot name).
net::ServerResponse HtmlResponse(int status, std::string body, std::string_view redirect_uri = "");

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_LOGIN_PAGE_H_
