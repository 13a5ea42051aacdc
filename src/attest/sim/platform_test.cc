#include "attest/sim/platform.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "attest/collateral.h"
#include "attest/sim/platform_files.h"
#include "attest/sim/sgx_extension.h"
#include "base/fake_env.h"
#include "base/scoped_dir.h"

namespace mse::attest::sim {
namespace {

constexpr char kDir[] = "/home/op/.config/mse/sim";

std::string P(const char* name) { return JoinPath(kDir, name); }

TEST(SimPlatformTest, InitWritesEveryFileWithSecretKeys) {
  FakeEnv env;
  auto platform = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  ASSERT_TRUE(platform.ok()) << platform.status().message();
  for (const char* key :
       {kRootKeyFile, kPckCaKeyFile, kPckLeafKeyFile, kTcbSigningKeyFile, kAttestationKeyFile}) {
    ASSERT_TRUE(env.fs.files().count(P(key))) << key;
    EXPECT_EQ(env.fs.files().at(P(key)).mode, FileMode::kSecret) << key;
  }
  EXPECT_EQ(env.fs.files().at(P(kRootCertFile)).mode, FileMode::kNormal);
  EXPECT_EQ(platform->root().SubjectCommonName(), kSimRootCommonName);
  EXPECT_EQ(platform->pck_ca().SubjectCommonName(), "Intel SGX PCK Platform CA");
  EXPECT_NE(platform->pck_ca().SubjectName().find("O=MSE Simulation"), std::string::npos);
  EXPECT_EQ(platform->pck_leaf().SubjectCommonName(), "Intel SGX PCK Certificate");
  EXPECT_EQ(platform->tcb_signing().SubjectCommonName(), "Intel SGX TCB Signing");
  EXPECT_EQ(platform->collateral_next_update(), env.clock.NowUnixSeconds() + kCollateralValiditySeconds);
  // The collateral directory is readable by the generic loader too.
  auto collateral = LoadCollateralDirectory(env.fs, P(kCollateralDir));
  ASSERT_TRUE(collateral.ok()) << collateral.status().message();
  EXPECT_EQ(collateral->tcb_info_body, platform->collateral().tcb_info_body);
  EXPECT_EQ(env.fs.open_temporaries(), 0);
}

TEST(SimPlatformTest, RealFileSystemKeysAre0600) {
  FileSystem& fs = RealFileSystem();
  auto tmp = fs.MakeTempDirectory("/tmp", "mse-sim-test");
  ASSERT_TRUE(tmp.ok());
  ScopedDirectory cleanup(fs, *tmp);
  const std::string dir = JoinPath(*tmp, "sim");
  auto platform = SimPlatform::Init(fs, RealClock(), RealRandom(), dir);
  ASSERT_TRUE(platform.ok()) << platform.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(JoinPath(dir, kAttestationKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = SimPlatform::Load(fs, dir);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->RootKey(), platform->RootKey());
}

TEST(SimPlatformTest, LoadRestoresTheSamePlatform) {
  FakeEnv env;
  auto created = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  ASSERT_TRUE(created.ok());
  auto loaded = SimPlatform::Load(env.fs, kDir);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->RootKey(), created->RootKey());
  EXPECT_EQ(loaded->PckChainPem(), created->PckChainPem());
  EXPECT_EQ(loaded->collateral().qe_identity_body, created->collateral().qe_identity_body);
  EXPECT_EQ(loaded->collateral().root_ca_crl_der, created->collateral().root_ca_crl_der);
  EXPECT_EQ(loaded->collateral_next_update(), created->collateral_next_update());
  EXPECT_EQ(loaded->attestation_key().PublicPoint(), created->attestation_key().PublicPoint());
  EXPECT_EQ(loaded->pck_extension().FmspcHex(), "53494D000001");
}

TEST(SimPlatformTest, InitRefusesToOverwriteAPlatform) {
  FakeEnv env;
  ASSERT_TRUE(SimPlatform::Init(env.fs, env.clock, env.random, kDir).ok());
  auto again = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
}

TEST(SimPlatformTest, MissingFileSaysToRunInit) {
  FakeEnv env;
  ASSERT_TRUE(SimPlatform::Init(env.fs, env.clock, env.random, kDir).ok());
  ASSERT_TRUE(env.fs.RemoveFile(P(kAttestationKeyFile)).ok());
  auto loaded = SimPlatform::Load(env.fs, kDir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(loaded.status().message(),
            "simulated platform file " + P(kAttestationKeyFile) + " is missing: run `mse home sim init`");
  FakeEnv empty;
  auto nothing = SimPlatform::Load(empty.fs, kDir);
  EXPECT_NE(nothing.status().message().find("root_ca.pem is missing"), std::string::npos);
  EXPECT_FALSE(ExportSimRootPem(empty.fs, kDir).ok());
}

class SimPlatformCorruptionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SimPlatformCorruptionTest, CorruptedFileIsReportedByName) {
  FakeEnv env;
  ASSERT_TRUE(SimPlatform::Init(env.fs, env.clock, env.random, kDir).ok());
  const std::string path = JoinPath(kDir, GetParam());
  ASSERT_TRUE(env.fs.WriteFile(path, std::string_view("garbage\n")).ok());
  auto loaded = SimPlatform::Load(env.fs, kDir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(loaded.status().message().find("simulated platform file " + path + " is corrupted: "),
            std::string::npos)
      << loaded.status().message();
}

INSTANTIATE_TEST_SUITE_P(Files, SimPlatformCorruptionTest,
                         ::testing::Values("root_ca.pem", "pck_leaf.pem", "pck_ca.key", "attestation.key",
                                           "collateral/root_ca_crl.der", "collateral/pck_crl.der",
                                           "collateral/tcb_info.json", "collateral/qe_identity.json",
                                           "collateral/tcb_info_issuer_chain.pem"));

TEST(SimPlatformTest, KeySwappedWithAnotherIsCorruption) {
  FakeEnv env;
  ASSERT_TRUE(SimPlatform::Init(env.fs, env.clock, env.random, kDir).ok());
  auto other = env.fs.ReadFile(P(kTcbSigningKeyFile));
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(env.fs.WriteFile(P(kRootKeyFile), *other, FileMode::kSecret).ok());
  auto loaded = SimPlatform::Load(env.fs, kDir);
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(loaded.status().message().find("does not match"), std::string::npos);
}

TEST(SimPlatformTest, FailedWriteLeavesNoTemporaryFile) {
  FakeEnv env;
  env.fs.FailWriteNumber(3);
  auto platform = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  EXPECT_FALSE(platform.ok());
  EXPECT_EQ(env.fs.open_temporaries(), 0);
  EXPECT_FALSE(env.fs.Exists(P(kRootCertFile)));  // the completion marker is written last
}

TEST(SimPlatformTest, RenewOnlyNearExpiryUnlessForced) {
  FakeEnv env;
  auto platform = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  ASSERT_TRUE(platform.ok());
  const std::string before = platform->collateral().tcb_info_body;
  env.clock.Set(env.clock.NowUnixSeconds() + 20 * 86400);
  auto renewed = platform->Renew(env.fs, env.clock);
  ASSERT_TRUE(renewed.ok());
  EXPECT_FALSE(*renewed);
  env.clock.Set(env.clock.NowUnixSeconds() + 4 * 86400);  // 6 days left
  renewed = platform->Renew(env.fs, env.clock);
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(*renewed);
  EXPECT_NE(platform->collateral().tcb_info_body, before);
  EXPECT_EQ(platform->collateral_next_update(), env.clock.NowUnixSeconds() + kCollateralValiditySeconds);
  auto reloaded = SimPlatform::Load(env.fs, kDir);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->collateral().tcb_info_body, platform->collateral().tcb_info_body);
  renewed = platform->Renew(env.fs, env.clock, /*force=*/true);
  EXPECT_TRUE(renewed.ok() && *renewed);
}

TEST(SimPlatformTest, ExportedRootIsASimulatedAnchor) {
  FakeEnv env;
  auto platform = SimPlatform::Init(env.fs, env.clock, env.random, kDir);
  ASSERT_TRUE(platform.ok());
  auto pem = ExportSimRootPem(env.fs, kDir);
  ASSERT_TRUE(pem.ok());
  EXPECT_EQ(*pem, platform->RootPem());
  auto anchor = SimAnchorFromPem(*pem);
  ASSERT_TRUE(anchor.ok()) << anchor.status().message();
  EXPECT_TRUE(anchor->simulated);
  EXPECT_EQ(anchor->key, platform->RootKey());
  auto not_root = SimAnchorFromPem(platform->pck_ca().ToPem());
  EXPECT_EQ(not_root.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(not_root.status().message().find("Intel SGX PCK Platform CA"), std::string::npos);
}

TEST(SgxExtensionTest, EncodingParsesBackIntoTheSameValues) {
  PckExtension ext;
  ext.ppid = Bytes(16, 0xab);
  for (size_t i = 0; i < 16; ++i) ext.tcb_components[i] = static_cast<uint8_t>(i * 17);
  ext.pcesvn = 300;
  ext.cpusvn.fill(0x7f);
  ext.pce_id = {0x00, 0x01};
  ext.fmspc = {0x00, 0x90, 0x6e, 0xd5, 0x00, 0x00};
  ext.sgx_type = 1;
  ext.platform_instance_id = Bytes(16, 0x42);
  ext.dynamic_platform = true;
  ext.cached_keys = false;
  ext.smt_enabled = true;
  auto parsed = ParsePckExtension(EncodePckExtension(ext));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->ppid, ext.ppid);
  EXPECT_EQ(parsed->tcb_components, ext.tcb_components);
  EXPECT_EQ(parsed->pcesvn, 300);
  EXPECT_EQ(parsed->cpusvn, ext.cpusvn);
  EXPECT_EQ(parsed->PceIdHex(), "0001");
  EXPECT_EQ(parsed->FmspcHex(), "00906ED50000");
  EXPECT_EQ(parsed->sgx_type, 1u);
  EXPECT_EQ(parsed->platform_instance_id, ext.platform_instance_id);
  EXPECT_EQ(parsed->dynamic_platform, std::optional<bool>(true));
  EXPECT_EQ(parsed->cached_keys, std::optional<bool>(false));
  EXPECT_EQ(parsed->smt_enabled, std::optional<bool>(true));
}

TEST(SgxExtensionTest, DerPrimitivesMatchKnownEncodings) {
  EXPECT_EQ(DerOid("1.2.840.113741.1.13.1"),
            (Bytes{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01}));
  EXPECT_EQ(DerUnsigned(0x02, 0), (Bytes{0x02, 0x01, 0x00}));
  EXPECT_EQ(DerUnsigned(0x02, 128), (Bytes{0x02, 0x02, 0x00, 0x80}));
  EXPECT_EQ(DerTlv(0x04, Bytes(200, 0)).size(), 203u);  // 0x04 0x81 0xc8 + 200
}

}  // namespace
}  // namespace mse::attest::sim
