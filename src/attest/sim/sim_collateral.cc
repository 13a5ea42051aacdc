// Simulated collateral (attestation.md §5): CRLs and the two signed JSON
// bodies. The signed span is produced first and embedded byte for byte, so
// the signature covers exactly what the verifier extracts.
#include <nlohmann/json.hpp>
#include <string>

#include "attest/sim/platform_state.h"
#include "base/encoding.h"
#include "crypto/issuer.h"

namespace mse::attest::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kPlatformTcbDate[] = "2024-03-13T00:00:00Z";
constexpr char kOlderTcbDate[] = "2023-02-15T00:00:00Z";

Json TcbLevel(const std::array<uint8_t, 16>& comps, int pcesvn, const char* date, const char* status) {
  Json components = Json::array();
  for (uint8_t svn : comps) components.push_back({{"svn", svn}});
  Json level = {{"tcb", {{"sgxtcbcomponents", components}, {"pcesvn", pcesvn}}},
                {"tcbDate", date},
                {"tcbStatus", status}};
  if (std::string(status) != "UpToDate") level["advisoryIDs"] = {"MSE-SIM-SA-00001"};
  return level;
}

std::string TcbInfoSpan(const PckExtension& pck, UnixSeconds now) {
  std::array<uint8_t, 16> older = pck.tcb_components;
  for (uint8_t& svn : older) svn = svn > 0 ? svn - 1 : 0;
  Json info = {{"id", "SGX"},
               {"version", 3},
               {"issueDate", FormatRfc3339(now)},
               {"nextUpdate", FormatRfc3339(now + kCollateralValiditySeconds)},
               {"fmspc", pck.FmspcHex()},
               {"pceId", pck.PceIdHex()},
               {"tcbType", 0},
               {"tcbEvaluationDataNumber", 17},
               {"tcbLevels",
                {TcbLevel(pck.tcb_components, pck.pcesvn, kPlatformTcbDate, "UpToDate"),
                 TcbLevel(older, pck.pcesvn > 2 ? pck.pcesvn - 2 : 0, kOlderTcbDate, "OutOfDate")}}};
  return info.dump();
}

std::string QeIdentitySpan(UnixSeconds now) {
  Json levels = {
      {{"tcb", {{"isvsvn", kSimQeIsvSvn}}}, {"tcbDate", kPlatformTcbDate}, {"tcbStatus", "UpToDate"}},
      {{"tcb", {{"isvsvn", kSimQeIsvSvn - 2}}},
       {"tcbDate", kOlderTcbDate},
       {"tcbStatus", "OutOfDate"},
       {"advisoryIDs", {"MSE-SIM-SA-00002"}}}};
  Json identity = {{"id", "QE"},
                   {"version", 2},
                   {"issueDate", FormatRfc3339(now)},
                   {"nextUpdate", FormatRfc3339(now + kCollateralValiditySeconds)},
                   {"tcbEvaluationDataNumber", 17},
                   {"miscselect", "00000000"},
                   {"miscselectMask", "FFFFFFFF"},
                   {"attributes", "11000000000000000000000000000000"},
                   {"attributesMask", "FBFFFFFFFFFFFFFF0000000000000000"},
                   {"mrsigner", HexEncode(SimQeMrSigner())},
                   {"isvprodid", kSimQeIsvProdId},
                   {"tcbLevels", levels}};
  return identity.dump();
}

StatusOr<std::string> SignedBody(const crypto::P256PrivateKey& key, const char* member,
                                 const std::string& span) {
  MSE_ASSIGN_OR_RETURN(auto signature, crypto::SignEcdsaP256Raw(key, AsBytes(span)));
  return std::string("{\"") + member + "\":" + span + ",\"signature\":\"" + HexEncode(signature) + "\"}";
}

}  // namespace

StatusOr<Collateral> SignSimCollateral(const SimPlatform::State& state, UnixSeconds now) {
  const crypto::CrlSpec window{now, now + kCollateralValiditySeconds, {}, Bytes{0x01}};
  MSE_ASSIGN_OR_RETURN(crypto::X509Crl root_crl, crypto::IssueCrl(state.root, state.root_key, window));
  MSE_ASSIGN_OR_RETURN(crypto::X509Crl pck_crl, crypto::IssueCrl(state.pck_ca, state.pck_ca_key, window));
  Collateral c;
  c.root_ca_crl_der = root_crl.der();
  c.pck_crl_der = pck_crl.der();
  c.pck_crl_issuer_chain_pem = state.pck_ca.ToPem() + state.root.ToPem();
  MSE_ASSIGN_OR_RETURN(c.tcb_info_body, SignedBody(state.tcb_key, "tcbInfo", TcbInfoSpan(state.pck, now)));
  c.tcb_info_issuer_chain_pem = state.tcb_signing.ToPem() + state.root.ToPem();
  MSE_ASSIGN_OR_RETURN(c.qe_identity_body, SignedBody(state.tcb_key, "enclaveIdentity", QeIdentitySpan(now)));
  c.qe_identity_issuer_chain_pem = c.tcb_info_issuer_chain_pem;
  return c;
}

}  // namespace mse::attest::sim
