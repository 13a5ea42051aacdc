// Interoperability with the Python libraries the original tools use:
// PyNaCl (SecretBox, SealedBox) and cryptography.fernet, run through
// Debian's /usr/bin/python3. A missing module fails the test: these checks
// are the proof that our files and tokens are exchangeable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "base/encoding.h"
#include "base/env.h"
#include "base/fake_env.h"
#include "crypto/fernet.h"
#include "crypto/sealed_box.h"
#include "crypto/secretbox.h"
#include "crypto/x25519.h"

namespace mse::crypto {
namespace {

constexpr char kPython[] = "/usr/bin/python3";

// argv: op, then paths and hex keys. Reads/writes files only.
constexpr std::string_view kScript = R"PY(
import sys
op, args = sys.argv[1], sys.argv[2:]
def rd(p): return open(p, "rb").read()
def wr(p, b): open(p, "wb").write(b)
if op == "check":
    import nacl.secret, nacl.public, cryptography.fernet
elif op == "secretbox_decrypt":
    import nacl.secret
    wr(args[2], nacl.secret.SecretBox(bytes.fromhex(args[0])).decrypt(rd(args[1])))
elif op == "secretbox_encrypt":
    import nacl.secret
    wr(args[2], bytes(nacl.secret.SecretBox(bytes.fromhex(args[0])).encrypt(rd(args[1]))))
elif op == "sealed_open":
    import nacl.public
    box = nacl.public.SealedBox(nacl.public.PrivateKey(bytes.fromhex(args[0])))
    wr(args[2], box.decrypt(rd(args[1])))
elif op == "sealed_seal":
    import nacl.public
    box = nacl.public.SealedBox(nacl.public.PublicKey(bytes.fromhex(args[0])))
    wr(args[2], box.encrypt(rd(args[1])))
elif op == "fernet_decrypt":
    from cryptography.fernet import Fernet
    wr(args[2], Fernet(rd(args[0]).strip()).decrypt(rd(args[1])))
elif op == "fernet_encrypt":
    from cryptography.fernet import Fernet
    wr(args[2], Fernet(rd(args[0]).strip()).encrypt(rd(args[1])))
elif op == "fernet_genkey":
    from cryptography.fernet import Fernet
    wr(args[0], Fernet.generate_key() + b"\n")
else:
    sys.exit("unknown op " + op)
)PY";

Bytes Pattern(size_t n, uint32_t seed) {
  Bytes b(n);
  for (auto& v : b) {
    seed = seed * 1664525 + 1013904223;
    v = static_cast<uint8_t>(seed >> 24);
  }
  return b;
}

class CrossImplTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = fs_.MakeTempDirectory("/tmp", "mse-crypto-xtest-");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = *dir;
    ASSERT_TRUE(fs_.WriteFile(Path("x.py"), kScript).ok());
    std::string out;
    ASSERT_TRUE(Python("check", &out))
        << kPython << " cannot import nacl and cryptography.fernet (install python3-nacl and "
        << "python3-cryptography): " << out;
  }
  void TearDown() override { (void)fs_.RemoveAll(dir_); }

  std::string Path(std::string_view name) const { return JoinPath(dir_, name); }

  // Runs the helper script; true on exit status 0. Output (stderr too) in *out.
  bool Python(const std::string& args, std::string* out) {
    std::string command = std::string(kPython) + " " + Path("x.py") + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      *out = "popen failed";
      return false;
    }
    char buffer[4096];
    out->clear();
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out->append(buffer, n);
    return pclose(pipe) == 0;
  }

  void RunPython(const std::string& args) {
    std::string out;
    ASSERT_TRUE(Python(args, &out)) << "python3 x.py " << args << " failed:\n" << out;
  }

  std::string Read(std::string_view name) { return fs_.ReadFile(Path(name)).value(); }

  FileSystem& fs_ = RealFileSystem();
  std::string dir_;
};

TEST_F(CrossImplTest, OurEncFileOpensWithPyNaCl) {
  Bytes key = Pattern(32, 1), nonce = Pattern(24, 2), data = Pattern(200'003, 3);
  ASSERT_TRUE(fs_.WriteFile(Path("app.py"), data).ok());
  ASSERT_TRUE(EncryptFile(fs_, Path("app.py"), Path("app.py.enc"), key, nonce).ok());
  RunPython("secretbox_decrypt " + HexEncode(key) + " " + Path("app.py.enc") + " " + Path("out"));
  EXPECT_TRUE(Read("out") == ToString(data));
}

TEST_F(CrossImplTest, PyNaClSecretBoxOpensWithOurDecryptFile) {
  Bytes key = Pattern(32, 4), data = Pattern(70'000, 5);
  ASSERT_TRUE(fs_.WriteFile(Path("plain"), data).ok());
  RunPython("secretbox_encrypt " + HexEncode(key) + " " + Path("plain") + " " + Path("py.enc"));
  EXPECT_EQ(Read("py.enc").size(), data.size() + kSecretboxOverhead);
  Status s = DecryptFile(fs_, Path("py.enc"), Path("ours"), key);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Read("ours") == ToString(data));
}

TEST_F(CrossImplTest, OurSealedBoxOpensWithPyNaCl) {
  FakeRandom random;
  X25519KeyPair recipient = GenerateX25519KeyPair(random);
  Bytes message = ToBytes(R"({"code_secret_key": "00112233"})");
  auto sealed = SealedBoxSeal(recipient.public_key, message, RealRandom());
  ASSERT_TRUE(sealed.ok());
  ASSERT_TRUE(fs_.WriteFile(Path("sealed"), *sealed).ok());
  RunPython("sealed_open " + HexEncode(recipient.secret_key.view()) + " " + Path("sealed") + " " +
            Path("opened"));
  EXPECT_EQ(Read("opened"), ToString(message));
}

TEST_F(CrossImplTest, PyNaClSealedBoxOpensWithOurs) {
  X25519KeyPair recipient = GenerateX25519KeyPair(RealRandom());
  Bytes message = Pattern(1000, 6);
  ASSERT_TRUE(fs_.WriteFile(Path("msg"), message).ok());
  RunPython("sealed_seal " + HexEncode(recipient.public_key) + " " + Path("msg") + " " +
            Path("sealed"));
  std::string sealed = Read("sealed");
  auto opened = SealedBoxOpen(recipient.secret_key.view(), AsBytes(sealed));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(HexEncode(opened->view()), HexEncode(message));
}

TEST_F(CrossImplTest, FernetTokensWorkBothWays) {
  RunPython("fernet_genkey " + Path("key.txt"));
  auto key = FernetKey::FromText(Read("key.txt"));  // with its trailing newline
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  Bytes message = Pattern(5000, 7);
  ASSERT_TRUE(fs_.WriteFile(Path("msg"), message).ok());

  RunPython("fernet_encrypt " + Path("key.txt") + " " + Path("msg") + " " + Path("py.token"));
  auto plaintext = key->Decrypt(Read("py.token"));
  ASSERT_TRUE(plaintext.ok()) << plaintext.status().ToString();
  EXPECT_EQ(HexEncode(plaintext->view()), HexEncode(message));

  auto token = key->Encrypt(message, 1700000000, RealRandom());
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(fs_.WriteFile(Path("our.token"), *token).ok());
  RunPython("fernet_decrypt " + Path("key.txt") + " " + Path("our.token") + " " + Path("out"));
  EXPECT_TRUE(Read("out") == ToString(message));
}

}  // namespace
}  // namespace mse::crypto
