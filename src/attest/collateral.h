// Intel DCAP collateral (attestation.md §5; formats.md §13, §17): the raw
// items as received, and loaders from a directory and from evidence.json
// fields. Raw JSON bodies are kept byte for byte: their signatures cover the
// exact `tcbInfo` / `enclaveIdentity` spans (see signed_json.h).
#ifndef MSE_ATTEST_COLLATERAL_H_
#define MSE_ATTEST_COLLATERAL_H_

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::attest {

// Copyable value. Empty members mean "not available"; the verifier reports
// the check that needs a missing item as failed ("collateral missing").
struct Collateral {
  Bytes root_ca_crl_der;
  Bytes pck_crl_der;
  std::string pck_crl_issuer_chain_pem;  // optional: PCK CA ‖ root
  std::string tcb_info_body;             // {"tcbInfo":{…},"signature":"…"}
  std::string tcb_info_issuer_chain_pem;  // TCB Signing ‖ root (root optional)
  std::string qe_identity_body;           // {"enclaveIdentity":{…},"signature":"…"}
  std::string qe_identity_issuer_chain_pem;  // optional, TCB Signing ‖ root
};

// File names of a collateral directory (the layout of
// /work/shared/vectors/dcap/*/collateral).
inline constexpr char kRootCaCrlFile[] = "root_ca_crl.der";
inline constexpr char kPckCrlFile[] = "pck_crl.der";
inline constexpr char kPckCrlIssuerChainFile[] = "pck_crl_issuer_chain.pem";
inline constexpr char kTcbInfoFile[] = "tcb_info.json";
inline constexpr char kTcbInfoIssuerChainFile[] = "tcb_info_issuer_chain.pem";
inline constexpr char kQeIdentityFile[] = "qe_identity.json";
inline constexpr char kQeIdentityIssuerChainFile[] = "qe_identity_issuer_chain.pem";

// Loads a collateral directory. CRLs may be DER, PEM or hex of DER (PCCS
// rootcacrl style). The *_issuer_chain.pem files for the PCK CRL and the QE
// identity are optional; every other file is required (NotFound naming it).
StatusOr<Collateral> LoadCollateralDirectory(FileSystem& fs, const std::string& dir);

// Writes `collateral` in the directory layout above (CRLs as DER).
Status SaveCollateralDirectory(FileSystem& fs, const std::string& dir,
                               const Collateral& collateral);

// evidence.json members (formats.md §13), as stored (strings verbatim).
struct EvidenceCollateralFields {
  std::string root_ca_crl;       // PEM
  std::string pck_platform_crl;  // PEM
  std::string tcb_info;          // base64 of the raw body
  std::string qe_identity;       // base64 of the raw body
  std::string tcb_cert;          // PEM of the TCB Signing certificate
};

// Decodes the evidence fields. `tcb_info` / `qe_identity` may be base64 of
// the body, base64 of its hex text (earlier versions of the original CLI,
// with or without a final newline) or the hex text itself; anything that does
// not end as a JSON object is InvalidArgument naming the field.
StatusOr<Collateral> CollateralFromEvidence(const EvidenceCollateralFields& fields);

// The inverse of CollateralFromEvidence (CRLs as PEM, bodies as base64).
StatusOr<EvidenceCollateralFields> CollateralToEvidence(const Collateral& collateral);

// DER from DER, PEM ("X509 CRL") or hex text of DER; InvalidArgument otherwise.
StatusOr<Bytes> NormalizeCrl(ByteView data, std::string_view what);

}  // namespace mse::attest

#endif  // MSE_ATTEST_COLLATERAL_H_
