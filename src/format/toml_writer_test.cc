#include "format/toml_writer.h"

#include <gtest/gtest.h>

namespace mse::format {
namespace {

TEST(TomlWriterTest, ScalarsThenTablesBreadthFirst) {
  TomlValue nonces = TomlValue::Table();
  nonces.Set("app.py", TomlValue::String("00ff"));
  nonces.Set("plain_key", TomlValue::String("01"));
  TomlValue instance = TomlValue::Table();
  instance.Set("id", TomlValue::String("abc"));
  instance.Set("enclave_size", TomlValue::Int(4096));
  instance.Set("nonces", nonces);
  TomlValue config = TomlValue::Table();
  config.Set("name", TomlValue::String("app"));
  config.Set("reqs", TomlValue::StringArray({"a", "b"}));
  config.Set("empty", TomlValue::StringArray({}));
  config.Set("absent", TomlValue());
  config.Set("flag", TomlValue::Bool(false));
  TomlValue root = TomlValue::Table();
  root.Set("version", TomlValue::String("2.0"));
  root.Set("config", config);
  root.Set("instance", instance);
  EXPECT_EQ(WriteToml(root),
            "version = \"2.0\"\n"
            "\n[config]\nname = \"app\"\nreqs = [ \"a\", \"b\",]\nempty = []\nflag = false\n"
            "\n[instance]\nid = \"abc\"\nenclave_size = 4096\n"
            "\n[instance.nonces]\n\"app.py\" = \"00ff\"\nplain_key = \"01\"\n");
}

TEST(TomlWriterTest, TableWithOnlySubTablesHasNoHeader) {
  TomlValue ssl = TomlValue::Table();
  ssl.Set("domain_name", TomlValue::String("x"));
  TomlValue cloud = TomlValue::Table();
  cloud.Set("ssl", ssl);
  TomlValue root = TomlValue::Table();
  root.Set("cloud", cloud);
  EXPECT_EQ(WriteToml(root), "[cloud.ssl]\ndomain_name = \"x\"\n");
}

TEST(TomlWriterTest, EmptyTableGetsHeader) {
  TomlValue root = TomlValue::Table();
  root.Set("a", TomlValue::Int(-1));
  root.Set("t", TomlValue::Table());
  EXPECT_EQ(WriteToml(root), "a = -1\n\n[t]\n");
}

TEST(TomlWriterTest, SetReplacesInPlace) {
  TomlValue root = TomlValue::Table();
  root.Set("a", TomlValue::Int(1));
  root.Set("b", TomlValue::Int(2));
  root.Set("a", TomlValue::Int(3));
  EXPECT_EQ(WriteToml(root), "a = 3\nb = 2\n");
  ASSERT_NE(root.Find("b"), nullptr);
  EXPECT_EQ(root.Find("c"), nullptr);
}

struct StringCase {
  const char* in;
  const char* out;
};

class TomlStringTest : public testing::TestWithParam<StringCase> {};

TEST_P(TomlStringTest, Escapes) { EXPECT_EQ(TomlString(GetParam().in), GetParam().out); }

INSTANTIATE_TEST_SUITE_P(Python, TomlStringTest,
                         testing::Values(StringCase{"plain", "\"plain\""}, StringCase{"a\"b", "\"a\\\"b\""},
                                         StringCase{"it's", "\"it's\""}, StringCase{"c:\\x", "\"c:\\\\x\""},
                                         StringCase{"l1\nl2\r\t", "\"l1\\nl2\\r\\t\""},
                                         StringCase{"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
                                         StringCase{"caf\xc3\xa9", "\"caf\xc3\xa9\""},
                                         StringCase{"nb\xc2\xa0sp", "\"nb\\u00a0sp\""},
                                         StringCase{"\xe2\x82\xac", "\"\xe2\x82\xac\""}));

TEST(TomlKeyTest, QuotesNonBareKeys) {
  EXPECT_EQ(TomlKey("abc_D-9"), "abc_D-9");
  EXPECT_EQ(TomlKey("pkg/mod.py"), "\"pkg/mod.py\"");
  EXPECT_EQ(TomlKey(""), "\"\"");
}

}  // namespace
}  // namespace mse::format
