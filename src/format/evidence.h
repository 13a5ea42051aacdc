// evidence.json: everything needed to re-verify a home enclave offline
// (spec/formats.md §13; quirks ). Layout: docs/file-formats.md.
//
// Serialisation is indent-4 JSON (formats.md §1.2) with a fixed member order
// and no trailing newline, so a file written by the original loads and saves
// back byte for byte. String fields are kept as loaded; the PCCS bodies in
// `tcb_info` / `qe_identity` are decoded by attest::CollateralFromEvidence.
#ifndef MSE_FORMAT_EVIDENCE_H_
#define MSE_FORMAT_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace mse::format {

// What `mse-run` was given; recomputes MRENCLAVE.
struct EvidenceInputArgs {
  std::string subject;  // RFC 4514 string
  std::string subject_alternative_name;
  std::optional<int64_t> expiration_date;  // Unix seconds, null when absent
  int64_t size = 0;                        // enclave size in MB
  std::string app_id;                      // UUID
  std::string application;                 // module:variable
  friend bool operator==(const EvidenceInputArgs&, const EvidenceInputArgs&) = default;
};

// Copyable value.
struct Evidence {
  EvidenceInputArgs input_args;
  std::string ratls_certificate;  // PEM
  std::string root_ca_crl;        // PEM X509 CRL
  std::string pck_platform_crl;   // PEM X509 CRL (platform or processor CA, Q-46)
  std::string tcb_info;           // base64 of the raw PCCS /tcb body
  std::string qe_identity;        // base64 of the raw PCCS /qe/identity body
  std::string tcb_cert;           // PEM
  std::string signer_pk;          // PEM SPKI
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// Unknown members are ignored. Errors (InvalidArgument) name `file` and the
// member: invalid JSON (with byte position), missing member, wrong type, and
// msehome 0.1.0 evidence (`input_args.host`), which is not supported.
StatusOr<Evidence> ParseEvidence(std::string_view text, const std::string& file);
std::string SerializeEvidence(const Evidence& evidence);

StatusOr<Evidence> LoadEvidence(FileSystem& fs, const std::string& path);
// Atomic write (temporary file renamed into place).
Status SaveEvidence(FileSystem& fs, const std::string& path, const Evidence& evidence);

}  // namespace mse::format

#endif  // MSE_FORMAT_EVIDENCE_H_
