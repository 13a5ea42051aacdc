// SimPlatform: creation (Init), loading (Load), renewal and trust anchors.
#include "attest/sim/platform.h"

#include <utility>

#include "attest/sim/platform_files.h"
#include "attest/sim/platform_state.h"
#include "attest/sim/sgx_extension.h"
#include "crypto/hash.h"
#include "crypto/issuer.h"

namespace mse::attest::sim {
namespace {

using crypto::CertificateSpec;
using crypto::P256PrivateKey;
using crypto::X509Certificate;

// 16 random bytes as a positive serial without a leading zero byte.
Bytes RandomSerial(Random& random) {
  Bytes serial = random.Generate(16);
  serial[0] = static_cast<uint8_t>((serial[0] & 0x7f) | 0x40);
  return serial;
}

CertificateSpec Spec(const char* cn, Random& random, UnixSeconds now, std::optional<bool> ca) {
  CertificateSpec spec;
  spec.subject = {{"C", "FR"}, {"O", kSimOrganization}, {"CN", cn}};
  spec.serial = RandomSerial(random);
  spec.not_before = now - 3600;  // tolerate small clock differences
  spec.not_after = now + kCertificateValiditySeconds;
  spec.ca = ca;
  return spec;
}

PckExtension NewPckExtension(Random& random) {
  PckExtension pck;
  pck.ppid = random.Generate(16);
  pck.tcb_components = {5, 5, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
  pck.pcesvn = 13;
  pck.cpusvn = pck.tcb_components;
  pck.pce_id = {0x00, 0x00};
  pck.fmspc = {0x53, 0x49, 0x4d, 0x00, 0x00, 0x01};  // "SIM" 00 00 01
  pck.sgx_type = 1;                                  // Scalable
  pck.platform_instance_id = random.Generate(16);
  pck.dynamic_platform = false;
  pck.cached_keys = false;
  pck.smt_enabled = true;
  return pck;
}

StatusOr<std::unique_ptr<SimPlatform::State>> NewState(Random& random, UnixSeconds now,
                                                       const std::string& dir) {
  MSE_ASSIGN_OR_RETURN(P256PrivateKey root_key, P256PrivateKey::Generate());
  MSE_ASSIGN_OR_RETURN(P256PrivateKey ca_key, P256PrivateKey::Generate());
  MSE_ASSIGN_OR_RETURN(P256PrivateKey leaf_key, P256PrivateKey::Generate());
  MSE_ASSIGN_OR_RETURN(P256PrivateKey tcb_key, P256PrivateKey::Generate());
  MSE_ASSIGN_OR_RETURN(P256PrivateKey att_key, P256PrivateKey::Generate());
  CertificateSpec root_spec = Spec(kSimRootCommonName, random, now, true);
  root_spec.path_length = 1;
  MSE_ASSIGN_OR_RETURN(X509Certificate root,
                       crypto::IssueCertificate(root_spec, root_key.PublicPoint(), root_key, nullptr));
  CertificateSpec ca_spec = Spec("Intel SGX PCK Platform CA", random, now, true);
  ca_spec.path_length = 0;
  MSE_ASSIGN_OR_RETURN(X509Certificate ca,
                       crypto::IssueCertificate(ca_spec, ca_key.PublicPoint(), root_key, &root));
  PckExtension pck = NewPckExtension(random);
  CertificateSpec leaf_spec = Spec("Intel SGX PCK Certificate", random, now, false);
  leaf_spec.extensions.push_back({kSgxExtensionOid, false, EncodePckExtension(pck)});
  MSE_ASSIGN_OR_RETURN(X509Certificate leaf,
                       crypto::IssueCertificate(leaf_spec, leaf_key.PublicPoint(), ca_key, &ca));
  MSE_ASSIGN_OR_RETURN(X509Certificate tcb,
                       crypto::IssueCertificate(Spec("Intel SGX TCB Signing", random, now, false),
                                                tcb_key.PublicPoint(), root_key, &root));
  return std::make_unique<SimPlatform::State>(
      SimPlatform::State{dir, std::move(root_key), std::move(ca_key), std::move(leaf_key), std::move(tcb_key),
                         std::move(att_key), std::move(root), std::move(ca), std::move(leaf), std::move(tcb),
                         std::move(pck), Collateral{}, 0});
}

Status SaveState(FileSystem& fs, const SimPlatform::State& s) {
  const std::string& d = s.dir;
  MSE_RETURN_IF_ERROR(SaveKey(fs, JoinPath(d, kRootKeyFile), s.root_key));
  MSE_RETURN_IF_ERROR(SaveKey(fs, JoinPath(d, kPckCaKeyFile), s.pck_ca_key));
  MSE_RETURN_IF_ERROR(SaveKey(fs, JoinPath(d, kPckLeafKeyFile), s.pck_leaf_key));
  MSE_RETURN_IF_ERROR(SaveKey(fs, JoinPath(d, kTcbSigningKeyFile), s.tcb_key));
  MSE_RETURN_IF_ERROR(SaveKey(fs, JoinPath(d, kAttestationKeyFile), s.attestation_key));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(d, kPckCaCertFile), s.pck_ca.ToPem()));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(d, kPckLeafCertFile), s.pck_leaf.ToPem()));
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(d, kTcbSigningCertFile), s.tcb_signing.ToPem()));
  MSE_RETURN_IF_ERROR(SaveSimCollateral(fs, JoinPath(d, kCollateralDir), s.collateral));
  // The root certificate last: its presence marks a complete platform.
  return fs.WriteFile(JoinPath(d, kRootCertFile), s.root.ToPem());
}

// The collateral window end, read back from the root CA CRL.
StatusOr<UnixSeconds> NextUpdateOf(const Collateral& c, const std::string& dir) {
  auto crl = crypto::X509Crl::FromDer(c.root_ca_crl_der);
  if (!crl.ok() || !crl->NextUpdate()) {
    return Corrupted(JoinPath(JoinPath(dir, kCollateralDir), kRootCaCrlFile),
                     crl.ok() ? InvalidArgumentError("no nextUpdate") : crl.status());
  }
  return *crl->NextUpdate();
}

}  // namespace

std::array<uint8_t, 32> SimQeMrSigner() {
  return crypto::Sha256(AsBytes(std::string_view("mse simulated quoting enclave")));
}

SimPlatform::SimPlatform(std::unique_ptr<State> state) : state_(std::move(state)) {}
SimPlatform::SimPlatform(SimPlatform&&) noexcept = default;
SimPlatform& SimPlatform::operator=(SimPlatform&&) noexcept = default;
SimPlatform::~SimPlatform() = default;

StatusOr<SimPlatform> SimPlatform::Init(FileSystem& fs, Clock& clock, Random& random,
                                        const std::string& dir) {
  if (fs.Exists(JoinPath(dir, kRootCertFile))) {
    return AlreadyExistsError("a simulated platform already exists in " + dir +
                              ": remove the directory first to create a new one");
  }
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(dir, FileMode::kSecret));
  const UnixSeconds now = clock.NowUnixSeconds();
  MSE_ASSIGN_OR_RETURN(std::unique_ptr<State> state, NewState(random, now, dir));
  MSE_ASSIGN_OR_RETURN(state->collateral, SignSimCollateral(*state, now));
  state->next_update = now + kCollateralValiditySeconds;
  MSE_RETURN_IF_ERROR(SaveState(fs, *state));
  return SimPlatform(std::move(state));
}

StatusOr<SimPlatform> SimPlatform::Load(FileSystem& fs, const std::string& dir) {
  auto path = [&](const char* name) { return JoinPath(dir, name); };
  MSE_ASSIGN_OR_RETURN(X509Certificate root, LoadCertificate(fs, path(kRootCertFile)));
  MSE_ASSIGN_OR_RETURN(X509Certificate ca, LoadCertificate(fs, path(kPckCaCertFile)));
  MSE_ASSIGN_OR_RETURN(X509Certificate leaf, LoadCertificate(fs, path(kPckLeafCertFile)));
  MSE_ASSIGN_OR_RETURN(X509Certificate tcb, LoadCertificate(fs, path(kTcbSigningCertFile)));
  MSE_ASSIGN_OR_RETURN(P256PrivateKey root_key, LoadKey(fs, path(kRootKeyFile)));
  MSE_ASSIGN_OR_RETURN(P256PrivateKey ca_key, LoadKey(fs, path(kPckCaKeyFile)));
  MSE_ASSIGN_OR_RETURN(P256PrivateKey leaf_key, LoadKey(fs, path(kPckLeafKeyFile)));
  MSE_ASSIGN_OR_RETURN(P256PrivateKey tcb_key, LoadKey(fs, path(kTcbSigningKeyFile)));
  MSE_ASSIGN_OR_RETURN(P256PrivateKey att_key, LoadKey(fs, path(kAttestationKeyFile)));
  auto pck = PckExtensionFromCertificate(leaf);
  if (!pck.ok()) return Corrupted(path(kPckLeafCertFile), pck.status());
  const std::pair<const X509Certificate*, const P256PrivateKey*> pairs[] = {
      {&root, &root_key}, {&ca, &ca_key}, {&leaf, &leaf_key}, {&tcb, &tcb_key}};
  const char* key_files[] = {kRootKeyFile, kPckCaKeyFile, kPckLeafKeyFile, kTcbSigningKeyFile};
  for (size_t i = 0; i < 4; ++i) {
    auto cert_key = pairs[i].first->PublicKeyP256();
    if (!cert_key.ok() || *cert_key != pairs[i].second->PublicPoint()) {
      return Corrupted(path(key_files[i]), InvalidArgumentError("the key does not match "
                                                                "its certificate"));
    }
  }
  MSE_ASSIGN_OR_RETURN(Collateral collateral, LoadSimCollateral(fs, path(kCollateralDir)));
  MSE_ASSIGN_OR_RETURN(UnixSeconds next_update, NextUpdateOf(collateral, dir));
  return SimPlatform(std::make_unique<State>(
      State{dir, std::move(root_key), std::move(ca_key), std::move(leaf_key), std::move(tcb_key),
            std::move(att_key), std::move(root), std::move(ca), std::move(leaf), std::move(tcb),
            *std::move(pck), std::move(collateral), next_update}));
}

StatusOr<bool> SimPlatform::Renew(FileSystem& fs, Clock& clock, bool force) {
  const UnixSeconds now = clock.NowUnixSeconds();
  if (!force && now < state_->next_update - kRenewMarginSeconds) return false;
  MSE_ASSIGN_OR_RETURN(Collateral fresh, SignSimCollateral(*state_, now));
  MSE_RETURN_IF_ERROR(SaveSimCollateral(fs, JoinPath(state_->dir, kCollateralDir), fresh));
  state_->collateral = std::move(fresh);
  state_->next_update = now + kCollateralValiditySeconds;
  return true;
}

const std::string& SimPlatform::dir() const { return state_->dir; }
const X509Certificate& SimPlatform::root() const { return state_->root; }
const X509Certificate& SimPlatform::pck_ca() const { return state_->pck_ca; }
const X509Certificate& SimPlatform::pck_leaf() const { return state_->pck_leaf; }
const X509Certificate& SimPlatform::tcb_signing() const { return state_->tcb_signing; }
const PckExtension& SimPlatform::pck_extension() const { return state_->pck; }
const Collateral& SimPlatform::collateral() const { return state_->collateral; }
UnixSeconds SimPlatform::collateral_next_update() const { return state_->next_update; }
crypto::P256Point SimPlatform::RootKey() const { return state_->root_key.PublicPoint(); }
std::string SimPlatform::RootPem() const { return state_->root.ToPem(); }
std::string SimPlatform::PckChainPem() const {
  return state_->pck_leaf.ToPem() + state_->pck_ca.ToPem() + state_->root.ToPem();
}
std::string SimPlatform::PckCrlIssuerChainPem() const {
  return state_->pck_ca.ToPem() + state_->root.ToPem();
}
std::string SimPlatform::TcbIssuerChainPem() const {
  return state_->tcb_signing.ToPem() + state_->root.ToPem();
}
const P256PrivateKey& SimPlatform::attestation_key() const { return state_->attestation_key; }
const P256PrivateKey& SimPlatform::pck_leaf_key() const { return state_->pck_leaf_key; }

TrustAnchors& AddSimRoot(TrustAnchors& anchors, const SimPlatform& platform) {
  return anchors.AddSimulated(std::string(kSimRootCommonName) + " (" + platform.dir() + ")",
                              platform.RootKey());
}

StatusOr<TrustAnchor> SimAnchorFromPem(std::string_view pem) {
  MSE_ASSIGN_OR_RETURN(X509Certificate root, X509Certificate::FromPem(pem));
  if (root.SubjectCommonName() != kSimRootCommonName || !root.IsSelfIssued()) {
    return InvalidArgumentError("simulation root: expected a self-signed '" +
                                std::string(kSimRootCommonName) + "' certificate, found '" +
                                root.SubjectCommonName() + "' issued by '" + root.IssuerCommonName() + "'");
  }
  MSE_ASSIGN_OR_RETURN(crypto::P256Point key, root.PublicKeyP256());
  MSE_RETURN_IF_ERROR(root.VerifySignature(key));
  return TrustAnchor{std::string(kSimRootCommonName), key, true};
}

StatusOr<std::string> ExportSimRootPem(FileSystem& fs, const std::string& dir) {
  MSE_ASSIGN_OR_RETURN(X509Certificate root, LoadCertificate(fs, JoinPath(dir, kRootCertFile)));
  return root.ToPem();
}

}  // namespace mse::attest::sim
