// The SGX extension of a PCK certificate, OID 1.2.840.113741.1.13.1
// (attestation.md §3): FMSPC, PCE-ID, TCB components, PCESVN, CPUSVN, SGX type.
#ifndef MSE_ATTEST_PCK_EXTENSION_H_
#define MSE_ATTEST_PCK_EXTENSION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/x509.h"

namespace mse::attest {

inline constexpr char kSgxExtensionOid[] = "1.2.840.113741.1.13.1";

enum class PckCaType { kPlatform, kProcessor };

// "platform" / "processor", as in PCCS `pckcrl?ca=` queries.
std::string_view PckCaTypeName(PckCaType type);
// From the PCK intermediate's CN; InvalidArgument for any other name.
StatusOr<PckCaType> PckCaTypeFromCommonName(std::string_view cn);

struct PckExtension {
  Bytes ppid;                              // 16 bytes
  std::array<uint8_t, 16> tcb_components{};  // SGX TCB comp SVNs 1..16
  uint16_t pcesvn = 0;
  std::array<uint8_t, 16> cpusvn{};
  std::array<uint8_t, 2> pce_id{};
  std::array<uint8_t, 6> fmspc{};
  uint32_t sgx_type = 0;  // 0 Standard, 1 Scalable, 2 Scalable with integrity
  std::optional<Bytes> platform_instance_id;
  std::optional<bool> dynamic_platform;
  std::optional<bool> cached_keys;
  std::optional<bool> smt_enabled;

  std::string FmspcHex() const;  // 12 uppercase hex digits, as Intel writes them
  std::string PceIdHex() const;  // 4 uppercase hex digits
  std::string SgxTypeName() const;
};

// Parses the extension's DER value. InvalidArgument naming the missing or
// malformed member (FMSPC, PCE-ID, TCB with all 18 entries are required).
StatusOr<PckExtension> ParsePckExtension(ByteView der);

// Finds and parses the extension of a PCK leaf certificate.
StatusOr<PckExtension> PckExtensionFromCertificate(const crypto::X509Certificate& cert);

}  // namespace mse::attest

#endif  // MSE_ATTEST_PCK_EXTENSION_H_
