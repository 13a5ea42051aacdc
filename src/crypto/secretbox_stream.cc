#include "crypto/secretbox_stream.h"

#include <algorithm>
#include <cstring>

#include "crypto/sodium_init.h"

namespace mse::crypto {
namespace {

constexpr size_t kBlockSize = 64;        // Salsa20 block
constexpr uint64_t kMessageOffset = 32;  // keystream bytes reserved for the MAC key

}  // namespace

SecretboxStream::SecretboxStream(ByteView key, ByteView nonce) {
  EnsureSodiumInitialized();
  std::memcpy(key_, key.data(), kKeySize);
  std::memcpy(nonce_, nonce.data(), kNonceSize);
  uint8_t mac_key[32] = {};
  // XOR over zeros = raw keystream bytes 0..31 of block 0.
  crypto_stream_xsalsa20_xor_ic(mac_key, mac_key, sizeof mac_key, nonce_, 0, key_);
  crypto_onetimeauth_init(&mac_, mac_key);
  sodium_memzero(mac_key, sizeof mac_key);
}

SecretboxStream::~SecretboxStream() {
  sodium_memzero(key_, sizeof key_);
  sodium_memzero(&mac_, sizeof mac_);
}

void SecretboxStream::EncryptInPlace(MutableByteView data) {
  XorKeystream(data);
  crypto_onetimeauth_update(&mac_, data.data(), data.size());
}

void SecretboxStream::DecryptInPlace(MutableByteView data) {
  crypto_onetimeauth_update(&mac_, data.data(), data.size());
  XorKeystream(data);
}

std::array<uint8_t, SecretboxStream::kTagSize> SecretboxStream::Finish() {
  std::array<uint8_t, kTagSize> tag;
  crypto_onetimeauth_final(&mac_, tag.data());
  return tag;
}

// Message byte i uses keystream byte 32 + i. xor_ic starts at a block
// boundary, so a chunk that starts inside a block first XORs that block's
// tail from a separately generated block, then runs xor_ic on the rest.
void SecretboxStream::XorKeystream(MutableByteView data) {
  size_t done = 0;
  uint64_t stream_pos = position_ + kMessageOffset;
  size_t in_block = static_cast<size_t>(stream_pos % kBlockSize);
  if (in_block != 0 && !data.empty()) {
    uint8_t block[kBlockSize] = {};
    crypto_stream_xsalsa20_xor_ic(block, block, kBlockSize, nonce_, stream_pos / kBlockSize, key_);
    size_t n = std::min(data.size(), kBlockSize - in_block);
    for (size_t i = 0; i < n; ++i) data[i] ^= block[in_block + i];
    sodium_memzero(block, sizeof block);
    done = n;
  }
  if (done < data.size()) {
    uint64_t block_index = (stream_pos + done) / kBlockSize;
    crypto_stream_xsalsa20_xor_ic(data.data() + done, data.data() + done, data.size() - done,
                                  nonce_, block_index, key_);
  }
  position_ += data.size();
}

}  // namespace mse::crypto
