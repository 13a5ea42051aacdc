// Intel-signed collateral JSON (attestation.md §5): TCB Info v3 and QE
// Identity v2. The signed message is the exact byte span of the `tcbInfo` /
// `enclaveIdentity` value in the body as received (§12), never re-serialized.
#ifndef MSE_ATTEST_SIGNED_JSON_H_
#define MSE_ATTEST_SIGNED_JSON_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attest/time_util.h"
#include "base/bytes.h"
#include "base/status.h"

namespace mse::attest {

// The raw span of member `name` of the top-level object, from its `{` to the
// matching `}` (string-aware scan). InvalidArgument when the body is not an
// object, the member is absent or its value is not a balanced object.
StatusOr<std::string_view> FindSignedSpan(std::string_view body, std::string_view name);

struct TcbLevel {
  std::array<uint8_t, 16> sgx_components{};
  uint16_t pcesvn = 0;
  std::string tcb_date;
  std::string tcb_status;
  std::vector<std::string> advisory_ids;
};

struct TcbInfo {
  std::string id;
  int version = 0;
  std::string issue_date_text;
  std::string next_update_text;
  UnixSeconds issue_date = 0;
  UnixSeconds next_update = 0;
  std::string fmspc;  // as written (hex)
  std::string pce_id;
  int tcb_type = 0;
  int tcb_evaluation_data_number = 0;
  std::vector<TcbLevel> levels;
  std::string signed_span;  // exact signed bytes
  Bytes signature;          // 64 bytes r ‖ s
};

struct QeTcbLevel {
  uint16_t isvsvn = 0;
  std::string tcb_date;
  std::string tcb_status;
  std::vector<std::string> advisory_ids;
};

struct QeIdentity {
  std::string id;
  int version = 0;
  std::string issue_date_text;
  std::string next_update_text;
  UnixSeconds issue_date = 0;
  UnixSeconds next_update = 0;
  int tcb_evaluation_data_number = 0;
  uint32_t miscselect = 0;
  uint32_t miscselect_mask = 0;
  std::array<uint8_t, 16> attributes{};
  std::array<uint8_t, 16> attributes_mask{};
  std::array<uint8_t, 32> mrsigner{};
  uint16_t isvprodid = 0;
  std::vector<QeTcbLevel> levels;
  std::string signed_span;
  Bytes signature;
};

// Parse the bodies. InvalidArgument naming the member for a missing or
// ill-typed field; JSON library errors are reported as "JSON: …".
StatusOr<TcbInfo> ParseTcbInfo(std::string_view body);
StatusOr<QeIdentity> ParseQeIdentity(std::string_view body);

}  // namespace mse::attest

#endif  // MSE_ATTEST_SIGNED_JSON_H_
