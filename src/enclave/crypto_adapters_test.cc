#include "enclave/crypto_adapters.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "crypto/sealed_box.h"
#include "crypto/x25519.h"

namespace mse::enclave {
namespace {

TEST(SealedBoxUnsealerTest, OpensBoxesSealedToTheEnclaveKey) {
  FakeRandom random;
  crypto::X25519KeyPair pair = crypto::GenerateX25519KeyPair(random);
  auto sealed = crypto::SealedBoxSeal(pair.public_key, AsBytes("{\"a\": 1}"), random);
  ASSERT_TRUE(sealed.ok());
  SealedBoxUnsealer unsealer(pair.secret_key.view());
  auto opened = unsealer.Unseal(*sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(AsStringView(opened->view()), "{\"a\": 1}");
  sealed->back() ^= 1;
  EXPECT_FALSE(unsealer.Unseal(*sealed).ok());
}

}  // namespace
}  // namespace mse::enclave
