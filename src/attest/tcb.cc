#include "attest/tcb.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <numeric>

namespace mse::attest {
namespace {

struct StatusNames {
  TcbStatus status;
  std::string_view name;
  std::string_view qvl;
};

constexpr std::array<StatusNames, 7> kStatuses = {{
    {TcbStatus::kUpToDate, "UpToDate", "OK"},
    {TcbStatus::kSWHardeningNeeded, "SWHardeningNeeded", "SW_HARDENING_NEEDED"},
    {TcbStatus::kConfigurationNeeded, "ConfigurationNeeded", "CONFIG_NEEDED"},
    {TcbStatus::kConfigurationAndSWHardeningNeeded, "ConfigurationAndSWHardeningNeeded",
     "CONFIG_AND_SW_HARDENING_NEEDED"},
    {TcbStatus::kOutOfDate, "OutOfDate", "OUT_OF_DATE"},
    {TcbStatus::kOutOfDateConfigurationNeeded, "OutOfDateConfigurationNeeded",
     "OUT_OF_DATE_CONFIG_NEEDED"},
    {TcbStatus::kRevoked, "Revoked", "REVOKED"},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

std::string_view TcbStatusName(TcbStatus status) {
  return kStatuses[static_cast<size_t>(status)].name;
}

std::string_view QvlResultName(TcbStatus status) {
  return kStatuses[static_cast<size_t>(status)].qvl;
}

StatusOr<TcbStatus> ParseTcbStatus(std::string_view name) {
  std::string all;
  for (const StatusNames& s : kStatuses) {
    if (EqualsIgnoreCase(s.name, name)) return s.status;
    all += (all.empty() ? "" : ", ") + std::string(s.name);
  }
  return InvalidArgumentError("unknown TCB status '" + std::string(name) + "' (known: " + all +
                              ")");
}

TcbStatus TcbStatusFromCollateral(std::string_view name) {
  for (const StatusNames& s : kStatuses) {
    if (s.name == name) return s.status;
  }
  return TcbStatus::kRevoked;
}

std::optional<TcbMatch> MatchPlatformTcb(const TcbInfo& info, const PckExtension& pck) {
  std::vector<size_t> order(info.levels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const TcbLevel& x = info.levels[a];
    const TcbLevel& y = info.levels[b];
    if (x.sgx_components != y.sgx_components) return x.sgx_components > y.sgx_components;
    return x.pcesvn > y.pcesvn;
  });
  for (size_t i : order) {
    const TcbLevel& level = info.levels[i];
    bool reached = pck.pcesvn >= level.pcesvn;
    for (size_t c = 0; c < 16 && reached; ++c) {
      reached = pck.tcb_components[c] >= level.sgx_components[c];
    }
    if (reached) {
      return TcbMatch{i, TcbStatusFromCollateral(level.tcb_status), level.tcb_date,
                      level.advisory_ids};
    }
  }
  return std::nullopt;
}

std::optional<TcbMatch> MatchQeTcb(const QeIdentity& identity, uint16_t qe_isv_svn) {
  std::vector<size_t> order(identity.levels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return identity.levels[a].isvsvn > identity.levels[b].isvsvn;
  });
  for (size_t i : order) {
    const QeTcbLevel& level = identity.levels[i];
    if (level.isvsvn <= qe_isv_svn) {
      return TcbMatch{i, TcbStatusFromCollateral(level.tcb_status), level.tcb_date,
                      level.advisory_ids};
    }
  }
  return std::nullopt;
}

TcbStatus ConvergeTcb(TcbStatus qe, TcbStatus platform) {
  if (qe == TcbStatus::kRevoked) return TcbStatus::kRevoked;
  if (qe != TcbStatus::kOutOfDate) return platform;  // UpToDate (QE statuses are 3)
  switch (platform) {
    case TcbStatus::kUpToDate:
    case TcbStatus::kSWHardeningNeeded:
      return TcbStatus::kOutOfDate;
    case TcbStatus::kConfigurationNeeded:
    case TcbStatus::kConfigurationAndSWHardeningNeeded:
      return TcbStatus::kOutOfDateConfigurationNeeded;
    default:
      return platform;
  }
}

}  // namespace mse::attest
