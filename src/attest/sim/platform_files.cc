#include "attest/sim/platform_files.h"

#include <utility>

#include "attest/signed_json.h"
#include "crypto/crl.h"

namespace mse::attest::sim {

StatusOr<std::string> ReadPlatformFile(FileSystem& fs, const std::string& path) {
  if (!fs.Exists(path)) {
    return FailedPreconditionError("simulated platform file " + path +
                                   " is missing: run `mse home sim init`");
  }
  auto text = fs.ReadFile(path);
  if (!text.ok()) {
    return Status(text.status().code(),
                  "cannot read simulated platform file " + path + ": " + text.status().message());
  }
  return text;
}

Status Corrupted(const std::string& path, const Status& reason) {
  return DataLossError("simulated platform file " + path + " is corrupted: " + reason.message() +
                       " (recreate the platform: `mse home sim init`)");
}

StatusOr<crypto::X509Certificate> LoadCertificate(FileSystem& fs, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(std::string pem, ReadPlatformFile(fs, path));
  auto cert = crypto::X509Certificate::FromPem(pem);
  if (!cert.ok()) return Corrupted(path, cert.status());
  return cert;
}

StatusOr<crypto::P256PrivateKey> LoadKey(FileSystem& fs, const std::string& path) {
  if (!fs.Exists(path)) return ReadPlatformFile(fs, path).status();
  auto secret = fs.ReadSecretFile(path);
  if (!secret.ok()) return secret.status();
  const std::string_view pem(reinterpret_cast<const char*>(secret->data()), secret->size());
  auto key = crypto::P256PrivateKey::FromPkcs8Pem(pem);
  if (!key.ok()) return Corrupted(path, key.status());
  return key;
}

Status SaveKey(FileSystem& fs, const std::string& path, const crypto::P256PrivateKey& key) {
  SecretBytes pem = key.ToPkcs8Pem();
  return fs.WriteFile(path, pem.view(), FileMode::kSecret);
}

namespace {

// The signed JSON bodies and issuer chains parse (their signatures are the
// verifier's business).
StatusOr<Collateral> ValidateBodies(const std::string& dir, Collateral& c) {
  if (auto info = ParseTcbInfo(c.tcb_info_body); !info.ok()) {
    return Corrupted(JoinPath(dir, kTcbInfoFile), info.status());
  }
  if (auto identity = ParseQeIdentity(c.qe_identity_body); !identity.ok()) {
    return Corrupted(JoinPath(dir, kQeIdentityFile), identity.status());
  }
  for (auto [name, pem] : {std::pair{kPckCrlIssuerChainFile, &c.pck_crl_issuer_chain_pem},
                           std::pair{kTcbInfoIssuerChainFile, &c.tcb_info_issuer_chain_pem},
                           std::pair{kQeIdentityIssuerChainFile, &c.qe_identity_issuer_chain_pem}}) {
    auto chain = crypto::X509Certificate::ChainFromPem(*pem);
    if (!chain.ok() || chain->size() != 2) {
      return Corrupted(
          JoinPath(dir, name),
          chain.ok() ? InvalidArgumentError("expected 2 certificates, found " + std::to_string(chain->size()))
                     : chain.status());
    }
  }
  return std::move(c);
}

}  // namespace

StatusOr<Collateral> LoadSimCollateral(FileSystem& fs, const std::string& dir) {
  Collateral c;
  struct Item {
    const char* name;
    std::string* text;
  };
  std::string root_crl, pck_crl;
  const Item items[] = {{kRootCaCrlFile, &root_crl},
                        {kPckCrlFile, &pck_crl},
                        {kPckCrlIssuerChainFile, &c.pck_crl_issuer_chain_pem},
                        {kTcbInfoFile, &c.tcb_info_body},
                        {kTcbInfoIssuerChainFile, &c.tcb_info_issuer_chain_pem},
                        {kQeIdentityFile, &c.qe_identity_body},
                        {kQeIdentityIssuerChainFile, &c.qe_identity_issuer_chain_pem}};
  for (const Item& item : items) {
    MSE_ASSIGN_OR_RETURN(*item.text, ReadPlatformFile(fs, JoinPath(dir, item.name)));
  }
  for (auto [name, text, out] : {std::tuple{kRootCaCrlFile, &root_crl, &c.root_ca_crl_der},
                                 std::tuple{kPckCrlFile, &pck_crl, &c.pck_crl_der}}) {
    auto crl = crypto::X509Crl::FromDer(AsBytes(*text));
    if (!crl.ok()) return Corrupted(JoinPath(dir, name), crl.status());
    *out = crl->der();
  }
  return ValidateBodies(dir, c);
}

Status SaveSimCollateral(FileSystem& fs, const std::string& dir, const Collateral& c) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(dir, FileMode::kNormal));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kRootCaCrlFile), ByteView(c.root_ca_crl_der)));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kPckCrlFile), ByteView(c.pck_crl_der)));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kPckCrlIssuerChainFile), c.pck_crl_issuer_chain_pem));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kTcbInfoFile), c.tcb_info_body));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kTcbInfoIssuerChainFile), c.tcb_info_issuer_chain_pem));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, kQeIdentityFile), c.qe_identity_body));
  return fs.WriteFile(JoinPath(dir, kQeIdentityIssuerChainFile), c.qe_identity_issuer_chain_pem);
}

}  // namespace mse::attest::sim
