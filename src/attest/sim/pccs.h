// The simulated platform's collateral over the PCCS v4 API (formats.md §17),
// as a pure request → response function the CLI mounts on an HTTP server
// (`mse home sim pccs`). The collateral itself, in the structures the
// verifier consumes, is SimPlatform::collateral().
#ifndef MSE_ATTEST_SIM_PCCS_H_
#define MSE_ATTEST_SIM_PCCS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attest/sim/platform.h"

namespace mse::attest::sim {

struct PccsResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Serves, for GET (and HEAD without a body):
//   /sgx/certification/v4/rootcacrl               hex text of the DER root CA CRL
//   /sgx/certification/v4/pckcrl?ca=platform[&encoding=der|pem]
//        DER (encoding=der) or PEM CRL + SGX-PCK-CRL-Issuer-Chain
//   /sgx/certification/v4/tcb?fmspc=<12 hex>      TCB info + TCB-Info-Issuer-Chain
//        (and SGX-TCB-Info-Issuer-Chain, the v3 spelling)
//   /sgx/certification/v4/qe/identity             QE identity + SGX-Enclave-Identity-Issuer-Chain
// Issuer chains are URL-encoded PEM, leaf first. Errors: 405 for another
// method, 404 for an unknown path, another CA type or FMSPC, 400 for a
// missing or malformed parameter; error bodies are one line of text.
PccsResponse HandlePccsRequest(const SimPlatform& platform, std::string_view method, std::string_view target);

// Percent-encodes every byte except RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view text);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_PCCS_H_
