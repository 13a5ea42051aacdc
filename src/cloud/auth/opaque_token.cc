#include "cloud/auth/opaque_token.h"

#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::cloud::auth {
namespace {

constexpr size_t kTokenBytes = 32;

// 16 bytes with the version nibble and the RFC 9562 variant bits set.
std::string FormatUuid(Bytes bytes, uint8_t version) {
  bytes.resize(16);
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);
  const std::string hex = HexEncode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

}  // namespace

std::string NewOpaqueToken(Random& random) {
  SecretBytes bytes(kTokenBytes);
  random.Fill(bytes.mutable_view());
  return Base64UrlEncode(bytes.view());
}

std::string HashToken(std::string_view token) { return HexEncode(crypto::Sha256(AsBytes(token))); }

std::string NewUuid(Random& random) { return FormatUuid(random.Generate(16), 4); }

std::string DerivedUuid(std::string_view domain, std::string_view seed) {
  // The domain keeps UUIDs derived for different purposes apart.
  std::string input(domain);
  input.push_back('\0');
  input.append(seed);
  const crypto::Sha256Digest digest = crypto::Sha256(AsBytes(input));
  return FormatUuid(Bytes(digest.begin(), digest.end()), 8);
}

}  // namespace mse::cloud::auth
