// `mse attest show`: a readable report of every field of a quote, an RA-TLS
// certificate or an evidence.json (formats.md §13, §15; attestation.md §2).
// Decoding only: nothing here is verified (use verifier.h / ratls.h).
#ifndef MSE_ATTEST_DECODE_H_
#define MSE_ATTEST_DECODE_H_

#include <string>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::attest {

struct DecodedReport {
  std::string kind;  // "quote", "ratls_certificate" or "evidence"
  std::string text;  // indented "field: value" lines
  std::string json;  // pretty JSON with the same content
};

// Detects the input: a JSON object → evidence.json; PEM or DER certificate →
// RA-TLS certificate; anything else → raw quote. InvalidArgument naming the
// part that does not parse.
StatusOr<DecodedReport> DecodeAttestationInput(ByteView data);

}  // namespace mse::attest

#endif  // MSE_ATTEST_DECODE_H_
