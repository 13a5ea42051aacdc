#include "cli/cloud_init.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "cli/cloud_contexts.h"

namespace mse::cli {
namespace {

TEST(CloudInitChecksTest, AppName) {
  EXPECT_TRUE(CheckAppName("a").ok());
  EXPECT_FALSE(CheckAppName("").ok());
  EXPECT_TRUE(CheckAppName(std::string(255, 'x')).ok());
  EXPECT_FALSE(CheckAppName(std::string(256, 'x')).ok());
}

TEST(CloudInitChecksTest, DockerReferenceNeedsATagOtherThanLatest) {
  EXPECT_TRUE(CheckDockerReference("ghcr.io/cosmian/mse-flask:20230810125234").ok());
  EXPECT_TRUE(CheckDockerReference("localhost:5000/mse-base:0.1.0").ok());
  EXPECT_TRUE(CheckDockerReference("mse-base@sha256:0123").ok());
  EXPECT_FALSE(CheckDockerReference("mse-base:latest").ok());
  EXPECT_FALSE(CheckDockerReference("mse-base").ok());
  EXPECT_FALSE(CheckDockerReference("localhost:5000/mse-base").ok());
  EXPECT_FALSE(CheckDockerReference("").ok());
  EXPECT_FALSE(CheckDockerReference("a b:1").ok());
}

TEST(CloudInitChecksTest, PythonApplicationAndHealthcheck) {
  EXPECT_TRUE(CheckPythonApplication("app:app").ok());
  EXPECT_TRUE(CheckPythonApplication("pkg.mod:application").ok());
  for (const char* bad : {"app", ":app", "app:", "a:b:c"})
    EXPECT_FALSE(CheckPythonApplication(bad).ok()) << bad;
  EXPECT_TRUE(CheckHealthcheck("/").ok());
  EXPECT_FALSE(CheckHealthcheck("health").ok());
  EXPECT_FALSE(CheckHealthcheck("").ok());
}

TEST(CloudInitChecksTest, DirectoriesMustExist) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/w/mse_src", FileMode::kNormal).ok());
  EXPECT_TRUE(CheckDirectory(fs, "/w/mse_src", "code location").ok());
  Status missing = CheckDirectory(fs, "/w/tests", "tests location");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("tests location '/w/tests'"), std::string::npos);
}

TEST(CloudContextsTest, AppIdsAreCheckedAndLowercased) {
  EXPECT_EQ(*NormalizeAppId("631A988F-4001-4593-A023-D316EB57D1F1"), "631a988f-4001-4593-a023-d316eb57d1f1");
  for (const char* bad : {"", "../../etc/passwd", "631a988f40014593a023d316eb57d1f1",
                          "631a988f-4001-4593-a023-d316eb57d1fg", "631a988f-4001-4593-a023-d316eb57d1f1/"}) {
    EXPECT_FALSE(NormalizeAppId(bad).ok()) << bad;
  }
}

TEST(CloudContextsTest, SaveListLoadRemove) {
  FakeFileSystem fs;
  const std::string id = "631a988f-4001-4593-a023-d316eb57d1f1";
  format::CloudContext context;
  context.config = {"n", "p", "d", "app:app", "/t", "pytest", {}, SecretBytes(Bytes(32, 1)), std::nullopt};
  ASSERT_TRUE(fs.CreateDirectories("/ws", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/ws/app.tar", std::string_view("tar")).ok());
  ASSERT_TRUE(SaveAppContext(fs, "/conf", id, context, "/ws/app.tar").ok());
  EXPECT_EQ(fs.files().at("/conf/context/" + id + "/context.mse").mode, FileMode::kSecret);
  EXPECT_EQ(fs.files().at("/conf/context/" + id + "/app.tar").data, "tar");
  ASSERT_TRUE(fs.CreateDirectories("/conf/context/not-a-uuid", FileMode::kSecret).ok());
  EXPECT_EQ(*ListContextIds(fs, "/conf"), std::vector<std::string>{id});
  EXPECT_EQ(LoadAppContext(fs, "/conf", id)->config.name, "n");
  ASSERT_TRUE(RemoveAppContext(fs, "/conf", id).ok());
  EXPECT_EQ(LoadAppContext(fs, "/conf", id).status().message(), "Can't find context for UUID: " + id);
  EXPECT_EQ(RemoveAppContext(fs, "/conf", id).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mse::cli
