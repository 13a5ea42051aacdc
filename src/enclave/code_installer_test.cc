#include "enclave/code_installer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "crypto/code_dir.h"

namespace mse::enclave {
namespace {

using ::testing::HasSubstr;

class CodeInstallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs_.CreateDirectories("/code/pkg", FileMode::kNormal).ok());
    ASSERT_TRUE(fs_.WriteFile("/code/app.py", "print('hi')").ok());
    ASSERT_TRUE(fs_.WriteFile("/code/pkg/mod.py", "x = 1").ok());
    ASSERT_TRUE(fs_.WriteFile("/code/requirements.txt", "flask").ok());
    ASSERT_TRUE(crypto::EncryptDirectory(fs_, random_, "/code", "/enc", key_.view(), {}, nullptr).ok());
  }
  MeasuredCodeInstaller Installer(const std::string& app_dir) {
    auto measured = attest::sim::CodeFilesFromDirectory(fs_, app_dir);
    EXPECT_TRUE(measured.ok());
    return MeasuredCodeInstaller(fs_, {app_dir, "/mse-app", *measured});
  }
  bool ModulePathEmpty() {
    auto entries = fs_.ListDirectory("/mse-app");
    return !entries.ok() || entries->empty();
  }

  FakeFileSystem fs_;
  FakeRandom random_;
  SecretBytes key_ = SecretBytes(Bytes(32, 7));
};

TEST_F(CodeInstallerTest, DecryptsOnlyEncFiles) {
  auto installer = Installer("/enc");
  ASSERT_TRUE(installer.Install(&key_).ok());
  EXPECT_EQ(fs_.files().at("/mse-app/app.py").data, "print('hi')");
  EXPECT_EQ(fs_.files().at("/mse-app/pkg/mod.py").data, "x = 1");
  EXPECT_FALSE(fs_.Exists("/mse-app/requirements.txt"));
  ASSERT_TRUE(installer.Clear().ok());
  EXPECT_TRUE(ModulePathEmpty());
  EXPECT_TRUE(fs_.IsDirectory("/mse-app"));  // a mount point on SGX: kept
}

TEST_F(CodeInstallerTest, CopiesPlaintextCode) {
  auto installer = Installer("/code");
  ASSERT_TRUE(installer.Install(nullptr).ok());
  EXPECT_EQ(fs_.files().at("/mse-app/app.py").data, "print('hi')");
  EXPECT_EQ(fs_.files().at("/mse-app/requirements.txt").data, "flask");
}

TEST_F(CodeInstallerTest, EncryptedCodeWithoutAKeyIsRefusedWithNothingWritten) {
  auto installer = Installer("/enc");
  Status s = installer.Install(nullptr);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("no code key"));
  EXPECT_TRUE(ModulePathEmpty());
  SecretBytes key(32);
  auto plain = Installer("/code");
  EXPECT_THAT(plain.Install(&key).message(), HasSubstr("holds no encrypted file"));
}

TEST_F(CodeInstallerTest, WrongKeyLeavesModulePathEmpty) {
  auto installer = Installer("/enc");
  SecretBytes wrong(Bytes(32, 8));
  Status s = installer.Install(&wrong);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("does not decrypt"));
  EXPECT_TRUE(ModulePathEmpty());
  EXPECT_EQ(fs_.open_temporaries(), 0);
}

TEST_F(CodeInstallerTest, AFileChangedAfterTheMeasurementIsRefused) {
  auto installer = Installer("/code");
  ASSERT_TRUE(fs_.WriteFile("/code/pkg/mod.py", "x = 'evil'").ok());
  Status s = installer.Install(nullptr);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("/code/pkg/mod.py changed since the enclave measured it"));
  EXPECT_TRUE(ModulePathEmpty());
  // A file added after the measurement is never copied.
  auto fresh = Installer("/enc");
  ASSERT_TRUE(fs_.WriteFile("/enc/extra.py.enc", "not measured").ok());
  ASSERT_TRUE(fresh.Install(&key_).ok());
  EXPECT_FALSE(fs_.Exists("/mse-app/extra.py"));
}

TEST_F(CodeInstallerTest, OversizedFilesAreRefused) {
  auto measured = attest::sim::CodeFilesFromDirectory(fs_, "/code");
  ASSERT_TRUE(measured.ok());
  MeasuredCodeInstaller installer(fs_, {"/code", "/mse-app", *measured, 4});
  EXPECT_EQ(installer.Install(nullptr).code(), StatusCode::kOutOfRange);
  EXPECT_TRUE(ModulePathEmpty());
}

TEST(RemoveDirectoryContentsTest, EmptiesAndKeepsTheDirectory) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/m/a/b", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/m/a/b/c", "x").ok());
  ASSERT_TRUE(fs.WriteFile("/m/d", "y").ok());
  ASSERT_TRUE(RemoveDirectoryContents(fs, "/m").ok());
  EXPECT_TRUE(fs.IsDirectory("/m"));
  EXPECT_TRUE(fs.ListDirectory("/m")->empty());
  EXPECT_TRUE(RemoveDirectoryContents(fs, "/missing").ok());
}

}  // namespace
}  // namespace mse::enclave
