#include "enclave/wsgi_environ.h"

#include <gtest/gtest.h>

#include <map>

namespace mse::enclave {
namespace {

std::map<std::string, std::string> AsMap(const CgiEnviron& env) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : env) {
    EXPECT_EQ(out.count(k), 0u) << "duplicate " << k;
    out[k] = v;
  }
  return out;
}

net::ServerRequest MakeRequest() {
  net::ServerRequest request;
  request.method = "POST";
  request.target = "/a%20b/%2Fc?x=1&y=%20";
  request.headers = {{"Host", "example.com:8443"},
                     {"Content-Type", "application/json"},
                     {"Content-Length", "2"},
                     {"X-Multi", "one"},
                     {"x-multi", "two"},
                     {"X_Spoof", "bad"},
                     {"Accept-Encoding", "gzip"}};
  request.body = "{}";
  request.remote_address = "127.0.0.1";
  request.remote_port = 40000;
  return request;
}

TEST(WsgiEnvironTest, BuildsCgiVariables) {
  WsgiServerInfo server{"enclave.local", 8443, "https"};
  auto env = AsMap(BuildCgiEnviron(MakeRequest(), server));
  EXPECT_EQ(env["REQUEST_METHOD"], "POST");
  EXPECT_EQ(env["SCRIPT_NAME"], "");
  EXPECT_EQ(env["PATH_INFO"], "/a b//c");
  EXPECT_EQ(env["QUERY_STRING"], "x=1&y=%20");
  EXPECT_EQ(env["CONTENT_TYPE"], "application/json");
  EXPECT_EQ(env["CONTENT_LENGTH"], "2");
  EXPECT_EQ(env["SERVER_NAME"], "enclave.local");
  EXPECT_EQ(env["SERVER_PORT"], "8443");
  EXPECT_EQ(env["SERVER_PROTOCOL"], "HTTP/1.1");
  EXPECT_EQ(env["REMOTE_ADDR"], "127.0.0.1");
  EXPECT_EQ(env["REMOTE_PORT"], "40000");
  EXPECT_EQ(env["HTTP_HOST"], "example.com:8443");
  EXPECT_EQ(env["HTTP_X_MULTI"], "one,two");
  EXPECT_EQ(env["HTTP_ACCEPT_ENCODING"], "gzip");
  EXPECT_EQ(env.count("HTTP_X_SPOOF"), 0u);
  EXPECT_EQ(env.count("HTTP_CONTENT_TYPE"), 0u);
  EXPECT_EQ(env.count("HTTP_CONTENT_LENGTH"), 0u);
}

TEST(WsgiEnvironTest, GetWithoutBodyHasNoContentLength) {
  net::ServerRequest request;
  request.method = "GET";
  request.target = "/";
  request.version = "HTTP/1.0";
  auto env = AsMap(BuildCgiEnviron(request, {}));
  EXPECT_EQ(env.count("CONTENT_LENGTH"), 0u);
  EXPECT_EQ(env.count("CONTENT_TYPE"), 0u);
  EXPECT_EQ(env["QUERY_STRING"], "");
  EXPECT_EQ(env["PATH_INFO"], "/");
  EXPECT_EQ(env["SERVER_PROTOCOL"], "HTTP/1.0");
}

TEST(WsgiEnvironTest, AbsoluteFormTargetKeepsOnlyThePath) {
  net::ServerRequest request;
  request.method = "GET";
  request.target = "https://host:1/p/q?z=9";
  auto env = AsMap(BuildCgiEnviron(request, {}));
  EXPECT_EQ(env["PATH_INFO"], "/p/q");
  EXPECT_EQ(env["QUERY_STRING"], "z=9");
}

struct DecodeCase {
  const char* in;
  const char* out;
};
class PercentDecodeTest : public ::testing::TestWithParam<DecodeCase> {};
TEST_P(PercentDecodeTest, Decodes) { EXPECT_EQ(PercentDecode(GetParam().in), GetParam().out); }
INSTANTIATE_TEST_SUITE_P(Cases, PercentDecodeTest,
                         ::testing::Values(DecodeCase{"%41b%2f", "Ab/"}, DecodeCase{"%", "%"},
                                           DecodeCase{"%4", "%4"}, DecodeCase{"%zz1", "%zz1"},
                                           DecodeCase{"a%c3%a9", "a\xc3\xa9"},
                                           DecodeCase{"100%", "100%"}));

}  // namespace
}  // namespace mse::enclave
