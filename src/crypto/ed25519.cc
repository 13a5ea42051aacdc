#include "crypto/ed25519.h"

#include <sodium.h>

#include "crypto/secretbox.h"
#include "crypto/sodium_init.h"

namespace mse::crypto {
namespace {

// libsodium's expanded secret key (seed ‖ public key), wiped on return.
struct ExpandedKey {
  SecretBytes secret{crypto_sign_SECRETKEYBYTES};
  Ed25519PublicKey public_key{};
};

ExpandedKey Expand(ByteView seed) {
  EnsureSodiumInitialized();
  ExpandedKey key;
  crypto_sign_seed_keypair(key.public_key.data(), key.secret.data(), seed.data());
  return key;
}

}  // namespace

Ed25519KeyPair GenerateEd25519KeyPair(Random& random) {
  SecretBytes seed(kEd25519SeedSize);
  random.Fill(seed.mutable_view());
  ExpandedKey expanded = Expand(seed.view());
  return Ed25519KeyPair{std::move(seed), expanded.public_key};
}

StatusOr<Ed25519KeyPair> Ed25519KeyPairFromSeed(ByteView seed) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("Ed25519 secret key (seed)", seed, kEd25519SeedSize));
  ExpandedKey expanded = Expand(seed);
  return Ed25519KeyPair{SecretBytes(seed), expanded.public_key};
}

StatusOr<Ed25519Signature> Ed25519Sign(ByteView seed, ByteView message) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("Ed25519 secret key (seed)", seed, kEd25519SeedSize));
  ExpandedKey expanded = Expand(seed);
  Ed25519Signature signature{};
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), expanded.secret.data());
  return signature;
}

Status Ed25519Verify(ByteView public_key, ByteView message, ByteView signature) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("Ed25519 public key", public_key, kEd25519PublicKeySize));
  MSE_RETURN_IF_ERROR(CheckKeyLength("Ed25519 signature", signature, kEd25519SignatureSize));
  EnsureSodiumInitialized();
  if (crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) != 0) {
    return UnauthenticatedError("the Ed25519 signature does not verify with this public key");
  }
  return Status::Ok();
}

}  // namespace mse::crypto
