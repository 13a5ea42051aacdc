#include "cloud/api/multipart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mse::cloud::api {
namespace {

using testing::HasSubstr;

// As python-requests (the original CLI) writes a POST /apps body.
const std::string kBody =
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"code\"; filename=\"app.tar\"\r\n"
    "Content-Type: application/tar\r\n"
    "Expires: 0\r\n"
    "\r\n"
    "TAR\r\nBYTES--b0und\r\n"
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"conf\"\r\n"
    "Content-Type: application/json\r\n"
    "\r\n"
    "{\"name\": \"x\"}\r\n"
    "--b0undary--\r\n";

TEST(MultipartTest, ParsesTheCliUpload) {
  auto boundary = MultipartBoundary("multipart/form-data; boundary=b0undary");
  ASSERT_TRUE(boundary.ok());
  auto parts = ParseMultipart(kBody, *boundary);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "code");
  EXPECT_EQ((*parts)[0].filename, "app.tar");
  EXPECT_EQ((*parts)[0].content_type, "application/tar");
  EXPECT_EQ((*parts)[0].body, "TAR\r\nBYTES--b0und");
  EXPECT_EQ((*parts)[0].headers[2], (std::pair<std::string, std::string>{"expires", "0"}));
  EXPECT_EQ((*parts)[1].name, "conf");
  EXPECT_EQ((*parts)[1].body, "{\"name\": \"x\"}");
}

TEST(MultipartTest, BoundaryParameter) {
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").value(), "a b");
  EXPECT_FALSE(MultipartBoundary("application/json").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')).ok());
}

TEST(MultipartTest, PreambleAndEpilogueAreIgnored) {
  auto parts = ParseMultipart("preamble\r\n" + kBody + "epilogue", "b0undary");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->size(), 2u);
}

struct BadCase {
  const char* label;
  std::string body;
  const char* message;
};

class MultipartMalformedTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(MultipartMalformedTest, Refused) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_header_bytes = 200;
  auto parts = ParseMultipart(GetParam().body, "b", limits);
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(parts.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MultipartMalformedTest,
    ::testing::Values(
        BadCase{"no_boundary", "just text", "the boundary never appears"},
        BadCase{"unterminated", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nbody", "not terminated"},
        BadCase{"no_name", "--b\r\nContent-Type: x\r\n\r\nbody\r\n--b--", "no Content-Disposition name"},
        BadCase{"not_form_data", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",
                "not form-data"},
        BadCase{"header_without_colon", "--b\r\nbroken\r\n\r\nx\r\n--b--", "no name"},
        BadCase{"garbage_after_boundary", "--bX\r\n", "does not end with CRLF"},
        BadCase{"headers_too_long",
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + std::string(300, 'h') + "\r\n\r\nx\r\n--b--",
                "longer than 200"},
        BadCase{"too_many_parts",
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                "--b\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
                "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n--b--",
                "more than 2 parts"}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace mse::cloud::api
