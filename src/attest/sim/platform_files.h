// Sim-internal: reading and writing the platform directory (platform.h
// layout) with the errors that tell the operator what to do.
#ifndef MSE_ATTEST_SIM_PLATFORM_FILES_H_
#define MSE_ATTEST_SIM_PLATFORM_FILES_H_

#include <string>

#include "attest/collateral.h"
#include "base/env.h"
#include "base/status.h"
#include "crypto/p256.h"
#include "crypto/x509.h"

namespace mse::attest::sim {

inline constexpr char kRootCertFile[] = "root_ca.pem";
inline constexpr char kRootKeyFile[] = "root_ca.key";
inline constexpr char kPckCaCertFile[] = "pck_ca.pem";
inline constexpr char kPckCaKeyFile[] = "pck_ca.key";
inline constexpr char kPckLeafCertFile[] = "pck_leaf.pem";
inline constexpr char kPckLeafKeyFile[] = "pck_leaf.key";
inline constexpr char kTcbSigningCertFile[] = "tcb_signing.pem";
inline constexpr char kTcbSigningKeyFile[] = "tcb_signing.key";
inline constexpr char kAttestationKeyFile[] = "attestation.key";
inline constexpr char kCollateralDir[] = "collateral";

// FailedPrecondition "simulated platform file <path> is missing: run `mse
// home sim init`" when absent; the read error otherwise.
StatusOr<std::string> ReadPlatformFile(FileSystem& fs, const std::string& path);
// DataLoss "simulated platform file <path> is corrupted: <reason>".
Status Corrupted(const std::string& path, const Status& reason);

StatusOr<crypto::X509Certificate> LoadCertificate(FileSystem& fs, const std::string& path);
StatusOr<crypto::P256PrivateKey> LoadKey(FileSystem& fs, const std::string& path);
Status SaveKey(FileSystem& fs, const std::string& path, const crypto::P256PrivateKey& key);

// Collateral in the attest::SaveCollateralDirectory layout (CRLs as DER),
// every file required.
StatusOr<Collateral> LoadSimCollateral(FileSystem& fs, const std::string& dir);
Status SaveSimCollateral(FileSystem& fs, const std::string& dir, const Collateral& c);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_PLATFORM_FILES_H_
