#include "enclave/identity.h"

#include <cstdio>

#include "crypto/cert_builder.h"
#include "crypto/x509.h"

namespace mse::enclave {
namespace {

constexpr int64_t kDefaultLifetimeSeconds = 10 * 3600;

}  // namespace

StatusOr<EnclaveIdentity> CreateIdentity(const IdentityOptions& options, ByteView seal_key,
                                         QuoteProvider& quotes, Env& env) {
  MSE_ASSIGN_OR_RETURN(crypto::P256PrivateKey tls_key, crypto::P256PrivateKey::Generate());
  auto enclave_key = crypto::DeriveEnclaveKeyPair(seal_key, *env.random);
  if (!enclave_key.ok())
    return enclave_key.status().WithContext("deriving the enclave key from the seal key");
  EnclaveIdentity identity{std::move(tls_key), std::move(enclave_key).value(), "", false};
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
  return identity;
}

StatusOr<EnclaveIdentity> IdentityFromState(const EnclaveState& state) {
  auto tls_key = crypto::P256PrivateKey::FromPkcs8Pem(AsStringView(state.ratls_key_pem.view()));
  if (!tls_key.ok())
    return DataLossError("sealed state: the RA-TLS key does not load: " + tls_key.status().message());
  auto enclave_key = crypto::X25519KeyPairFromSecret(state.enclave_secret_key.view());
  if (!enclave_key.ok())
    return DataLossError("sealed state: the enclave key: " + enclave_key.status().message());
  auto certificate = crypto::X509Certificate::FromPem(state.certificate_pem);
  if (!certificate.ok())
    return DataLossError("sealed state: the certificate: " + certificate.status().message());
  auto point = certificate->PublicKeyP256();
  if (!point.ok() || *point != tls_key->PublicPoint()) {
    return DataLossError("sealed state: the RA-TLS certificate is not for the sealed RA-TLS key");
  }
  return EnclaveIdentity{std::move(tls_key).value(), std::move(enclave_key).value(), state.certificate_pem,
                         true};
}

EnclaveState StateOf(const EnclaveIdentity& identity) {
  EnclaveState state;
  state.ratls_key_pem = identity.tls_key.ToPkcs8Pem();
  state.enclave_secret_key = identity.enclave_key.secret_key.Clone();
  state.certificate_pem = identity.certificate_pem;
  return state;
}

Status WritePublicCopies(const EnclavePaths& paths, const EnclaveIdentity& identity, FileSystem& fs) {
  MSE_RETURN_IF_ERROR(
      fs.WriteFile(paths.RatlsCertificateFile(), identity.certificate_pem, FileMode::kNormal));
  return fs.WriteFile(paths.EnclavePublicKeyFile(), identity.enclave_key.public_key, FileMode::kNormal);
}

void RemoveLegacyKeyFiles(const EnclavePaths& paths, FileSystem& fs) {
  for (const std::string& path :
       {paths.RatlsKeyFile(), paths.EnclaveSecretKeyFile(), paths.CodeKeyFile(), paths.OwnerKeyFile()}) {
    if (!fs.Exists(path)) continue;
    Status removed = fs.RemoveFile(path);
    std::fprintf(stderr, "mse-enclave: %s plain key file %s (the state is sealed in %s)\n",
                 removed.ok() ? "removed the" : "could not remove the", path.c_str(),
                 paths.StateFile().c_str());
  }
}

StatusOr<LoadedState> LoadOrCreateState(const EnclavePaths& paths, const IdentityOptions& options,
                                        const StateSealer& sealer, ByteView seal_key, QuoteProvider& quotes,
                                        Env& env) {
  FileSystem& fs = *env.fs;
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(paths.key_path, FileMode::kSecret));
  MSE_ASSIGN_OR_RETURN(std::optional<EnclaveState> sealed, LoadState(fs, paths.StateFile(), sealer));
  std::optional<LoadedState> loaded;
  if (sealed) {
    auto identity = IdentityFromState(*sealed);
    if (!identity.ok()) return identity.status().WithContext(paths.StateFile());
    loaded.emplace(LoadedState{std::move(identity).value(), std::move(*sealed)});
  } else {
    MSE_ASSIGN_OR_RETURN(EnclaveIdentity identity, CreateIdentity(options, seal_key, quotes, env));
    EnclaveState state = StateOf(identity);
    MSE_RETURN_IF_ERROR(SaveState(fs, paths.StateFile(), sealer, state, *env.random));
    loaded.emplace(LoadedState{std::move(identity), std::move(state)});
  }
  MSE_RETURN_IF_ERROR(WritePublicCopies(paths, loaded->identity, fs));
  return std::move(*loaded);
}

}  // namespace mse::enclave
