#include "format/json_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mse::format {
namespace {

using Json = nlohmann::ordered_json;
using testing::HasSubstr;

TEST(JsonWriterTest, PayloadVector) {  // formats.md §20 PAYLOAD
  Json secrets = Json::parse(R"({"key": "password"})");
  std::string sealed = "123456789";
  std::string key = "abcdefg";
  EXPECT_EQ(BuildConfigurationPayload("2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", secrets, AsBytes(sealed),
                                      AsBytes(key), std::nullopt),
            R"({"uuid": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "app_secrets": {"key": )"
            R"("password"}, "app_sealed_secrets": "MTIzNDU2Nzg5", "code_secret_key": )"
            R"("61626364656667"})");
}

TEST(JsonWriterTest, PayloadOmitsAbsentAndEmptyKeys) {
  EXPECT_EQ(BuildConfigurationPayload("U", std::nullopt, std::nullopt, std::nullopt, std::nullopt),
            R"({"uuid": "U"})");
  EXPECT_EQ(BuildConfigurationPayload("U", Json::object(), ByteView(), ByteView(), ""), R"({"uuid": "U"})");
  EXPECT_EQ(
      BuildConfigurationPayload("U", Json(0), std::nullopt, std::nullopt, "-----BEGIN PRIVATE KEY-----\nX\n"),
      R"({"uuid": "U", "ssl_private_key": "-----BEGIN PRIVATE KEY-----\nX\n"})");
  EXPECT_EQ(BuildConfigurationPayload("U", Json::parse("[1]"), std::nullopt, std::nullopt, std::nullopt),
            R"({"uuid": "U", "app_secrets": [1]})");
}

struct DumpCase {
  const char* json;
  const char* compact;
};

class CompactPythonTest : public testing::TestWithParam<DumpCase> {};

TEST_P(CompactPythonTest, MatchesPythonJsonDumps) {
  EXPECT_EQ(DumpCompactPython(Json::parse(GetParam().json)), GetParam().compact);
}

INSTANTIATE_TEST_SUITE_P(Python, CompactPythonTest,
                         testing::Values(DumpCase{R"({"b": 1, "a": [true, false, null, 1.5, -2]})",
                                                  R"({"b": 1, "a": [true, false, null, 1.5, -2]})"},
                                         DumpCase{R"({"e": {}, "l": []})", R"({"e": {}, "l": []})"},
                                         DumpCase{R"("a/b\"c\\d")", R"("a/b\"c\\d")"},
                                         DumpCase{"\"caf\xc3\xa9 \xe2\x82\xac\"", R"("caf\u00e9 \u20ac")"},
                                         DumpCase{"\"\xf0\x9f\x98\x80\"", R"("\ud83d\ude00")"},
                                         DumpCase{"\"\\u0001\\u007f\\n\\t\\b\\f\\r\"",
                                                  R"("\u0001\u007f\n\t\b\f\r")"}));

struct FloatCase {
  double value;
  const char* python;
};

class PythonFloatTest : public testing::TestWithParam<FloatCase> {};

TEST_P(PythonFloatTest, MatchesPythonRepr) {
  EXPECT_EQ(DumpCompactPython(Json(GetParam().value)), GetParam().python);
}

// Expected strings from CPython's json.dumps.
INSTANTIATE_TEST_SUITE_P(
    Python, PythonFloatTest,
    testing::Values(FloatCase{1e16, "1e+16"}, FloatCase{1e15, "1000000000000000.0"},
                    FloatCase{123456789012345680.0, "1.2345678901234568e+17"}, FloatCase{1e-5, "1e-05"},
                    FloatCase{0.0001, "0.0001"}, FloatCase{1e22, "1e+22"}, FloatCase{1.5e300, "1.5e+300"},
                    FloatCase{-0.0, "-0.0"}, FloatCase{3.0, "3.0"}, FloatCase{1e-7, "1e-07"},
                    FloatCase{-2.5, "-2.5"}, FloatCase{123.456, "123.456"}, FloatCase{0.1, "0.1"},
                    FloatCase{1.25e-3, "0.00125"}, FloatCase{9999999999999998.0, "9999999999999998.0"}));

TEST(JsonWriterTest, Indent4) {
  Json value = Json::parse(R"({"input_args": {"a": 1, "b": null}, "l": [1, "x"], "e": {}})");
  EXPECT_EQ(DumpIndent4(value),
            "{\n"
            "    \"input_args\": {\n"
            "        \"a\": 1,\n"
            "        \"b\": null\n"
            "    },\n"
            "    \"l\": [\n"
            "        1,\n"
            "        \"x\"\n"
            "    ],\n"
            "    \"e\": {}\n"
            "}");
}

TEST(JsonWriterTest, ParseErrorsNameWhatAndPosition) {
  auto bad = ParseJson("{\"a\": }", "secrets.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("secrets.json: invalid JSON at byte 7"));
  auto huge = ParseJson("[1" + std::string(400, '1') + "E11111111111]", "big.json");
  ASSERT_FALSE(huge.ok());
  EXPECT_THAT(huge.status().message(), HasSubstr("big.json: invalid JSON: "));
  auto good = ParseJson(R"({"z": 1, "a": 2})", "x");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(DumpCompactPython(*good), R"({"z": 1, "a": 2})");
}

TEST(JsonWriterTest, ParseJsonRefusesA2MegabyteNestedArray) {
  std::string bomb = std::string(1 << 20, '[') + std::string(1 << 20, ']');
  auto parsed = ParseJson(bomb, "secrets.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nested deeper than 64"), std::string::npos);
}

}  // namespace
}  // namespace mse::format
