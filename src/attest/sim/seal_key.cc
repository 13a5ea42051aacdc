#include "attest/sim/seal_key.h"

#include "crypto/x25519.h"

namespace mse::attest::sim {

StatusOr<SecretBytes> SimSealKey(const SimPlatform& platform, const SimEnclaveIdentity& identity) {
  SecretBytes platform_secret = platform.pck_leaf_key().ToPkcs8Pem();
  Bytes info = ToBytes("MRENCLAVE");
  info.insert(info.end(), identity.mr_enclave.begin(), identity.mr_enclave.end());
  for (uint16_t v : {identity.isv_prod_id, identity.isv_svn}) {
    info.push_back(static_cast<uint8_t>(v & 0xff));
    info.push_back(static_cast<uint8_t>(v >> 8));
  }
  auto key = crypto::HkdfSha256(platform_secret.view(), AsBytes("mse-sim-seal-key-v1"), info, kSealKeySize);
  if (!key.ok()) return key.status().WithContext("deriving the simulated seal key");
  return key;
}

}  // namespace mse::attest::sim
