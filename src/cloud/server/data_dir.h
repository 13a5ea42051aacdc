// mse-cloud's data directory (docs/cloud-backend.md, "Running it"): created
// on first use with every key the backend needs, each written once, 0600.
#ifndef MSE_CLOUD_SERVER_DATA_DIR_H_
#define MSE_CLOUD_SERVER_DATA_DIR_H_

#include <memory>
#include <optional>
#include <string>

#include "attest/sim/platform.h"
#include "base/env.h"
#include "cloud/store/store.h"

namespace mse::cloud {

struct DataDir {
  std::string path;
  // A PostgreSQL connection URI ("postgresql://…"); empty: SQLite in `path`.
  std::string store_uri;
  std::string StorePath() const { return JoinPath(path, "store.sqlite3"); }
  std::string JwtKeyPath() const { return JoinPath(path, "jwt-key.pem"); }
  std::string SignerKeyPath() const { return JoinPath(path, "signer-key.pem"); }
  std::string DomainSecretPath() const { return JoinPath(path, "domain-secret"); }
  std::string EdgeCertPath() const { return JoinPath(path, "edge-cert.pem"); }
  std::string EdgeKeyPath() const { return JoinPath(path, "edge-key.pem"); }
  std::string SimDir() const { return JoinPath(path, "sim"); }
};

// What `serve` loads at start.
struct BackendSecrets {
  SecretBytes jwt_key_pem;
  std::string signer_public_pem;
  SecretBytes domain_secret;
  std::string edge_cert_pem;
  SecretBytes edge_key_pem;
};

// Creates the directory (0700) and whatever key is missing; loads them all.
// `base_domain` names the default edge certificate.
StatusOr<BackendSecrets> PrepareDataDir(const DataDir& dir, const std::string& base_domain, Env env);

// The store (SQLite in the data directory, or PostgreSQL at store_uri),
// with the default catalogue (hardware 4g-eu-001 and 8g-eu-001) added when
// the hardware table is empty.
StatusOr<std::unique_ptr<Store>> OpenDataStore(const DataDir& dir);

// The simulated SGX platform of the data directory, created on first use
// and its collateral renewed when near expiry; nullopt when the machine has
// SGX (/dev/sgx_enclave).
StatusOr<std::optional<attest::sim::SimPlatform>> PrepareSimPlatform(const DataDir& dir, Env env);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_SERVER_DATA_DIR_H_
