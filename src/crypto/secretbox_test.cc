#include "crypto/secretbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/hash.h"
#include "crypto/secretbox_stream.h"

namespace mse::crypto {
namespace {

using ::testing::HasSubstr;

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

Bytes Counting(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

Bytes Pattern(size_t n) {
  Bytes b(n);
  uint32_t x = 12345;
  for (auto& v : b) {
    x = x * 1103515245 + 12345;
    v = static_cast<uint8_t>(x >> 16);
  }
  return b;
}

std::string Str(ByteView b) { return ToString(b); }

// --- Known-answer vectors, formats.md §20 -------------------------------

struct SecretboxVector {
  std::string name;
  Bytes key;
  Bytes nonce;
  Bytes plaintext;
  std::string expected_hex;      // full output, when the spec gives it
  std::string expected_tag_hex;  // bytes 24..39
  size_t expected_size;
  std::string expected_sha256_hex;  // of the full output, when given
};

// mse-cli tests/data/code/app.py (SB2 input); its SHA-256 is checked below.
constexpr std::string_view kSb2Plaintext =
    "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route(\"/\")\ndef hello():\n"
    "    \"\"\"Get a simple example.\"\"\"\n    return \"Hello world\"\n";

std::vector<SecretboxVector> Vectors() {
  return {
      {"SB0", Counting(32), Counting(24), ToBytes("print('hello')\n"),
       "000102030405060708090a0b0c0d0e0f1011121314151617237bf5b8a739d3d3f95bec06f60390a02e8d5121b3e"
       "2"
       "8578de50e3514fa640",
       "237bf5b8a739d3d3f95bec06f60390a0", 55, ""},
      {"SB1", Hex("27004157347e7000674c10a3db3aaa6816918e745959fdb686ec513c9643c597"),
       Hex("07ffa7d2cf57a689f5ac8ee982ea91e16bbb4be9006197d7"),
       ToBytes("import platform\n\nx, y, z = 1, 2, 3\n\nprint(platform.uname())\n"), "",
       "c9df425beaa2c0d3cf8649a049811ac1", 100, ""},
      {"SB2", Hex("a389f8baf2e03cebd445d99f03600b29ca259faa9a3964e529c03effef206135"),
       Hex("f33f4a1a1555660f9396aea7811b0ff7b0f19503a7485914"), ToBytes(kSb2Plaintext), "",
       "972ea488dcf471afb616bf365d4b5a10", 175,
       "08f2c5550b3c9816ad03b2a83c3a93dfe704939f234e4a9f3c0abbdde7daf64f"},
      {"SB3", Bytes(32, 0), Counting(24), ToBytes("print('hello from mse')\n"),
       "000102030405060708090a0b0c0d0e0f1011121314151617"
       "50034c2910cc12a6b3d38e9083d1ed39"
       "717dd59853aa0b0f2fbcd3fe732fa89f22e0166642bc4a20",
       "50034c2910cc12a6b3d38e9083d1ed39", 64, ""},
  };
}

void PrintTo(const SecretboxVector& v, std::ostream* os) { *os << v.name; }

class SecretboxKatTest : public ::testing::TestWithParam<SecretboxVector> {};

void ExpectMatches(const SecretboxVector& v, ByteView out) {
  EXPECT_EQ(out.size(), v.expected_size);
  EXPECT_EQ(HexEncode(out.first(24)), HexEncode(v.nonce));
  EXPECT_EQ(HexEncode(out.subspan(24, 16)), v.expected_tag_hex);
  if (!v.expected_hex.empty()) {
    EXPECT_EQ(HexEncode(out), v.expected_hex);
  }
  if (!v.expected_sha256_hex.empty()) {
    EXPECT_EQ(HexEncode(Sha256(out)), v.expected_sha256_hex);
  }
}

TEST_P(SecretboxKatTest, OneShotSealMatches) {
  const auto& v = GetParam();
  auto out = SecretboxSeal(v.key, v.nonce, v.plaintext);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectMatches(v, *out);
  auto opened = SecretboxOpen(v.key, *out);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(Str(opened->view()), Str(v.plaintext));
}

TEST_P(SecretboxKatTest, StreamingFileMatches) {
  const auto& v = GetParam();
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/in.py", v.plaintext).ok());
  ASSERT_TRUE(EncryptFile(fs, "/in.py", "/in.py.enc", v.key, v.nonce).ok());
  ExpectMatches(v, AsBytes(fs.files().at("/in.py.enc").data));
  ASSERT_TRUE(DecryptFile(fs, "/in.py.enc", "/out.py", v.key).ok());
  EXPECT_EQ(fs.files().at("/out.py").data, Str(v.plaintext));
}

INSTANTIATE_TEST_SUITE_P(FormatsSection20, SecretboxKatTest, ::testing::ValuesIn(Vectors()),
                         [](const auto& info) { return info.param.name; });

TEST(SecretboxKatInputTest, Sb2PlaintextIsTheSpecifiedFile) {
  EXPECT_EQ(kSb2Plaintext.size(), 135u);
  EXPECT_EQ(HexEncode(Sha256(AsBytes(kSb2Plaintext))),
            "0376c46f639d47a28725839eb19786976f3b4c9e6aaca2da738833fc3027d790");
}

// --- Streaming equals one-shot ------------------------------------------

class SecretboxSizeTest : public ::testing::TestWithParam<size_t> {};

TEST_P(SecretboxSizeTest, FileEncryptionEqualsOneShot) {
  Bytes key = Counting(32, 100), nonce = Counting(24, 7), data = Pattern(GetParam());
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/f", data).ok());
  ASSERT_TRUE(EncryptFile(fs, "/f", "/f.enc", key, nonce).ok());
  auto one_shot = SecretboxSeal(key, nonce, data);
  ASSERT_TRUE(one_shot.ok());
  EXPECT_TRUE(fs.files().at("/f.enc").data == Str(*one_shot));
  ASSERT_TRUE(DecryptFile(fs, "/f.enc", "/g", key).ok());
  EXPECT_TRUE(fs.files().at("/g").data == Str(data));
}

INSTANTIATE_TEST_SUITE_P(Sizes, SecretboxSizeTest,
                         ::testing::Values(0, 1, 31, 32, 33, 63, 64, 65, 96, 97, 65535, 65536,
                                           65537, 3 * 65536 + 77));

TEST(SecretboxStreamTest, ArbitraryChunkingEqualsOneShot) {
  Bytes key = Counting(32, 1), nonce = Counting(24, 2), data = Pattern(5000);
  auto expected = SecretboxSeal(key, nonce, data).value();
  for (size_t chunk : {1, 7, 31, 32, 33, 64, 100, 4999}) {
    Bytes work = data;
    SecretboxStream stream(key, nonce);
    for (size_t off = 0; off < work.size(); off += chunk) {
      size_t n = std::min(chunk, work.size() - off);
      stream.EncryptInPlace(MutableByteView(work).subspan(off, n));
    }
    auto tag = stream.Finish();
    EXPECT_EQ(HexEncode(tag), HexEncode(ByteView(expected).subspan(24, 16))) << chunk;
    EXPECT_EQ(HexEncode(work), HexEncode(ByteView(expected).subspan(40))) << chunk;
  }
}

// --- Failures -------------------------------------------------------------

class SecretboxFileFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs_.WriteFile("/app.py", Pattern(1000)).ok());
    ASSERT_TRUE(EncryptFile(fs_, "/app.py", "/app.py.enc", key_, nonce_).ok());
  }
  std::string Enc() { return fs_.files().at("/app.py.enc").data; }
  void ExpectNoOutput() {
    EXPECT_FALSE(fs_.Exists("/out.py"));
    EXPECT_EQ(fs_.open_temporaries(), 0);
  }

  FakeFileSystem fs_;
  Bytes key_ = Counting(32, 9);
  Bytes nonce_ = Counting(24, 3);
};

TEST_F(SecretboxFileFailureTest, WrongKeyLeavesNoOutput) {
  Bytes wrong = key_;
  wrong[0] ^= 1;
  Status s = DecryptFile(fs_, "/app.py.enc", "/out.py", wrong);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("/app.py.enc"));
  EXPECT_THAT(s.message(), HasSubstr("authentication tag mismatch: wrong key or corrupted file"));
  ExpectNoOutput();
}

TEST_F(SecretboxFileFailureTest, AnyFlippedByteIsDetected) {
  for (size_t pos : {0ul, 23ul, 24ul, 39ul, 40ul, 500ul, 1039ul}) {
    std::string data = Enc();
    data[pos] ^= 0x40;
    ASSERT_TRUE(fs_.WriteFile("/bad.enc", data).ok());
    Status s = DecryptFile(fs_, "/bad.enc", "/out.py", key_);
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << pos;
    ExpectNoOutput();
  }
}

TEST_F(SecretboxFileFailureTest, TruncatedFileIsReported) {
  ASSERT_TRUE(fs_.WriteFile("/short.enc", Enc().substr(0, 39)).ok());
  Status s = DecryptFile(fs_, "/short.enc", "/out.py", key_);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("/short.enc"));
  EXPECT_THAT(s.message(), HasSubstr("truncated file"));
  EXPECT_THAT(s.message(), HasSubstr("found 39"));
  ExpectNoOutput();
}

TEST_F(SecretboxFileFailureTest, CutCiphertextFailsTheTag) {
  ASSERT_TRUE(fs_.WriteFile("/cut.enc", Enc().substr(0, 600)).ok());
  EXPECT_EQ(DecryptFile(fs_, "/cut.enc", "/out.py", key_).code(), StatusCode::kDataLoss);
  ExpectNoOutput();
}

TEST_F(SecretboxFileFailureTest, KeyOfWrongLengthIsNamed) {
  Bytes short_key(31, 1);
  Status s = DecryptFile(fs_, "/app.py.enc", "/out.py", short_key);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("/app.py.enc"));
  EXPECT_THAT(s.message(), HasSubstr("expected 32 bytes, found 31"));
  Status e = EncryptFile(fs_, "/app.py", "/x.enc", Bytes(33, 1), nonce_);
  EXPECT_EQ(e.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(e.message(), HasSubstr("/app.py"));
  EXPECT_THAT(e.message(), HasSubstr("expected 32 bytes, found 33"));
  Status n = EncryptFile(fs_, "/app.py", "/x.enc", key_, Bytes(12, 1));
  EXPECT_THAT(n.message(), HasSubstr("nonce: expected 24 bytes, found 12"));
  EXPECT_FALSE(fs_.Exists("/x.enc"));
}

TEST_F(SecretboxFileFailureTest, MissingInputIsNotFound) {
  EXPECT_EQ(DecryptFile(fs_, "/nope.enc", "/out.py", key_).code(), StatusCode::kNotFound);
  EXPECT_EQ(EncryptFile(fs_, "/nope.py", "/out.enc", key_, nonce_).code(), StatusCode::kNotFound);
}

TEST_F(SecretboxFileFailureTest, WriteFailureLeavesNothing) {
  // Encrypting 1000 bytes writes nonce, placeholder, one chunk, then the tag.
  for (int n = 0; n < 4; ++n) {
    fs_.FailWriteNumber(n);
    EXPECT_FALSE(EncryptFile(fs_, "/app.py", "/new.enc", key_, nonce_).ok()) << n;
    EXPECT_FALSE(fs_.Exists("/new.enc"));
    EXPECT_EQ(fs_.open_temporaries(), 0);
  }
  fs_.FailWriteNumber(0);
  EXPECT_FALSE(DecryptFile(fs_, "/app.py.enc", "/out.py", key_).ok());
  ExpectNoOutput();
  fs_.FailCommits(true);
  EXPECT_FALSE(DecryptFile(fs_, "/app.py.enc", "/out.py", key_).ok());
  ExpectNoOutput();
}

TEST_F(SecretboxFileFailureTest, EmptyPlaintextRoundTrips) {
  ASSERT_TRUE(fs_.WriteFile("/empty", "").ok());
  ASSERT_TRUE(EncryptFile(fs_, "/empty", "/empty.enc", key_, nonce_).ok());
  EXPECT_EQ(fs_.files().at("/empty.enc").data.size(), 40u);
  ASSERT_TRUE(DecryptFile(fs_, "/empty.enc", "/out.py", key_).ok());
  EXPECT_EQ(fs_.files().at("/out.py").data, "");
}

TEST(SecretboxProgressTest, ReportsEveryChunkUpToTotal) {
  FakeFileSystem fs;
  Bytes key = Counting(32), nonce = Counting(24);
  ASSERT_TRUE(fs.WriteFile("/big", Pattern(200000)).ok());
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  auto record = [&](uint64_t done, uint64_t total) { calls.emplace_back(done, total); };
  ASSERT_TRUE(EncryptFile(fs, "/big", "/big.enc", key, nonce, record).ok());
  ASSERT_EQ(calls.size(), 4u);  // 3 × 64 KiB + a tail
  EXPECT_EQ(calls.front(), std::make_pair(uint64_t{65536}, uint64_t{200000}));
  EXPECT_EQ(calls.back(), std::make_pair(uint64_t{200000}, uint64_t{200000}));
  calls.clear();
  ASSERT_TRUE(DecryptFile(fs, "/big.enc", "/big.out", key, record).ok());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(uint64_t{200000}, uint64_t{200000}));
}

TEST(SecretboxOpenTest, RejectsWrongKeyTruncationAndKeyLength) {
  Bytes key = Counting(32), nonce = Counting(24);
  Bytes box = SecretboxSeal(key, nonce, ToBytes("secret")).value();
  Bytes wrong = key;
  wrong[31] ^= 0x80;
  auto bad = SecretboxOpen(wrong, box);
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(bad.status().message(), HasSubstr("authentication tag mismatch"));
  auto short_box = SecretboxOpen(key, ByteView(box).first(39));
  EXPECT_EQ(short_box.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(short_box.status().message(), HasSubstr("found 39"));
  auto bad_key = SecretboxOpen(ByteView(key).first(16), box);
  EXPECT_EQ(bad_key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_key.status().message(), HasSubstr("expected 32 bytes, found 16"));
  EXPECT_EQ(SecretboxSeal(key, ByteView(nonce).first(23), box).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::crypto
