// GET/POST /authorize and /logout; the token and revocation endpoints are in
// token_endpoint.cc.
#include "cloud/auth/oauth_server.h"

#include <algorithm>
#include <utility>

#include "cloud/auth/login_page.h"
#include "cloud/auth/oauth_errors.h"
#include "cloud/auth/opaque_token.h"
#include "cloud/auth/secret_form.h"
#include "crypto/password.h"

namespace mse::cloud::auth {
namespace {

constexpr size_t kMaxEmail = 254;  // RFC 5321's path limit, less the brackets
constexpr std::string_view kBadCredentials = "Wrong e-mail or password.";

net::ServerResponse MessagePage(int status, std::string_view title, std::string_view message) {
  return HtmlResponse(status, RenderMessagePage(title, message));
}

net::ServerResponse StorePage(const Status& status) {
  if (status.code() == StatusCode::kUnavailable) {
    return MessagePage(503, "Unavailable", "The service is unavailable. Try again in a moment.");
  }
  return MessagePage(500, "Internal error", "The sign-in failed because of an internal error.");
}

net::ServerResponse Redirect(std::string location) {
  net::ServerResponse response;
  response.status = 302;
  response.headers.emplace_back("Location", std::move(location));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// RFC 6749 §4.1.2.1: a bad client_id or redirect_uri is shown to the user
// (never redirected); any other error goes back to the client.
net::ServerResponse AuthorizeError(const AuthorizeCheck& check) {
  if (!check.redirectable) {
    return MessagePage(400, "Invalid sign-in request", check.error->description);
  }
  net::FormFields params = {{"error", check.error->error}, {"error_description", check.error->description}};
  if (!check.request.state.empty()) params.emplace_back("state", check.request.state);
  return Redirect(RedirectWithParameters(check.request.redirect_uri, params));
}

// Lowercase, without surrounding spaces; "" when it cannot be an address.
std::string NormalizeEmail(std::string_view email) {
  while (!email.empty() && email.front() == ' ') email.remove_prefix(1);
  while (!email.empty() && email.back() == ' ') email.remove_suffix(1);
  if (email.empty() || email.size() > kMaxEmail) return "";
  std::string out;
  for (char c : email) {
    if (c <= 0x20 || c > 0x7e) return "";
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<OAuthServer>> OAuthServer::New(OAuthServerOptions options, Store& store, Env env) {
  if (options.code_ttl_seconds <= 0)
    return InvalidArgumentError("OAuth server: the code lifetime must be positive");
  MSE_ASSIGN_OR_RETURN(std::unique_ptr<TokenService> tokens,
                       TokenService::New(std::move(options.tokens), store, env));
  return std::unique_ptr<OAuthServer>(new OAuthServer(std::move(options), std::move(tokens), store, env));
}

OAuthServer::OAuthServer(OAuthServerOptions options, std::unique_ptr<TokenService> tokens, Store& store,
                         Env env)
    : code_ttl_seconds_(options.code_ttl_seconds),
      tokens_(std::move(tokens)),
      store_(store),
      clock_(*env.clock),
      random_(*env.random),
      email_limiter_(*env.clock, options.rate_limit),
      address_limiter_(*env.clock, options.rate_limit) {}

const std::string& OAuthServer::DummyHash() {
  std::call_once(dummy_once_, [this] {
    // On failure (out of memory) it stays "", which VerifyPassword refuses
    // at once: a timing difference, never an accepted login.
    auto hash = crypto::HashPassword(NewOpaqueToken(random_));
    if (hash.ok()) dummy_hash_ = std::move(*hash);
  });
  return dummy_hash_;
}

std::optional<net::ServerResponse> OAuthServer::Dispatch(const net::ServerRequest& request) {
  const std::string path = net::SplitTarget(request.target).path;
  const bool get = request.method == "GET", post = request.method == "POST";
  auto not_allowed = [](std::string allow) {
    net::ServerResponse response = net::ServerResponse::Text(405, "method not allowed\n");
    response.headers.emplace_back("Allow", std::move(allow));
    return response;
  };
  if (path == "/authorize") {
    if (get) return HandleAuthorizeGet(request);
    if (post) return HandleAuthorizePost(request);
    return not_allowed("GET, POST");
  }
  if (path == "/logout") return get || post ? HandleLogout(request) : not_allowed("GET, POST");
  if (path == "/oauth/token") return post ? HandleToken(request) : not_allowed("POST");
  if (path == "/oauth/revoke") return post ? HandleRevoke(request) : not_allowed("POST");
  return std::nullopt;
}

net::ServerResponse OAuthServer::HandleAuthorizeGet(const net::ServerRequest& request) {
  SecretForm query;
  if (!query.ReadQuery(net::SplitTarget(request.target).query).ok()) {
    return MessagePage(400, "Invalid sign-in request", "The sign-in link is malformed.");
  }
  const AuthorizeCheck check = CheckAuthorizeRequest(query.fields());
  if (check.error) return AuthorizeError(check);
  return HtmlResponse(200, RenderLoginPage(check.request, "", ""), check.request.redirect_uri);
}

net::ServerResponse OAuthServer::HandleAuthorizePost(const net::ServerRequest& request) {
  SecretForm form;
  Status read = form.ReadBody(request);
  if (!read.ok()) return MessagePage(400, "Invalid sign-in request", read.message());
  const AuthorizeCheck check = CheckAuthorizeRequest(form.fields());
  if (check.error) return AuthorizeError(check);
  if (form.Repeated({"email", "password"})) {
    return MessagePage(400, "Invalid sign-in request", "The form repeats a field.");
  }
  return SignIn(check.request, form.Find("email").value_or(""), form.Find("password").value_or(""),
                request.remote_address);
}

net::ServerResponse OAuthServer::SignIn(const AuthorizeRequest& request, std::string_view email,
                                        std::string_view password, const std::string& address) {
  const std::string normalized = NormalizeEmail(email);
  if (normalized.empty() || password.empty()) {
    return HtmlResponse(400, RenderLoginPage(request, email, "Enter your e-mail address and password."),
                        request.redirect_uri);
  }
  const int64_t wait =
      std::max(email_limiter_.LockedSeconds(normalized), address_limiter_.LockedSeconds(address));
  if (wait > 0) {
    net::ServerResponse response =
        HtmlResponse(429,
                     RenderLoginPage(request, normalized,
                                     "Too many failed sign-in attempts. Try again in " +
                                         std::to_string(wait) + " seconds."),
                     request.redirect_uri);
    response.headers.emplace_back("Retry-After", std::to_string(wait));
    return response;
  }
  User user;
  if (auto page = CheckCredentials(request, normalized, password, address, &user)) return std::move(*page);
  email_limiter_.Reset(normalized);
  return IssueCode(request, user);
}

std::optional<net::ServerResponse> OAuthServer::CheckCredentials(const AuthorizeRequest& request,
                                                                 std::string_view email,
                                                                 std::string_view password,
                                                                 const std::string& address, User* user) {
  auto found = store_.GetUserByEmail(std::string(email));
  if (!found.ok() && found.status().code() != StatusCode::kNotFound) return StorePage(found.status());
  // An unknown e-mail runs the same argon2id work as a known one, and both
  // failures read the same, so neither time nor text tells them apart.
  bool verified = crypto::VerifyPassword(found.ok() ? found->password_hash : DummyHash(), password);
  if (!found.ok()) verified = false;
  if (!verified) {
    email_limiter_.RecordFailure(email);
    address_limiter_.RecordFailure(address);
    return HtmlResponse(401, RenderLoginPage(request, email, kBadCredentials), request.redirect_uri);
  }
  if (found->disabled) {
    return HtmlResponse(403, RenderLoginPage(request, email, "This account is disabled."),
                        request.redirect_uri);
  }
  if (crypto::PasswordNeedsRehash(found->password_hash)) {
    // Hashed with weaker parameters than today's: upgrade while the
    // password is at hand. A failure only delays the upgrade.
    auto rehashed = crypto::HashPassword(password);
    if (rehashed.ok()) (void)store_.SetUserPasswordHash(found->id, *rehashed);
  }
  *user = std::move(*found);
  return std::nullopt;
}

net::ServerResponse OAuthServer::IssueCode(const AuthorizeRequest& request, const User& user) {
  const std::string code = NewOpaqueToken(random_);
  AuthCode row;
  row.code_hash = HashToken(code);
  row.user_id = user.id;
  row.client_id = request.client_id;
  row.redirect_uri = request.redirect_uri;
  row.code_challenge = request.code_challenge;
  row.scope = request.scope;
  row.audience = request.audience;
  row.expires_at = clock_.NowUnixSeconds() + code_ttl_seconds_;
  Status added = store_.AddAuthCode(row);
  if (!added.ok()) return StorePage(added);
  net::FormFields params = {{"code", code}};
  if (!request.state.empty()) params.emplace_back("state", request.state);
  return Redirect(RedirectWithParameters(request.redirect_uri, params));
}

net::ServerResponse OAuthServer::HandleLogout(const net::ServerRequest& /*request*/) {
  // Tokens live with the client; `?federated` (Auth0's) has nothing more
  // to end here. The CLI deletes its refresh token itself.
  return MessagePage(200, "Signed out", "You are signed out. You can close this page.");
}

}  // namespace mse::cloud::auth
