#include "cli/login_callback.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "base/encoding.h"
#include "cli/cloud_test_util.h"
#include "net/http_client.h"
#include "net/port.h"

namespace mse::cli {
namespace {

using ::testing::HasSubstr;

net::HttpResponse Get(const std::string& url) {
  auto response = net::NewCurlHttpClient()->Get(url);
  return response.ok() ? *response : net::HttpResponse{};
}

TEST(LoginCallbackTest, AcceptsOnlyTheExpectedStateAndRedirectsToTheConsole) {
  auto callback = LoginCallback::Start("s1", std::string("http://console"), 0);
  ASSERT_TRUE(callback.ok()) << callback.status().ToString();
  const std::string base = "http://127.0.0.1:" + std::to_string((*callback)->port()) + "/";
  net::HttpResponse wrong = Get(base + "?code=c&state=other");
  EXPECT_EQ(wrong.status, 400);
  net::HttpResponse right = Get(base + "?code=the%2Fcode&state=s1");
  EXPECT_EQ(right.status, 301);
  EXPECT_EQ(right.Header("Location"), "http://console/?origin=cli");
  auto code = (*callback)->Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->value(), "the/code");
}

TEST(LoginCallbackTest, OwnPageWithoutConsoleAndIpv6Loopback) {
  auto callback = LoginCallback::Start("s1", std::nullopt, 0);
  ASSERT_TRUE(callback.ok());
  const std::string port = std::to_string((*callback)->port());
  net::HttpResponse page = Get("http://127.0.0.1:" + port + "/?code=c&state=s1");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("You are logged in"));
  if (net::CheckPortFree("::1", 0).ok()) {
    EXPECT_EQ(Get("http://[::1]:" + port + "/?code=c&state=s1").status, 200);
  }
}

TEST(LoginCallbackTest, ErrorsAndTimeout) {
  auto callback = LoginCallback::Start("s1", std::nullopt, 0);
  ASSERT_TRUE(callback.ok());
  auto timeout = (*callback)->Wait(std::chrono::seconds(1));
  EXPECT_EQ(timeout.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(timeout.status().message(), HasSubstr("Run `mse login` again"));
  Get("http://127.0.0.1:" + std::to_string((*callback)->port()) +
      "/?error=access_denied&error_description=wrong%20password&state=s1");
  auto refused = (*callback)->Wait(std::chrono::seconds(1));
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.status().message(), HasSubstr("wrong password"));
}

TEST(LoginCallbackTest, BusyPortIsNamed) {
  auto first = LoginCallback::Start("s1", std::nullopt, 0);
  ASSERT_TRUE(first.ok());
  auto second = LoginCallback::Start("s2", std::nullopt, (*first)->port());
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("localhost:" + std::to_string((*first)->port())));
}

using BrowserLoginTest = testing::CloudCliTest;

// The whole PKCE flow, the test playing the browser on localhost:5355.
TEST_F(BrowserLoginTest, CodeFromTheCallbackIsExchangedAndSaved) {
  if (!net::CheckPortFree("127.0.0.1", 5355).ok()) GTEST_SKIP() << "port 5355 is busy";
  FakeRandom random;
  random_ = &random;
  env_["MSE_CONSOLE_URL"] = "http://console.example";
  // NewPkce draws 32 bytes for the verifier, then 16 for the state.
  Bytes state_bytes(16);
  for (size_t i = 0; i < 16; ++i) state_bytes[i] = static_cast<uint8_t>(32 + i);
  const std::string state = Base64UrlEncode(state_bytes);
  net::HttpResponse answer;
  std::thread browser([&answer, &state] {
    for (int i = 0; i < 100 && answer.status == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      answer = Get("http://127.0.0.1:5355/?code=abc&state=" + state);
    }
  });
  Status s = Run({"login", "--timeout", "1"});
  browser.join();
  ASSERT_TRUE(s.ok()) << s.message() << err_.str();
  EXPECT_EQ(answer.status, 301);
  EXPECT_EQ(answer.Header("Location"), "http://console.example/?origin=cli");
  EXPECT_THAT(out_.str(), HasSubstr("/authorize?response_type=code&code_challenge_method=S256"));
  EXPECT_THAT(out_.str(), HasSubstr("state=" + state));
  EXPECT_EQ(*RealFileSystem().ReadFile(format::LoginPath(Conf())),
            "email = \"alice@example.com\"\nrefresh_token = \"refresh-ci\"\n");
}

}  // namespace
}  // namespace mse::cli
