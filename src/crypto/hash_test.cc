#include "crypto/hash.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace mse::crypto {
namespace {

TEST(HashTest, Sha256KnownAnswer) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, IncrementalMatchesOneShot) {
  Sha256Hasher h;
  h.Update(AsBytes("a"));
  h.Update(AsBytes("bc"));
  EXPECT_EQ(h.Finish(), Sha256(AsBytes("abc")));
}

TEST(HashTest, HmacSha256Rfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace mse::crypto
