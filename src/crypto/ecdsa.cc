#include "crypto/ecdsa.h"

#include <openssl/err.h>

#include <algorithm>
#include <string>

#include "crypto/pki_openssl.h"

namespace mse::crypto {
namespace {

using pki_internal::EvpMdCtxPtr;
using pki_internal::EvpPkeyPtr;

// id-ecPublicKey + prime256v1, followed by BIT STRING of 66 bytes (0 unused bits).
constexpr uint8_t kP256SpkiPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                       0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                       0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};

// Appends a DER INTEGER holding the unsigned big-endian value `v`.
void AppendDerInteger(ByteView v, Bytes* out) {
  size_t start = 0;
  while (start + 1 < v.size() && v[start] == 0) ++start;
  ByteView minimal = v.subspan(start);
  const bool pad = (minimal[0] & 0x80) != 0;
  out->push_back(0x02);
  out->push_back(static_cast<uint8_t>(minimal.size() + (pad ? 1 : 0)));
  if (pad) out->push_back(0x00);
  out->insert(out->end(), minimal.begin(), minimal.end());
}

StatusOr<EvpPkeyPtr> PkeyFromPoint(ByteView point) {
  if (point.size() != 65 || point[0] != 0x04) {
    return InvalidArgumentError("P-256 public key must be a 65-byte uncompressed point (found " +
                                std::to_string(point.size()) + " bytes)");
  }
  EvpPkeyPtr key = pki_internal::PkeyFromP256Point(point);
  if (key == nullptr) {
    return InvalidArgumentError("P-256 public key is not a point on the curve: " +
                                pki_internal::OpenSslError());
  }
  return key;
}

}  // namespace

Bytes P256PointToSpki(const P256Point& point) {
  Bytes spki(sizeof(kP256SpkiPrefix) + point.size());
  std::copy(std::begin(kP256SpkiPrefix), std::end(kP256SpkiPrefix), spki.data());
  std::copy(point.begin(), point.end(), spki.data() + sizeof(kP256SpkiPrefix));
  return spki;
}

StatusOr<P256Point> P256PointFromXY(ByteView xy) {
  if (xy.size() != 64) {
    return InvalidArgumentError("P-256 key X ‖ Y must be 64 bytes, found " +
                                std::to_string(xy.size()));
  }
  P256Point point;
  point[0] = 0x04;
  std::copy(xy.begin(), xy.end(), point.begin() + 1);
  MSE_RETURN_IF_ERROR(ValidateP256Point(point));
  return point;
}

Status ValidateP256Point(ByteView point) { return PkeyFromPoint(point).status(); }

StatusOr<Bytes> RawEcdsaSignatureToDer(ByteView raw_signature) {
  if (raw_signature.size() != 64) {
    return InvalidArgumentError("raw ECDSA P-256 signature must be 64 bytes (r ‖ s), found " +
                                std::to_string(raw_signature.size()));
  }
  Bytes body;
  AppendDerInteger(raw_signature.first(32), &body);
  AppendDerInteger(raw_signature.subspan(32), &body);
  Bytes der = {0x30, static_cast<uint8_t>(body.size())};
  der.insert(der.end(), body.begin(), body.end());
  return der;
}

Status VerifyEcdsaP256Sha256(ByteView point, ByteView message, ByteView raw_signature) {
  MSE_ASSIGN_OR_RETURN(EvpPkeyPtr key, PkeyFromPoint(point));
  MSE_ASSIGN_OR_RETURN(Bytes der, RawEcdsaSignatureToDer(raw_signature));
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return InternalError("ECDSA verify setup failed: " + pki_internal::OpenSslError());
  }
  int rc = EVP_DigestVerify(ctx.get(), der.data(), der.size(), message.data(), message.size());
  if (rc != 1) {
    ERR_clear_error();
    return UnauthenticatedError("ECDSA P-256 signature does not verify");
  }
  return Status::Ok();
}

}  // namespace mse::crypto
