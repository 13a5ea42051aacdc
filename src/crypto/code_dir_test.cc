#include "crypto/code_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/secretbox.h"

namespace mse::crypto {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Bytes Key(uint8_t fill = 0x11) { return Bytes(32, fill); }

std::set<std::string> FilesUnder(const FakeFileSystem& fs, const std::string& dir) {
  std::set<std::string> out;
  for (const auto& [path, file] : fs.files()) {
    if (path.rfind(dir + "/", 0) == 0) out.insert(path.substr(dir.size() + 1));
  }
  return out;
}

// Skips __pycache__ directories and *.pyc files, like a .mseignore would.
bool IgnorePyCache(std::string_view, std::string_view basename, bool is_directory) {
  return (is_directory && basename == "__pycache__") || basename.ends_with(".pyc");
}

class CodeDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* path : {"app.py", "Makefile", "x.tar.gz", "requirements.txt", "pkg/mod.py",
                             "pkg/requirements.txt", "pkg/deep/z.py", ".hidden", ".git/config",
                             "pkg/.env", "__pycache__/app.cpython.pyc", "pkg/old.pyc"}) {
      std::string full = "/code/" + std::string(path);
      ASSERT_TRUE(fs_.CreateDirectories(DirName(full), FileMode::kNormal).ok());
      ASSERT_TRUE(fs_.WriteFile(full, "content of " + std::string(path) + "\n").ok());
    }
  }

  StatusOr<NonceMap> Encrypt(const NonceMap* given = nullptr, const std::string& dst = "/out") {
    return EncryptDirectory(fs_, random_, "/code", dst, Key(), IgnorePyCache, given);
  }

  FakeFileSystem fs_;
  FakeRandom random_;
};

TEST_F(CodeDirTest, EncryptsEveryShippedFileAndKeepsRequirementsPlain) {
  auto nonces = Encrypt();
  ASSERT_TRUE(nonces.ok()) << nonces.status().ToString();
  EXPECT_EQ(
      FilesUnder(fs_, "/out"),
      (std::set<std::string>{"Makefile.enc", "app.py.enc", "pkg/deep/z.py.enc", "pkg/mod.py.enc",
                             "pkg/requirements.txt", "requirements.txt", "x.tar.gz.enc"}));
  std::vector<std::string> keys;
  for (const auto& [rel, nonce] : *nonces) keys.push_back(rel);
  EXPECT_THAT(keys, ElementsAre("Makefile", "app.py", "pkg/deep/z.py", "pkg/mod.py", "x.tar.gz"));
  EXPECT_EQ(fs_.files().at("/out/pkg/requirements.txt").data, "content of pkg/requirements.txt\n");
  for (const auto& [rel, nonce] : *nonces) {
    const std::string& enc = fs_.files().at("/out/" + rel + ".enc").data;
    EXPECT_EQ(enc.substr(0, 24), ToString(nonce)) << rel;
    auto plain = SecretboxOpen(Key(), AsBytes(enc));
    ASSERT_TRUE(plain.ok()) << rel;
    EXPECT_EQ(ToString(plain->view()), "content of " + rel + "\n");
  }
}

TEST_F(CodeDirTest, NoncesAreDistinct) {
  auto nonces = Encrypt();
  ASSERT_TRUE(nonces.ok());
  std::set<Bytes> distinct;
  for (const auto& [rel, nonce] : *nonces) {
    EXPECT_EQ(nonce.size(), 24u);
    distinct.insert(nonce);
  }
  EXPECT_EQ(distinct.size(), nonces->size());
}

TEST_F(CodeDirTest, IgnoreSeesRelativePathsAndSkipsDirectoriesWhole) {
  std::vector<std::tuple<std::string, std::string, bool>> calls;
  auto ignore = [&](std::string_view rel, std::string_view base, bool is_dir) {
    calls.emplace_back(std::string(rel), std::string(base), is_dir);
    return base == "pkg";
  };
  auto nonces = EncryptDirectory(fs_, random_, "/code", "/out", Key(), ignore, nullptr);
  ASSERT_TRUE(nonces.ok());
  EXPECT_EQ(FilesUnder(fs_, "/out"),
            (std::set<std::string>{"Makefile.enc", "__pycache__/app.cpython.pyc.enc", "app.py.enc",
                                   "requirements.txt", "x.tar.gz.enc"}));
  EXPECT_THAT(calls,
              ::testing::Contains(std::make_tuple(std::string("pkg"), std::string("pkg"), true)));
  EXPECT_THAT(calls, ::testing::Contains(std::make_tuple(std::string("__pycache__/app.cpython.pyc"),
                                                         std::string("app.cpython.pyc"), false)));
  for (const auto& call : calls) {
    EXPECT_EQ(std::get<0>(call).find("pkg/"), std::string::npos) << "pkg contents visited";
    EXPECT_NE(std::get<1>(call)[0], '.') << "hidden entries never reach ignore";
  }
}

TEST_F(CodeDirTest, GivenNoncesRecreateIdenticalCiphertext) {
  auto first = Encrypt(nullptr, "/a");
  ASSERT_TRUE(first.ok());
  auto second = Encrypt(&*first, "/b");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
  for (const auto& rel : FilesUnder(fs_, "/a")) {
    EXPECT_EQ(fs_.files().at("/a/" + rel).data, fs_.files().at("/b/" + rel).data) << rel;
  }
}

TEST_F(CodeDirTest, MissingGivenNonceFailsAndLeavesNothing) {
  auto first = Encrypt(nullptr, "/a");
  ASSERT_TRUE(first.ok());
  NonceMap partial = *first;
  partial.erase("pkg/mod.py");
  auto second = Encrypt(&partial, "/b");
  EXPECT_EQ(second.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(second.status().message(), "nonce not found for pkg/mod.py");
  EXPECT_TRUE(FilesUnder(fs_, "/b").empty());
  EXPECT_FALSE(fs_.Exists("/b"));
  EXPECT_EQ(fs_.open_temporaries(), 0);
}

TEST_F(CodeDirTest, BadKeyAndMissingSourceAreReported) {
  auto bad_key = EncryptDirectory(fs_, random_, "/code", "/out", Bytes(16), nullptr, nullptr);
  EXPECT_EQ(bad_key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_key.status().message(), HasSubstr("expected 32 bytes, found 16"));
  auto missing = EncryptDirectory(fs_, random_, "/nope", "/out", Key(), nullptr, nullptr);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("/nope"));
}

TEST_F(CodeDirTest, DecryptRestoresOnlyEncryptedFiles) {
  ASSERT_TRUE(Encrypt().ok());
  Status s = DecryptDirectory(fs_, "/out", "/mse-app", Key());
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(
      FilesUnder(fs_, "/mse-app"),
      (std::set<std::string>{"Makefile", "app.py", "pkg/deep/z.py", "pkg/mod.py", "x.tar.gz"}));
  EXPECT_EQ(fs_.files().at("/mse-app/pkg/deep/z.py").data, "content of pkg/deep/z.py\n");
}

TEST_F(CodeDirTest, DecryptFailureLeavesModuleDirEmpty) {
  ASSERT_TRUE(Encrypt().ok());
  std::string tampered = fs_.files().at("/out/x.tar.gz.enc").data;  // sorted last
  tampered.back() ^= 1;
  ASSERT_TRUE(fs_.WriteFile("/out/x.tar.gz.enc", tampered).ok());
  Status s = DecryptDirectory(fs_, "/out", "/mse-app", Key());
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("/out/x.tar.gz.enc"));
  EXPECT_THAT(s.message(), HasSubstr("authentication tag mismatch"));
  EXPECT_TRUE(fs_.IsDirectory("/mse-app"));
  EXPECT_TRUE(fs_.ListDirectory("/mse-app")->empty());
  EXPECT_EQ(fs_.open_temporaries(), 0);
}

TEST_F(CodeDirTest, DecryptWithWrongKeyOrTruncatedFileFails) {
  ASSERT_TRUE(Encrypt().ok());
  Status wrong = DecryptDirectory(fs_, "/out", "/mse-app", Key(0x22));
  EXPECT_EQ(wrong.code(), StatusCode::kDataLoss);
  EXPECT_TRUE(fs_.ListDirectory("/mse-app")->empty());
  ASSERT_TRUE(fs_.WriteFile("/out/pkg/short.py.enc", "tooshort").ok());
  Status truncated = DecryptDirectory(fs_, "/out", "/mse-app", Key());
  EXPECT_THAT(truncated.message(), HasSubstr("/out/pkg/short.py.enc"));
  EXPECT_THAT(truncated.message(), HasSubstr("truncated file"));
  EXPECT_TRUE(fs_.ListDirectory("/mse-app")->empty());
}

TEST_F(CodeDirTest, DecryptRejectsBareEncName) {
  ASSERT_TRUE(fs_.CreateDirectories("/app", FileMode::kNormal).ok());
  ASSERT_TRUE(fs_.WriteFile("/app/.enc", std::string(40, 'x')).ok());
  Status s = DecryptDirectory(fs_, "/app", "/mse-app", Key());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("/app/.enc"));
}

// Real file system: symbolic links are followed, and a loop is reported
// instead of recursing forever.
TEST(CodeDirRealFsTest, FollowsSymlinksAndStopsOnLoops) {
  FileSystem& fs = RealFileSystem();
  auto tmp = fs.MakeTempDirectory("/tmp", "mse-code-dir-test-");
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString();
  std::string src = JoinPath(*tmp, "src"), dst = JoinPath(*tmp, "dst");
  ASSERT_TRUE(fs.CreateDirectories(JoinPath(src, "pkg"), FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile(JoinPath(src, "pkg/real.py"), "x = 1\n").ok());
  ASSERT_EQ(::symlink("pkg/real.py", JoinPath(src, "link.py").c_str()), 0);
  FakeRandom random;
  auto nonces = EncryptDirectory(fs, random, src, dst, Key(), nullptr, nullptr);
  ASSERT_TRUE(nonces.ok()) << nonces.status().ToString();
  EXPECT_EQ(nonces->size(), 2u);
  auto opened = SecretboxOpen(Key(), AsBytes(fs.ReadFile(JoinPath(dst, "link.py.enc")).value()));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(ToString(opened->view()), "x = 1\n");

  ASSERT_EQ(::symlink("..", JoinPath(src, "pkg/loop").c_str()), 0);
  std::string dst2 = JoinPath(*tmp, "dst2");
  auto looped = EncryptDirectory(fs, random, src, dst2, Key(), nullptr, nullptr);
  EXPECT_EQ(looped.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(looped.status().message(), HasSubstr("symlink loop"));
  EXPECT_FALSE(fs.Exists(dst2));
  ASSERT_TRUE(fs.RemoveAll(*tmp).ok());
}

}  // namespace
}  // namespace mse::crypto
