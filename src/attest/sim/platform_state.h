// Sim-internal: the state behind SimPlatform and the collateral signer.
// Not for use outside src/attest/sim.
#ifndef MSE_ATTEST_SIM_PLATFORM_STATE_H_
#define MSE_ATTEST_SIM_PLATFORM_STATE_H_

#include <string>

#include "attest/collateral.h"
#include "attest/pck_extension.h"
#include "attest/sim/platform.h"
#include "crypto/p256.h"
#include "crypto/x509.h"

namespace mse::attest::sim {

struct SimPlatform::State {
  std::string dir;
  crypto::P256PrivateKey root_key;
  crypto::P256PrivateKey pck_ca_key;
  crypto::P256PrivateKey pck_leaf_key;
  crypto::P256PrivateKey tcb_key;
  crypto::P256PrivateKey attestation_key;
  crypto::X509Certificate root;
  crypto::X509Certificate pck_ca;
  crypto::X509Certificate pck_leaf;
  crypto::X509Certificate tcb_signing;
  PckExtension pck;
  Collateral collateral;
  UnixSeconds next_update = 0;
};

// Signs fresh collateral for `state` valid from `now` for 30 days: root CA
// CRL, PCK CRL (both empty), TCB info v3 with two levels (the platform's,
// UpToDate; a lower one, OutOfDate) and QE identity v2, with issuer chains.
StatusOr<Collateral> SignSimCollateral(const SimPlatform::State& state, UnixSeconds now);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_PLATFORM_STATE_H_
