// TCB evaluation (attestation.md §7): platform level matching from the PCK
// extension, QE identity level, convergence and QVL result names.
#ifndef MSE_ATTEST_TCB_H_
#define MSE_ATTEST_TCB_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/pck_extension.h"
#include "attest/signed_json.h"
#include "base/status.h"

namespace mse::attest {

enum class TcbStatus {
  kUpToDate,
  kSWHardeningNeeded,
  kConfigurationNeeded,
  kConfigurationAndSWHardeningNeeded,
  kOutOfDate,
  kOutOfDateConfigurationNeeded,
  kRevoked,
};

// "UpToDate", "SWHardeningNeeded", ... (Intel's spelling).
std::string_view TcbStatusName(TcbStatus status);
// Exact Intel spelling, case-insensitive. InvalidArgument listing the names.
StatusOr<TcbStatus> ParseTcbStatus(std::string_view name);
// As ParseTcbStatus, but an unknown collateral string means Revoked (§7.1).
TcbStatus TcbStatusFromCollateral(std::string_view name);
// "OK", "SW_HARDENING_NEEDED", ... (§7.3).
std::string_view QvlResultName(TcbStatus status);

struct TcbMatch {
  size_t index = 0;  // in the collateral's published order
  TcbStatus status = TcbStatus::kRevoked;
  std::string tcb_date;
  std::vector<std::string> advisory_ids;
};

// §7.1: the first level (components, then PCESVN, descending) that the PCK
// values reach or exceed. nullopt: "TCB level not supported".
std::optional<TcbMatch> MatchPlatformTcb(const TcbInfo& info, const PckExtension& pck);

// §7.2: the first level (isvsvn descending) with isvsvn <= `qe_isv_svn`;
// nullopt when none (the QE status is then Revoked).
std::optional<TcbMatch> MatchQeTcb(const QeIdentity& identity, uint16_t qe_isv_svn);

// §7.3 convergence table.
TcbStatus ConvergeTcb(TcbStatus qe, TcbStatus platform);

}  // namespace mse::attest

#endif  // MSE_ATTEST_TCB_H_
