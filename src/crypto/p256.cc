#include "crypto/p256.h"

#include "crypto/pki_openssl.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <cstring>
#include <string>

namespace mse::crypto {
namespace {

std::string OpenSsl() { return pki_internal::OpenSslError(); }

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct BnFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

bool IsP256(EVP_PKEY* key) {
  if (!EVP_PKEY_is_a(key, "EC")) return false;
  char group[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1) {
    return false;
  }
  return std::string_view(group, len) == "prime256v1" || std::string_view(group, len) == "P-256";
}

// The public point for `scalar` on P-256, uncompressed.
StatusOr<Bytes> PointFor(const BIGNUM* scalar) {
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  EC_POINT* point = group ? EC_POINT_new(group) : nullptr;
  Bytes out(65);
  bool ok = point && EC_POINT_mul(group, point, scalar, nullptr, nullptr, nullptr) == 1 &&
            EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(),
                               nullptr) == out.size();
  EC_POINT_free(point);
  EC_GROUP_free(group);
  if (!ok) return InternalError("P-256 public point: " + OpenSsl());
  return out;
}

}  // namespace

void P256PrivateKey::Free::operator()(evp_pkey_st* key) const { EVP_PKEY_free(key); }

P256PrivateKey::P256PrivateKey(P256PrivateKey&&) noexcept = default;
P256PrivateKey& P256PrivateKey::operator=(P256PrivateKey&&) noexcept = default;
P256PrivateKey::~P256PrivateKey() = default;

StatusOr<P256PrivateKey> P256PrivateKey::Generate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return InternalError("cannot generate a P-256 key: " + OpenSsl());
  return P256PrivateKey(key);
}

StatusOr<P256PrivateKey> P256PrivateKey::FromPkcs8Pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return InternalError("BIO_new_mem_buf: " + OpenSsl());
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return InvalidArgumentError("not a PEM private key: " + OpenSsl());
  P256PrivateKey result(key);
  if (!IsP256(key)) return InvalidArgumentError("the private key is not an EC key on P-256");
  return result;
}

StatusOr<P256PrivateKey> P256PrivateKey::FromScalar(ByteView scalar) {
  if (scalar.size() != 32) {
    return InvalidArgumentError("P-256 scalar must be 32 bytes, found " + std::to_string(scalar.size()));
  }
  BnPtr d(BN_bin2bn(scalar.data(), 32, nullptr));
  if (!d || BN_is_zero(d.get())) return InvalidArgumentError("P-256 scalar is zero");
  MSE_ASSIGN_OR_RETURN(Bytes point, PointFor(d.get()));
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_PRIV_KEY, d.get());
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
            EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  if (!ok) return InvalidArgumentError("invalid P-256 scalar: " + OpenSsl());
  return P256PrivateKey(key);
}

SecretBytes P256PrivateKey::ToPkcs8Pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return SecretBytes();  // only on allocation failure
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  SecretBytes pem(ByteView(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(size)));
  OPENSSL_cleanse(data, static_cast<size_t>(size));
  return pem;
}

P256Point P256PrivateKey::PublicPoint() const {
  P256Point point{};
  size_t len = 0;
  EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(),
                                  point.size(), &len);
  return point;
}

}  // namespace mse::crypto
