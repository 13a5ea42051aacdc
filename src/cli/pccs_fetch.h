// PCCS requests of the CLI over libcurl (30 s, 3 attempts; attestation.md §11).
#ifndef MSE_CLI_PCCS_FETCH_H_
#define MSE_CLI_PCCS_FETCH_H_

#include "attest/pccs_client.h"

namespace mse::cli {

attest::PccsHttpGet CurlPccsGet();

}  // namespace mse::cli

#endif  // MSE_CLI_PCCS_FETCH_H_
