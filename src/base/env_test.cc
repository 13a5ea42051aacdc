#include "base/env.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse {
namespace {

class PosixFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = fs_.MakeTempDirectory(::testing::TempDir(), "mse-env-test-");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = *dir;
  }
  void TearDown() override { (void)fs_.RemoveAll(dir_); }

  FileSystem& fs_ = RealFileSystem();
  std::string dir_;
};

TEST_F(PosixFileSystemTest, WriteThenRead) {
  std::string path = JoinPath(dir_, "a.txt");
  ASSERT_TRUE(fs_.WriteFile(path, "hello").ok());
  auto text = fs_.ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "hello");
}

TEST_F(PosixFileSystemTest, AbortedWriteLeavesOldFileIntactAndNoTemporary) {
  std::string path = JoinPath(dir_, "config.toml");
  ASSERT_TRUE(fs_.WriteFile(path, "old content").ok());
  {
    auto file = fs_.CreateAtomic(path, FileMode::kNormal);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Append(AsBytes("half of the new")).ok());
    // The writer dies here without Commit(): a failure in the middle.
  }
  auto text = fs_.ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "old content");
  auto entries = fs_.ListDirectory(dir_);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 1u) << "temporary file left behind";
}

TEST_F(PosixFileSystemTest, SecretFilesAre0600AndNormal0644) {
  std::string secret = JoinPath(dir_, "key");
  std::string normal = JoinPath(dir_, "pub");
  ASSERT_TRUE(fs_.WriteFile(secret, "k", FileMode::kSecret).ok());
  ASSERT_TRUE(fs_.WriteFile(normal, "p").ok());
  struct stat st;
  ASSERT_EQ(::stat(secret.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(normal.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(PosixFileSystemTest, WriteAtPatchesEarlierBytes) {
  std::string path = JoinPath(dir_, "patched");
  auto file = fs_.CreateAtomic(path, FileMode::kNormal);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append(AsBytes("0000data")).ok());
  ASSERT_TRUE((*file)->WriteAt(0, AsBytes("TAG!")).ok());
  ASSERT_TRUE((*file)->Commit().ok());
  EXPECT_EQ(*fs_.ReadFile(path), "TAG!data");
}

TEST_F(PosixFileSystemTest, MissingFileIsNotFoundWithPath) {
  auto text = fs_.ReadFile(JoinPath(dir_, "nope"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kNotFound);
  EXPECT_NE(text.status().message().find("nope"), std::string::npos);
}

TEST_F(PosixFileSystemTest, CreateDirectoriesIsRecursive) {
  std::string deep = JoinPath(dir_, "a/b/c");
  ASSERT_TRUE(fs_.CreateDirectories(deep, FileMode::kSecret).ok());
  EXPECT_TRUE(fs_.IsDirectory(deep));
  struct stat st;
  ASSERT_EQ(::stat(deep.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(FakeFileSystemTest, InjectedWriteFailureKeepsOldFile) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/w", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/w/f", "old").ok());
  fs.FailWriteNumber(1);
  auto file = fs.CreateAtomic("/w/f", FileMode::kNormal);
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE((*file)->Append(AsBytes("new1")).ok());
  EXPECT_EQ((*file)->Append(AsBytes("new2")).code(), StatusCode::kDataLoss);
  file->reset();
  EXPECT_EQ(*fs.ReadFile("/w/f"), "old");
  EXPECT_EQ(fs.open_temporaries(), 0);
}

TEST(FakeFileSystemTest, FailedCommitKeepsOldFile) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/w", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/w/f", "old").ok());
  fs.FailCommits(true);
  EXPECT_FALSE(fs.WriteFile("/w/f", "new").ok());
  EXPECT_EQ(*fs.ReadFile("/w/f"), "old");
}

TEST(PathTest, JoinBaseDir) {
  EXPECT_EQ(JoinPath("a", "b"), "a/b");
  EXPECT_EQ(JoinPath("a/", "b"), "a/b");
  EXPECT_EQ(JoinPath("a", "/abs"), "/abs");
  EXPECT_EQ(BaseName("/x/y/z.txt"), "z.txt");
  EXPECT_EQ(BaseName("dir/"), "dir");
  EXPECT_EQ(DirName("/x/y/z.txt"), "/x/y");
  EXPECT_EQ(DirName("z.txt"), ".");
  EXPECT_EQ(DirName("/z"), "/");
}

TEST(PathTest, ExpandUser) {
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(ExpandUser("~/.config/mse"), "/home/u/.config/mse");
  EXPECT_EQ(ExpandUser("~"), "/home/u");
  EXPECT_EQ(ExpandUser("/abs"), "/abs");
}

}  // namespace
}  // namespace mse
