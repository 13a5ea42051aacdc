#include "format/evidence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::format {
namespace {

using testing::HasSubstr;

// As Python's json.dump(indent=4) writes it: ASCII escapes, no final newline.
// base64("{\"tcbInfo\": 1}") and base64("{\"id\": \"QE\"}").
const std::string kEvidence =
    "{\n"
    "    \"input_args\": {\n"
    "        \"subject\": \"CN=app.example.com,O=Caf\\u00e9,C=FR\",\n"
    "        \"subject_alternative_name\": \"app.example.com\",\n"
    "        \"expiration_date\": 1735689600,\n"
    "        \"size\": 4096,\n"
    "        \"app_id\": \"2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21\",\n"
    "        \"application\": \"app:app\"\n"
    "    },\n"
    "    \"ratls_certificate\": \"-----BEGIN CERTIFICATE-----\\nMIIR/x+y\\n-----END "
    "CERTIFICATE-----\\n\",\n"
    "    \"root_ca_crl\": \"-----BEGIN X509 CRL-----\\nAA==\\n-----END X509 CRL-----\\n\",\n"
    "    \"pck_platform_crl\": \"-----BEGIN X509 CRL-----\\nAQ==\\n-----END X509 CRL-----\\n\",\n"
    "    \"tcb_info\": \"eyJ0Y2JJbmZvIjogMX0=\",\n"
    "    \"qe_identity\": \"eyJpZCI6ICJRRSJ9\",\n"
    "    \"tcb_cert\": \"-----BEGIN CERTIFICATE-----\\nAg==\\n-----END CERTIFICATE-----\\n\",\n"
    "    \"signer_pk\": \"-----BEGIN PUBLIC KEY-----\\nAw==\\n-----END PUBLIC KEY-----\\n\"\n"
    "}";

TEST(EvidenceTest, LoadSaveRoundTripIsByteExact) {
  auto e = ParseEvidence(kEvidence, "evidence.json");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->input_args.subject, "CN=app.example.com,O=Caf\xc3\xa9,C=FR");
  EXPECT_EQ(e->input_args.expiration_date, 1735689600);
  EXPECT_EQ(e->input_args.size, 4096);
  EXPECT_EQ(e->input_args.application, "app:app");
  EXPECT_EQ(e->ratls_certificate, "-----BEGIN CERTIFICATE-----\nMIIR/x+y\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(SerializeEvidence(*e), kEvidence);
}

TEST(EvidenceTest, KeepsBodiesVerbatim) {
  auto e = ParseEvidence(kEvidence, "evidence.json");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->tcb_info, "eyJ0Y2JJbmZvIjogMX0=");
  EXPECT_EQ(e->qe_identity, "eyJpZCI6ICJRRSJ9");
}

TEST(EvidenceTest, NullExpirationAndUnknownKeys) {
  std::string text = kEvidence;
  text.replace(text.find("1735689600"), 10, "null");
  text.insert(1, "\n    \"future\": [1, 2],");
  auto e = ParseEvidence(text, "evidence.json");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_FALSE(e->input_args.expiration_date.has_value());
  std::string saved = SerializeEvidence(*e);
  EXPECT_THAT(saved, HasSubstr("\"expiration_date\": null,\n"));
  EXPECT_EQ(saved.find("future"), std::string::npos);
}

struct BadCase {
  std::string from;
  std::string to;
  std::string message;
};

class EvidenceErrorTest : public testing::TestWithParam<BadCase> {};

TEST_P(EvidenceErrorTest, NamesFileAndMember) {
  std::string text = kEvidence;
  text.replace(text.find(GetParam().from), GetParam().from.size(), GetParam().to);
  auto e = ParseEvidence(text, "ev.json");
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Members, EvidenceErrorTest,
    testing::Values(BadCase{"\"subject\": \"CN=app.example.com,O=Caf\\u00e9,C=FR\",\n        "
                            "\"subject_alternative_name\": \"app.example.com\"",
                            "\"host\": \"app.example.com\"",
                            "ev.json: evidence from msehome 0.1.0 (`input_args.host`) is not supported"},
                    BadCase{"\"size\": 4096", "\"size\": \"4096\"",
                            "ev.json: `input_args.size`: expected a 64-bit integer, found string"},
                    BadCase{"\"size\": 4096", "\"size\": 1.5",
                            "ev.json: `input_args.size`: expected a 64-bit integer, found a number 1.5"},
                    BadCase{"\"tcb_cert\"", "\"tcb_certificate\"",
                            "ev.json: `tcb_cert`: required member is missing"},
                    BadCase{"\"signer_pk\": \"", "\"signer_pk\": 3, \"x\": \"",
                            "ev.json: `signer_pk`: expected a string, found a number 3"},
                    BadCase{"\"input_args\": {", "\"input_args\": [{", "ev.json: invalid JSON at byte"}));

TEST(EvidenceTest, SaveAndLoadThroughFileSystem) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/out", FileMode::kNormal).ok());
  auto e = ParseEvidence(kEvidence, "evidence.json");
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(SaveEvidence(fs, "/out/evidence.json", *e).ok());
  EXPECT_EQ(fs.files().at("/out/evidence.json").data, kEvidence);
  auto back = LoadEvidence(fs, "/out/evidence.json");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *e);
  fs.FailWriteNumber(0);
  EXPECT_FALSE(SaveEvidence(fs, "/out/other.json", *e).ok());
  EXPECT_EQ(fs.files().count("/out/other.json"), 0u);
  EXPECT_EQ(fs.open_temporaries(), 0);
}

}  // namespace
}  // namespace mse::format
