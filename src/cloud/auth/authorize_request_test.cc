#include "cloud/auth/authorize_request.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cloud/auth/login_page.h"
#include "cloud/auth/oauth_test_util.h"

namespace mse::cloud::auth {
namespace {

class LoopbackRedirectTest : public ::testing::TestWithParam<std::pair<const char*, bool>> {};

TEST_P(LoopbackRedirectTest, Check) {
  const auto [uri, ok] = GetParam();
  Status s = CheckLoopbackRedirectUri(uri);
  EXPECT_EQ(s.ok(), ok) << uri << ": " << s.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Uris, LoopbackRedirectTest,
    ::testing::Values(
        std::make_pair("http://localhost:5355/", true), std::make_pair("http://localhost", true),
        std::make_pair("http://127.0.0.1:1/cb?x=1", true), std::make_pair("http://[::1]:65535/a/b", true),
        std::make_pair("http://[::1]", true), std::make_pair("http://localhost?x", true),
        std::make_pair("https://localhost:5355/", false), std::make_pair("http://example.com/", false),
        std::make_pair("http://localhost.example.com/", false),
        std::make_pair("http://localhost@evil.example/", false),
        std::make_pair("http://evil.example:80@localhost/", false),
        std::make_pair("http://localhost:5355@evil.example/", false),
        std::make_pair("http://localhost\\@evil.example/", false),
        std::make_pair("http://localhost:0/", false), std::make_pair("http://localhost:65536/", false),
        std::make_pair("http://localhost:/", false), std::make_pair("http://localhost:+80/", false),
        std::make_pair("http://localhost:5355/#frag", false),
        std::make_pair("http://localhost:5355/a b", false),
        std::make_pair("http://localhost:5355/\r\nSet-Cookie:x", false),
        std::make_pair("http://127.0.0.2/", false), std::make_pair("http://[::2]/", false),
        std::make_pair("HTTP://localhost/", false), std::make_pair("//localhost/", false),
        std::make_pair("", false)));

TEST(LoopbackRedirectTest, LengthBounded) {
  EXPECT_TRUE(CheckLoopbackRedirectUri("http://localhost/" + std::string(2048 - 17, 'a')).ok());
  EXPECT_FALSE(CheckLoopbackRedirectUri("http://localhost/" + std::string(2048 - 16, 'a')).ok());
}

AuthorizeCheck CheckWith(const std::string& name, const std::string& value) {
  net::FormFields fields = AuthorizeRequestFields(DefaultAuthorizeRequest());
  for (auto& [n, v] : fields) {
    if (n == name) v = value;
  }
  return CheckAuthorizeRequest(fields);
}

TEST(AuthorizeRequestTest, DefaultRequestIsGood) {
  const AuthorizeCheck check = CheckAuthorizeRequest(AuthorizeRequestFields(DefaultAuthorizeRequest()));
  EXPECT_FALSE(check.error.has_value()) << check.error->description;
  EXPECT_EQ(check.request.state, DefaultAuthorizeRequest().state);
}

TEST(AuthorizeRequestTest, ClientAndRedirectErrorsAreNotRedirectable) {
  const std::vector<std::pair<std::string, std::string>> cases = {{"client_id", ""},
                                                                  {"client_id", std::string(257, 'c')},
                                                                  {"client_id", "a\nb"},
                                                                  {"redirect_uri", ""},
                                                                  {"redirect_uri", "http://evil.example/"}};
  for (const auto& [name, value] : cases) {
    const AuthorizeCheck check = CheckWith(name, value);
    ASSERT_TRUE(check.error.has_value()) << name;
    EXPECT_EQ(check.error->error, "invalid_request");
    EXPECT_FALSE(check.redirectable) << name;
  }
  net::FormFields repeated = AuthorizeRequestFields(DefaultAuthorizeRequest());
  repeated.emplace_back("redirect_uri", "http://127.0.0.1/");
  const AuthorizeCheck check = CheckAuthorizeRequest(repeated);
  ASSERT_TRUE(check.error.has_value());
  EXPECT_FALSE(check.redirectable);
  EXPECT_NE(check.error->description.find("repeated"), std::string::npos);
}

TEST(AuthorizeRequestTest, OtherErrorsAreRedirectable) {
  struct Case {
    const char* name;
    std::string value;
    const char* error;
  };
  const Case cases[] = {{"response_type", "token", "unsupported_response_type"},
                        {"code_challenge_method", "plain", "invalid_request"},
                        {"code_challenge_method", "", "invalid_request"},
                        {"code_challenge", "", "invalid_request"},
                        {"code_challenge", "tooshort", "invalid_request"},
                        {"scope", "openid \"x\"", "invalid_scope"},
                        {"audience", "a\tb", "invalid_request"},
                        {"state", std::string(1025, 's'), "invalid_request"},
                        {"state", "caf\xc3\xa9", "invalid_request"}};
  for (const Case& c : cases) {
    const AuthorizeCheck check = CheckWith(c.name, c.value);
    ASSERT_TRUE(check.error.has_value()) << c.name << "=" << c.value;
    EXPECT_EQ(check.error->error, c.error) << c.name;
    EXPECT_TRUE(check.redirectable) << c.name;
  }
}

TEST(AuthorizeRequestTest, RedirectAppendsToTheQuery) {
  const net::FormFields p = {{"code", "a+b/c"}, {"state", "x y&z"}};
  EXPECT_EQ(RedirectWithParameters("http://localhost:5355/", p),
            "http://localhost:5355/?code=a%2Bb%2Fc&state=x%20y%26z");
  EXPECT_EQ(RedirectWithParameters("http://localhost/cb?from=cli", p),
            "http://localhost/cb?from=cli&code=a%2Bb%2Fc&state=x%20y%26z");
  EXPECT_EQ(RedirectWithParameters("http://localhost/cb?", p),
            "http://localhost/cb?code=a%2Bb%2Fc&state=x%20y%26z");
}

TEST(LoginPageTest, HtmlEscape) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x" onclick='y'>&amp;</a>)"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

TEST(LoginPageTest, FormActionFollowsTheRedirectOrigin) {
  const auto csp = [](std::string_view uri) {
    return HeaderOf(HtmlResponse(200, "", uri), "Content-Security-Policy");
  };
  EXPECT_EQ(csp(""), "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  EXPECT_EQ(csp("http://localhost:5355/"),
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:5355");
  EXPECT_EQ(csp("http://127.0.0.1/cb?x"),
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1");
  EXPECT_EQ(csp("http://[::1]:8/"),
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http:");
}

}  // namespace
}  // namespace mse::cloud::auth
