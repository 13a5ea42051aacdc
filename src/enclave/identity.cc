#include "enclave/identity.h"

#include "crypto/cert_builder.h"

namespace mse::enclave {
namespace {

constexpr int64_t kDefaultLifetimeSeconds = 10 * 3600;

StatusOr<crypto::P256PrivateKey> LoadOrCreateTlsKey(FileSystem& fs, const std::string& path,
                                                    bool* created) {
  *created = !fs.Exists(path);
  if (!*created) {
    MSE_ASSIGN_OR_RETURN(SecretBytes pem, fs.ReadSecretFile(path));
    auto key = crypto::P256PrivateKey::FromPkcs8Pem(AsStringView(pem.view()));
    if (!key.ok()) return key.status().WithContext(path);
    return key;
  }
  MSE_ASSIGN_OR_RETURN(crypto::P256PrivateKey key, crypto::P256PrivateKey::Generate());
  SecretBytes pem = key.ToPkcs8Pem();
  MSE_RETURN_IF_ERROR(fs.WriteFile(path, pem.view(), FileMode::kSecret));
  return key;
}

StatusOr<crypto::X25519KeyPair> LoadOrCreateEnclaveKey(const EnclavePaths& paths, Env& env) {
  FileSystem& fs = *env.fs;
  const std::string secret_path = paths.EnclaveSecretKeyFile();
  const std::string public_path = paths.EnclavePublicKeyFile();
  if (!fs.Exists(secret_path)) {
    crypto::X25519KeyPair pair = crypto::GenerateX25519KeyPair(*env.random);
    MSE_RETURN_IF_ERROR(fs.WriteFile(public_path, pair.public_key, FileMode::kSecret));
    MSE_RETURN_IF_ERROR(fs.WriteFile(secret_path, pair.secret_key.view(), FileMode::kSecret));
    return pair;
  }
  MSE_ASSIGN_OR_RETURN(SecretBytes secret, fs.ReadSecretFile(secret_path));
  auto pair = crypto::X25519KeyPairFromSecret(secret.view());
  if (!pair.ok()) return pair.status().WithContext(secret_path);
  if (fs.Exists(public_path)) {
    MSE_ASSIGN_OR_RETURN(std::string stored, fs.ReadFile(public_path));
    if (!ConstantTimeEquals(AsBytes(stored), pair->public_key)) {
      return DataLossError(public_path + " does not match " + secret_path +
                           " (expected X25519 of the secret key)");
    }
  }
  return pair;
}

}  // namespace

StatusOr<EnclaveIdentity> LoadOrCreateIdentity(const EnclavePaths& paths,
                                               const IdentityOptions& options,
                                               QuoteProvider& quotes, Env& env) {
  FileSystem& fs = *env.fs;
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(paths.key_path, FileMode::kSecret));
  bool tls_key_created = false;
  MSE_ASSIGN_OR_RETURN(crypto::P256PrivateKey tls_key,
                       LoadOrCreateTlsKey(fs, paths.RatlsKeyFile(), &tls_key_created));
  MSE_ASSIGN_OR_RETURN(crypto::X25519KeyPair enclave_key, LoadOrCreateEnclaveKey(paths, env));
  EnclaveIdentity identity{std::move(tls_key), std::move(enclave_key), "", false};
  const std::string cert_path = paths.RatlsCertificateFile();
  if (!tls_key_created && fs.Exists(cert_path)) {
    MSE_ASSIGN_OR_RETURN(identity.certificate_pem, fs.ReadFile(cert_path));
    identity.reused = true;
    return identity;
  }
  crypto::ReportData report_data =
      crypto::ReportDataForKeys(identity.tls_key.PublicPoint(), identity.enclave_key.public_key);
  auto quote = quotes.GetQuote(report_data);
  if (!quote.ok()) return quote.status().WithContext("getting the quote for the RA-TLS certificate");
  int64_t now = env.clock->NowUnixSeconds();
  crypto::RatlsCertificateSpec spec{
      options.subject, options.subject_alt_name, now,
      options.not_after_unix != 0 ? options.not_after_unix : now + kDefaultLifetimeSeconds,
      std::move(quote).value()};
  MSE_ASSIGN_OR_RETURN(identity.certificate_pem,
                       crypto::BuildRatlsCertificatePem(identity.tls_key, spec, *env.random));
  MSE_RETURN_IF_ERROR(fs.WriteFile(cert_path, identity.certificate_pem, FileMode::kSecret));
  return identity;
}

}  // namespace mse::enclave
