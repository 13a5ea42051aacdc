#include "cloud/server/data_dir.h"

#include "crypto/cert_builder.h"
#include "crypto/jwt.h"
#include "crypto/p256.h"
#include "crypto/pki_rsa.h"

namespace mse::cloud {
namespace {

// Reads `path`, creating it first with `make()` when missing.
template <typename Make>
StatusOr<SecretBytes> SecretFile(FileSystem& fs, const std::string& path, Make make) {
  if (!fs.Exists(path)) {
    MSE_ASSIGN_OR_RETURN(SecretBytes created, make());
    MSE_RETURN_IF_ERROR(fs.WriteFile(path, created.view(), FileMode::kSecret));
  }
  auto data = fs.ReadSecretFile(path);
  if (!data.ok()) return data.status().WithContext("mse-cloud data directory");
  return data;
}

// A self-signed edge certificate for *.<base domain> (operator mode), 10 years.
Status MakeEdgeCertificate(const DataDir& dir, const std::string& base_domain, Env env) {
  MSE_ASSIGN_OR_RETURN(crypto::P256PrivateKey key, crypto::P256PrivateKey::Generate());
  const int64_t now = env.clock->NowUnixSeconds();
  crypto::RatlsCertificateSpec spec{"CN=*." + base_domain + ",O=mse-cloud edge", "*." + base_domain, now - 60,
                                    now + 10 * 365 * 86400, {}};
  MSE_ASSIGN_OR_RETURN(std::string pem, crypto::BuildTlsCertificatePem(key, spec, *env.random));
  MSE_RETURN_IF_ERROR(env.fs->WriteFile(dir.EdgeKeyPath(), key.ToPkcs8Pem().view(), FileMode::kSecret));
  return env.fs->WriteFile(dir.EdgeCertPath(), pem);
}

}  // namespace

StatusOr<BackendSecrets> PrepareDataDir(const DataDir& dir, const std::string& base_domain, Env env) {
  FileSystem& fs = *env.fs;
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(dir.path, FileMode::kSecret));
  BackendSecrets s;
  MSE_ASSIGN_OR_RETURN(s.jwt_key_pem,
                       SecretFile(fs, dir.JwtKeyPath(), [&] { return crypto::GenerateJwtSigningKeyPem(*env.random); }));
  MSE_ASSIGN_OR_RETURN(SecretBytes signer,
                       SecretFile(fs, dir.SignerKeyPath(), [] { return crypto::GenerateEnclaveSignerKeyPem(); }));
  MSE_ASSIGN_OR_RETURN(s.signer_public_pem, crypto::RsaPublicKeyPem(AsStringView(signer.view())));
  MSE_ASSIGN_OR_RETURN(s.domain_secret, SecretFile(fs, dir.DomainSecretPath(), [&]() -> StatusOr<SecretBytes> {
                         Bytes random = env.random->Generate(32);
                         return SecretBytes(random);
                       }));
  if (!fs.Exists(dir.EdgeCertPath()) || !fs.Exists(dir.EdgeKeyPath())) {
    MSE_RETURN_IF_ERROR(MakeEdgeCertificate(dir, base_domain, env));
  }
  MSE_ASSIGN_OR_RETURN(s.edge_cert_pem, fs.ReadFile(dir.EdgeCertPath()));
  MSE_ASSIGN_OR_RETURN(s.edge_key_pem, fs.ReadSecretFile(dir.EdgeKeyPath()));
  return s;
}

StatusOr<std::unique_ptr<Store>> OpenDataStore(const DataDir& dir) {
  MSE_ASSIGN_OR_RETURN(auto store,
                       dir.store_uri.empty() ? OpenSqliteStore(dir.StorePath()) : OpenPostgresStore(dir.store_uri));
  MSE_ASSIGN_OR_RETURN(auto hardware, store->ListHardware());
  if (hardware.empty()) {
    MSE_RETURN_IF_ERROR(store->PutHardware({"4g-eu-001", 4, 2, 2048, 2}));
    MSE_RETURN_IF_ERROR(store->PutHardware({"8g-eu-001", 8, 4, 4096, 1}));
  }
  return store;
}

StatusOr<std::optional<attest::sim::SimPlatform>> PrepareSimPlatform(const DataDir& dir, Env env) {
  if (env.fs->Exists("/dev/sgx_enclave")) return std::optional<attest::sim::SimPlatform>();
  if (!env.fs->Exists(JoinPath(dir.SimDir(), "root_ca.pem"))) {
    MSE_RETURN_IF_ERROR(attest::sim::SimPlatform::Init(*env.fs, *env.clock, *env.random, dir.SimDir()).status());
  }
  MSE_ASSIGN_OR_RETURN(attest::sim::SimPlatform platform, attest::sim::SimPlatform::Load(*env.fs, dir.SimDir()));
  MSE_RETURN_IF_ERROR(platform.Renew(*env.fs, *env.clock).status());
  return std::optional<attest::sim::SimPlatform>(std::move(platform));
}

}  // namespace mse::cloud
