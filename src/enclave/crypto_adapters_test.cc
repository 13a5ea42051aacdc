#include "enclave/crypto_adapters.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"
#include "crypto/code_dir.h"
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

TEST(EnclaveCodeDecryptorTest, DecryptsEncFilesOrCopiesPlaintext) {
  FakeFileSystem fs;
  FakeRandom random;
  ASSERT_TRUE(fs.CreateDirectories("/code/pkg", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/code/app.py", "print('hi')").ok());
  ASSERT_TRUE(fs.WriteFile("/code/pkg/mod.py", "x = 1").ok());
  SecretBytes key(32);
  auto nonces = crypto::EncryptDirectory(fs, random, "/code", "/app", key.view(), {}, nullptr);
  ASSERT_TRUE(nonces.ok()) << nonces.status().ToString();
  EnclaveCodeDecryptor decryptor(fs);
  ASSERT_TRUE(decryptor.Install("/app", "/mse-app", &key).ok());
  EXPECT_EQ(fs.files().at("/mse-app/app.py").data, "print('hi')");
  EXPECT_EQ(fs.files().at("/mse-app/pkg/mod.py").data, "x = 1");

  SecretBytes wrong(32);
  wrong.data()[0] = 1;
  EXPECT_FALSE(decryptor.Install("/app", "/other", &wrong).ok());
  EXPECT_FALSE(IsConfigured(fs, "/other"));

  ASSERT_TRUE(decryptor.Install("/code", "/plain", nullptr).ok());
  EXPECT_EQ(fs.files().at("/plain/app.py").data, "print('hi')");
}

}  // namespace
}  // namespace mse::enclave
