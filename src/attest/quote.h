// SGX ECDSA (DCAP) quote v3 and v4-SGX parser: attestation.md §2 (layout)
// and §2.4 (parser rules). Parsing checks structure only; signatures and the
// certificate chain are checked by the verifier (verifier.h).
#ifndef MSE_ATTEST_QUOTE_H_
#define MSE_ATTEST_QUOTE_H_

#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/x509.h"

namespace mse::attest {

inline constexpr size_t kReportBodySize = 384;
inline constexpr size_t kQuoteHeaderSize = 48;
inline constexpr size_t kSignedRegionSize = kQuoteHeaderSize + kReportBodySize;  // 432
inline constexpr size_t kMinQuoteSize = 1020;
// Intel's QE vendor ID.
inline constexpr std::array<uint8_t, 16> kIntelQeVendorId = {
    0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,
    0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07};

using Bytes16 = std::array<uint8_t, 16>;
using Bytes32 = std::array<uint8_t, 32>;
using Bytes64 = std::array<uint8_t, 64>;

// SGX report body (§2.2), for the ISV enclave and the QE alike.
struct ReportBody {
  Bytes16 cpu_svn{};
  uint32_t misc_select = 0;
  Bytes16 isv_ext_prod_id{};
  uint64_t flags = 0;  // bit 1 = DEBUG
  uint64_t xfrm = 0;
  Bytes16 attributes{};  // raw bytes rel. 48..63 (flags LE ‖ xfrm LE)
  Bytes32 mr_enclave{};
  Bytes32 mr_signer{};
  Bytes64 config_id{};
  uint16_t isv_prod_id = 0;
  uint16_t isv_svn = 0;
  uint16_t config_svn = 0;
  Bytes16 isv_family_id{};
  Bytes64 report_data{};

  bool debug() const { return (flags & 0x2) != 0; }
};

// Decodes a 384-byte report body (the caller checks the size).
ReportBody ParseReportBody(ByteView body);

struct Quote {
  Bytes raw;  // the quote as received, including any trailing bytes
  uint16_t version = 0;
  uint16_t att_key_type = 0;
  uint32_t tee_type = 0;  // reserved in v3
  uint16_t qe_svn = 0;
  uint16_t pce_svn = 0;
  Bytes16 qe_vendor_id{};
  std::array<uint8_t, 20> user_data{};
  ReportBody isv_report;
  uint32_t signature_data_len = 0;
  Bytes64 isv_signature{};    // r ‖ s over raw[0:432]
  Bytes64 attestation_key{};  // X ‖ Y
  uint16_t outer_cert_data_type = 0;  // v4: 6; v3: 0 (absent)
  Bytes qe_report_raw;  // 384 bytes, the QE-signed message
  ReportBody qe_report;
  Bytes64 qe_report_signature{};
  Bytes qe_auth_data;
  uint16_t cert_data_type = 0;  // always 5 after parsing
  Bytes cert_data;              // raw certification data (PEM chain, NULs)
  // PCK leaf, PCK Platform/Processor CA, root — exactly three, in that order.
  std::vector<crypto::X509Certificate> pck_chain;

  ByteView signed_region() const { return ByteView(raw).first(kSignedRegionSize); }
  const crypto::X509Certificate& pck_leaf() const { return pck_chain[0]; }
  const crypto::X509Certificate& pck_ca() const { return pck_chain[1]; }
  const crypto::X509Certificate& root() const { return pck_chain[2]; }
};

// Parses a quote following §2.4 strictly: the declared lengths must account
// for every byte, so nothing unsigned and unparsed rides along (no bytes after
// the signature data, none after the certification data). Fails with
// InvalidArgument naming the field, the offset and expected vs found values.
StatusOr<Quote> ParseQuote(ByteView bytes);

}  // namespace mse::attest

#endif  // MSE_ATTEST_QUOTE_H_
