// Enclave signer keys (attestation.md §8.1).
#ifndef MSE_CRYPTO_PKI_RSA_H_
#define MSE_CRYPTO_PKI_RSA_H_

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/hash.h"

namespace mse::crypto {

// MRSIGNER of an SGX signer key: SHA-256 of the RSA modulus written
// little-endian on exactly key_bits / 8 bytes. Accepts a PEM "PUBLIC KEY"
// (SPKI), "RSA PUBLIC KEY" or an unencrypted private key PEM. InvalidArgument
// when the PEM does not parse or the key is not RSA.
StatusOr<Sha256Digest> ComputeMrSigner(std::string_view pem);

// The PEM SubjectPublicKeyInfo ("PUBLIC KEY") of an RSA signer key given as
// a public or unencrypted private key PEM (evidence.json `signer_pk`; quirk
// only public material leaves the operator's key file).
StatusOr<std::string> RsaPublicKeyPem(std::string_view pem);

// A fresh enclave signer key as Gramine wants it (RSA-3072, e = 3), as an
// unencrypted PKCS#8 PEM. Internal ("OpenSSL: ...") if the library fails.
StatusOr<SecretBytes> GenerateEnclaveSignerKeyPem();

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_PKI_RSA_H_
