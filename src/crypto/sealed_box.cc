#include "crypto/sealed_box.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "crypto/secretbox.h"
#include "crypto/sodium_init.h"
#include "crypto/x25519.h"

namespace mse::crypto {
namespace {

Status CheckRecipientKey(ByteView recipient_pk) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("recipient public key", recipient_pk, kX25519KeySize));
  if (std::all_of(recipient_pk.begin(), recipient_pk.end(), [](uint8_t b) { return b == 0; })) {
    return FailedPreconditionError(
        "this enclave does not support sealed secrets (its public key is all zeros)");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Bytes> SealedBoxSeal(ByteView recipient_pk, ByteView message, Random& random) {
  MSE_RETURN_IF_ERROR(CheckRecipientKey(recipient_pk));
  EnsureSodiumInitialized();
  SecretBytes seed(crypto_box_SEEDBYTES);
  random.Fill(seed.mutable_view());
  uint8_t epk[crypto_box_PUBLICKEYBYTES];
  SecretBytes esk(crypto_box_SECRETKEYBYTES);
  crypto_box_seed_keypair(epk, esk.data(), seed.data());
  return SealedBoxSealWithEphemeralSecret(recipient_pk, esk.view(), message);
}

StatusOr<Bytes> SealedBoxSealWithEphemeralSecret(ByteView recipient_pk, ByteView ephemeral_sk,
                                                 ByteView message) {
  MSE_RETURN_IF_ERROR(CheckRecipientKey(recipient_pk));
  MSE_RETURN_IF_ERROR(CheckKeyLength("ephemeral secret key", ephemeral_sk, kX25519KeySize));
  EnsureSodiumInitialized();
  Bytes out(kSealedBoxOverhead + message.size());
  crypto_scalarmult_base(out.data(), ephemeral_sk.data());  // epk first
  uint8_t nonce[crypto_box_NONCEBYTES];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&state, out.data(), crypto_box_PUBLICKEYBYTES);
  crypto_generichash_update(&state, recipient_pk.data(), recipient_pk.size());
  crypto_generichash_final(&state, nonce, sizeof nonce);
  if (crypto_box_easy(out.data() + crypto_box_PUBLICKEYBYTES, message.data(), message.size(), nonce,
                      recipient_pk.data(), ephemeral_sk.data()) != 0) {
    return InvalidArgumentError(
        "recipient public key is a low-order X25519 point: it cannot receive sealed data");
  }
  return out;
}

StatusOr<SecretBytes> SealedBoxOpen(ByteView recipient_sk, ByteView sealed) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("sealed box private key", recipient_sk, kX25519KeySize));
  if (sealed.size() < kSealedBoxOverhead) {
    return DataLossError("sealed box: truncated data: expected at least 48 bytes, found " +
                         std::to_string(sealed.size()));
  }
  MSE_ASSIGN_OR_RETURN(X25519PublicKey pk, X25519PublicFromSecret(recipient_sk));
  SecretBytes message(sealed.size() - kSealedBoxOverhead);
  if (crypto_box_seal_open(message.data(), sealed.data(), sealed.size(), pk.data(),
                           recipient_sk.data()) != 0) {
    return DataLossError("sealed box: cannot open: wrong private key or corrupted data");
  }
  return message;
}

}  // namespace mse::crypto
