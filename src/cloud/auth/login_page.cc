#include "cloud/auth/login_page.h"

#include <utility>

namespace mse::cloud::auth {
namespace {

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}"
    "label,input,button{display:block;width:100%;box-sizing:border-box}"
    "input{margin:.25rem 0 1rem;padding:.5rem}button{padding:.6rem}"
    ".error{color:#a00}";

std::string PageStart(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width\">"
         "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
         HtmlEscape(title) + "</title><style>" + std::string(kStyle) + "</style></head><body>\n";
}

std::string Hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + HtmlEscape(name) + "\" value=\"" + HtmlEscape(value) + "\">\n";
}

// "http://host[:port]" of a redirect_uri that CheckLoopbackRedirectUri
// accepted (so it holds no ';', ',' or space that could end the directive).
std::string FormActionSource(std::string_view redirect_uri) {
  constexpr std::string_view kScheme = "http://";
  if (redirect_uri.substr(0, kScheme.size()) != kScheme) return "";
  const std::string_view rest = redirect_uri.substr(kScheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('[') != std::string_view::npos) return "http:";
  return std::string(kScheme) + std::string(authority);
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RenderLoginPage(const AuthorizeRequest& request, std::string_view email, std::string_view error) {
  std::string page = PageStart("Sign in - mse-cloud");
  page += "<h1>Sign in</h1>\n<p>to continue to <b>" + HtmlEscape(request.client_id) + "</b></p>\n";
  if (!error.empty()) page += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>\n";
  // A relative action posts back to this same /authorize, whatever prefix a
  // reverse proxy put in front of it.
  page += "<form method=\"post\" action=\"authorize\" autocomplete=\"on\">\n";
  for (const auto& [name, value] : AuthorizeRequestFields(request)) page += Hidden(name, value);
  page +=
      "<label for=\"email\">E-mail</label>\n"
      "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"" +
      HtmlEscape(email) + "\">\n";
  page +=
      "<label for=\"password\">Password</label>\n"
      "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
      "required>\n<button type=\"submit\">Sign in</button>\n</form>\n</body></html>\n";
  return page;
}

std::string RenderMessagePage(std::string_view title, std::string_view message) {
  return PageStart(std::string(title) + " - mse-cloud") + "<h1>" + HtmlEscape(title) + "</h1>\n<p>" +
         HtmlEscape(message) + "</p>\n</body></html>\n";
}

net::ServerResponse HtmlResponse(int status, std::string body, std::string_view redirect_uri) {
  net::ServerResponse response =
      net::ServerResponse::Text(status, std::move(body), "text/html; charset=utf-8");
  std::string policy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
  if (const std::string source = FormActionSource(redirect_uri); !source.empty()) policy += " " + source;
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  response.headers.emplace_back("Content-Security-Policy", policy);
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace mse::cloud::auth
