// GET/POST /authorize, /logout and dispatch. The token endpoint and the
// whole flow are in token_endpoint_test.cc.
#include "cloud/auth/oauth_server.h"

#include <gtest/gtest.h>

#include <string>

#include "cloud/auth/oauth_test_util.h"
#include "cloud/auth/opaque_token.h"

namespace mse::cloud::auth {
namespace {

using OAuthServerTest = OAuthTest;

std::string AuthorizeTarget(const AuthorizeRequest& request) {
  return "/authorize?" + net::FormEncode(AuthorizeRequestFields(request));
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(OAuthServerTest, GetShowsTheLoginFormWithEveryParameterHidden) {
  const net::ServerResponse page =
      server_->HandleAuthorizeGet(GetRequest(AuthorizeTarget(DefaultAuthorizeRequest())));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(HeaderOf(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-store");
  EXPECT_EQ(HeaderOf(page, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(page, "Content-Security-Policy"),
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:5355");
  EXPECT_FALSE(Contains(page.body, "<script"));
  EXPECT_TRUE(Contains(page.body, R"(<form method="post" action="authorize")"));
  for (const auto& [name, value] : AuthorizeRequestFields(DefaultAuthorizeRequest())) {
    EXPECT_TRUE(Contains(page.body, "name=\"" + name + "\" value=\"" + value + "\"")) << name;
  }
  EXPECT_TRUE(Contains(page.body, R"(name="email")"));
  EXPECT_TRUE(Contains(page.body, R"(name="password" type="password")"));
}

TEST_F(OAuthServerTest, HostileStateIsEscaped) {
  AuthorizeRequest request = DefaultAuthorizeRequest();
  request.state = R"("><script>alert(1)</script><input value=')";
  request.client_id = "<b>cli</b>";
  const net::ServerResponse page = server_->HandleAuthorizeGet(GetRequest(AuthorizeTarget(request)));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(Contains(page.body, "<script>"));
  EXPECT_FALSE(Contains(page.body, "<b>cli"));
  EXPECT_TRUE(
      Contains(page.body, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;input value=&#39;\""));
  // And it comes back intact in the redirect.
  const net::ServerResponse redirect = SignIn(kAliceEmail, kAlicePassword, request);
  ASSERT_EQ(redirect.status, 302);
  EXPECT_EQ(net::FindFormField(LocationQuery(redirect), "state"), request.state);
  EXPECT_FALSE(Contains(HeaderOf(redirect, "Location"), "<"));
}

TEST_F(OAuthServerTest, NonLoopbackRedirectUriIsAnErrorPageNotARedirect) {
  for (const char* uri :
       {"http://evil.example/", "https://localhost:5355/", "http://localhost@evil.example/"}) {
    AuthorizeRequest request = DefaultAuthorizeRequest();
    request.redirect_uri = uri;
    const net::ServerResponse page = server_->HandleAuthorizeGet(GetRequest(AuthorizeTarget(request)));
    EXPECT_EQ(page.status, 400) << uri;
    EXPECT_EQ(HeaderOf(page, "Location"), "") << uri;
    EXPECT_FALSE(Contains(page.body, "evil")) << page.body;
    // The form post is checked the same way: no code for that URI.
    const net::ServerResponse post = SignIn(kAliceEmail, kAlicePassword, request);
    EXPECT_EQ(post.status, 400) << uri;
    EXPECT_EQ(HeaderOf(post, "Location"), "");
  }
  EXPECT_EQ(store_.AuthCodeCount(), 0u);
}

TEST_F(OAuthServerTest, MissingPkceIsRedirectedAsAnError) {
  AuthorizeRequest request = DefaultAuthorizeRequest();
  request.code_challenge_method = "plain";
  const net::ServerResponse response = server_->HandleAuthorizeGet(GetRequest(AuthorizeTarget(request)));
  ASSERT_EQ(response.status, 302);
  EXPECT_EQ(HeaderOf(response, "Location").rfind("http://localhost:5355/?error=invalid_request&", 0), 0u);
  const net::FormFields query = LocationQuery(response);
  EXPECT_EQ(net::FindFormField(query, "state"), request.state);
  EXPECT_EQ(net::FindFormField(query, "code"), std::nullopt);
  EXPECT_EQ(server_->HandleAuthorizeGet(GetRequest("/authorize?state=%zz")).status, 400);
  EXPECT_EQ(server_->HandleAuthorizeGet(GetRequest("/authorize")).status, 400);
}

TEST_F(OAuthServerTest, RightPasswordRedirectsWithCodeAndState) {
  AuthorizeRequest request = DefaultAuthorizeRequest();
  request.redirect_uri = "http://127.0.0.1:5355/callback?from=cli";
  const net::ServerResponse response = SignIn("  Alice@Example.COM ", kAlicePassword, request);
  ASSERT_EQ(response.status, 302) << response.body;
  const std::string location = HeaderOf(response, "Location");
  EXPECT_EQ(location.rfind("http://127.0.0.1:5355/callback?from=cli&code=", 0), 0u) << location;
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
  const net::FormFields query = LocationQuery(response);
  EXPECT_EQ(net::FindFormField(query, "state"), request.state);
  const std::string code(net::FindFormField(query, "code").value_or(""));
  EXPECT_EQ(code.size(), 43u);
  // Stored by hash only, for 60 s, bound to the request.
  auto row = store_.ConsumeAuthCode(HashToken(code), 0);
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->user_id, kAliceId);
  EXPECT_EQ(row->client_id, kClientId);
  EXPECT_EQ(row->redirect_uri, request.redirect_uri);
  EXPECT_EQ(row->code_challenge, kChallenge);
  EXPECT_EQ(row->scope, request.scope);
  EXPECT_EQ(row->audience, request.audience);
  EXPECT_EQ(row->expires_at, env_.clock.NowUnixSeconds() + 60);
}

TEST_F(OAuthServerTest, WrongPasswordAndUnknownUserReadTheSame) {
  const net::ServerResponse wrong = SignIn(kAliceEmail, "not alice's password");
  const net::ServerResponse unknown = SignIn("nobody@example.com", kAlicePassword);
  for (const net::ServerResponse* page : {&wrong, &unknown}) {
    EXPECT_EQ(page->status, 401);
    EXPECT_EQ(HeaderOf(*page, "Location"), "");
    EXPECT_TRUE(Contains(page->body, "Wrong e-mail or password."));
    EXPECT_FALSE(Contains(page->body, "alice&#39;s password")) << "the password must never be echoed";
    EXPECT_FALSE(Contains(page->body, "not alice"));
    EXPECT_TRUE(Contains(page->body, R"(name="state" value="st4te-from-the-cli")"));
  }
  EXPECT_TRUE(Contains(wrong.body, "value=\"alice@example.com\""));
  std::string unknown_body = unknown.body;
  unknown_body.replace(unknown_body.find("nobody@example.com"), 18, "alice@example.com");
  EXPECT_EQ(wrong.body, unknown_body);
  EXPECT_EQ(store_.AuthCodeCount(), 0u);
}

TEST_F(OAuthServerTest, DisabledUserRefusedOnlyWithTheRightPassword) {
  const net::ServerResponse page = SignIn(kBobEmail, kAlicePassword);
  EXPECT_EQ(page.status, 403);
  EXPECT_TRUE(Contains(page.body, "disabled"));
  const net::ServerResponse wrong = SignIn(kBobEmail, "guess");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_FALSE(Contains(wrong.body, "disabled"));
  EXPECT_EQ(store_.AuthCodeCount(), 0u);
}

TEST_F(OAuthServerTest, RateLimitLocksThenUnlocks) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn(kAliceEmail, "guess " + std::to_string(i)).status, 401);
  // Locked: even the right password is not checked.
  net::ServerResponse locked = SignIn(kAliceEmail, kAlicePassword);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(HeaderOf(locked, "Retry-After"), "60");
  EXPECT_EQ(store_.AuthCodeCount(), 0u);
  // The address is locked too, for every e-mail.
  EXPECT_EQ(SignIn("carol@example.com", "x").status, 429);
  // Another address may still try another e-mail.
  EXPECT_EQ(SignIn("carol@example.com", "x", DefaultAuthorizeRequest(), "192.0.2.7").status, 401);
  env_.clock.SleepMillis(60'000);
  EXPECT_EQ(SignIn(kAliceEmail, kAlicePassword).status, 302);
}

TEST_F(OAuthServerTest, FormProblemsAreBadRequests) {
  net::FormFields fields = AuthorizeRequestFields(DefaultAuthorizeRequest());
  fields.emplace_back("email", kAliceEmail);
  fields.emplace_back("password", kAlicePassword);
  net::ServerRequest json_body = PostForm("/authorize", fields);
  json_body.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(server_->HandleAuthorizePost(json_body).status, 400);
  net::FormFields twice = fields;
  twice.emplace_back("password", "other");
  EXPECT_EQ(server_->HandleAuthorizePost(PostForm("/authorize", twice)).status, 400);
  EXPECT_EQ(SignIn("", kAlicePassword).status, 400);
  EXPECT_EQ(SignIn(kAliceEmail, "").status, 400);
  EXPECT_EQ(store_.AuthCodeCount(), 0u);
}

TEST_F(OAuthServerTest, StoreOutageIsA503Page) {
  store_.SetUnavailable(true);
  const net::ServerResponse page = SignIn(kAliceEmail, kAlicePassword);
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(HeaderOf(page, "Location"), "");
}

TEST_F(OAuthServerTest, LogoutAndDispatch) {
  EXPECT_EQ(server_->Dispatch(GetRequest("/logout?federated"))->status, 200);
  net::ServerRequest post_logout = GetRequest("/logout?federated");
  post_logout.method = "POST";
  EXPECT_EQ(server_->Dispatch(post_logout)->status, 200);
  EXPECT_EQ(server_->Dispatch(GetRequest(AuthorizeTarget(DefaultAuthorizeRequest())))->status, 200);
  const auto not_allowed = server_->Dispatch(GetRequest("/oauth/token"));
  ASSERT_TRUE(not_allowed.has_value());
  EXPECT_EQ(not_allowed->status, 405);
  EXPECT_EQ(HeaderOf(*not_allowed, "Allow"), "POST");
  net::ServerRequest del = GetRequest("/authorize");
  del.method = "DELETE";
  EXPECT_EQ(server_->Dispatch(del)->status, 405);
  EXPECT_FALSE(server_->Dispatch(GetRequest("/apps")).has_value());
  EXPECT_FALSE(server_->Dispatch(GetRequest("/authorize/x")).has_value());
}

}  // namespace
}  // namespace mse::cloud::auth
