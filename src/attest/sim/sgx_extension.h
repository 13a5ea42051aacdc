// DER encoding of the PCK certificate's SGX extension (attestation.md §3,
// OID 1.2.840.113741.1.13.1) for the simulated platform: the inverse of
// attest::ParsePckExtension, written with a tiny DER writer.
#ifndef MSE_ATTEST_SIM_SGX_EXTENSION_H_
#define MSE_ATTEST_SIM_SGX_EXTENSION_H_

#include <string_view>

#include "attest/pck_extension.h"
#include "base/bytes.h"

namespace mse::attest::sim {

// SEQUENCE OF SEQUENCE { OID, value }: PPID (.1), TCB (.2: 16 component
// SVNs, PCESVN, CPUSVN), PCE-ID (.3), FMSPC (.4), SGX Type (.5, ENUMERATED),
// then Platform Instance ID (.6) and Configuration (.7) when set.
Bytes EncodePckExtension(const PckExtension& ext);

// Minimal DER building blocks (definite lengths, minimal integers).
Bytes DerTlv(uint8_t tag, ByteView content);
Bytes DerOid(std::string_view dotted);           // the caller's OIDs are constants
Bytes DerUnsigned(uint8_t tag, uint64_t value);  // INTEGER (0x02) / ENUMERATED (0x0a)

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_SGX_EXTENSION_H_
