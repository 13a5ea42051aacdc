#include "attest/sim/seal_key.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"
#include "crypto/hash.h"

namespace mse::attest::sim {
namespace {

SimEnclaveIdentity Identity(std::string_view code) {
  SimEnclaveIdentity id;
  id.mr_enclave = crypto::Sha256(AsBytes(code));
  return id;
}

TEST(SimSealKeyTest, DependsOnThePlatformAndTheMeasurementOnly) {
  FakeEnv env;
  auto a = SimPlatform::Init(env.fs, env.clock, env.random, "/sim/a");
  auto b = SimPlatform::Init(env.fs, env.clock, env.random, "/sim/b");
  ASSERT_TRUE(a.ok() && b.ok());
  auto key = SimSealKey(*a, Identity("code"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), kSealKeySize);
  // Stable across loads of the same platform (a restart).
  auto reloaded = SimPlatform::Load(env.fs, "/sim/a");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(HexEncode(SimSealKey(*reloaded, Identity("code"))->view()), HexEncode(key->view()));
  // Another measurement or another platform: another key.
  EXPECT_NE(HexEncode(SimSealKey(*a, Identity("edited code"))->view()), HexEncode(key->view()));
  EXPECT_NE(HexEncode(SimSealKey(*b, Identity("code"))->view()), HexEncode(key->view()));
  SimEnclaveIdentity other_svn = Identity("code");
  other_svn.isv_svn = 11;
  EXPECT_NE(HexEncode(SimSealKey(*a, other_svn)->view()), HexEncode(key->view()));
  // MRSIGNER does not enter an MRENCLAVE-policy key.
  SimEnclaveIdentity other_signer = Identity("code");
  other_signer.mr_signer[0] = 1;
  EXPECT_EQ(HexEncode(SimSealKey(*a, other_signer)->view()), HexEncode(key->view()));
}

}  // namespace
}  // namespace mse::attest::sim
