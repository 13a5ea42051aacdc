// The enclave container's command line, shared with the original tool
// (formats.md §19.1, quirk Q-43): `--size NM --subject S --san SAN --id UUID
// --application mod:var [--expiration UNIX]`, plus `--host H --port P` (which
// the original's mse-run also accepts). The CLI writes it (spawn) and reads it
// back (status, run, evidence); mse-enclave's mse-run entry parses it.
#ifndef MSE_FORMAT_ENCLAVE_CMD_H_
#define MSE_FORMAT_ENCLAVE_CMD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace mse::format {

struct EnclaveArgs {
  int64_t size_mb = 0;
  std::string subject;
  std::string san;
  std::string app_id;       // UUID
  std::string application;  // module:variable
  std::optional<int64_t> expiration;  // Unix seconds
  std::string host = "0.0.0.0";  // bind address
  int port = 443;
  int64_t timeout_seconds = 0;   // configuration timeout (0: none)
};

std::vector<std::string> EnclaveCmd(const EnclaveArgs& args);

// "--key value" pairs (a flag followed by "--…" or last is "true"; --size
// drops its "M"). Usage error naming a missing or malformed field.
StatusOr<EnclaveArgs> ParseEnclaveCmd(const std::vector<std::string>& cmd);

}  // namespace mse::format

#endif  // MSE_FORMAT_ENCLAVE_CMD_H_
