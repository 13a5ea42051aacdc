// The compact-Python JSON writer of formats.md §1.2 (separators ", " and
// ": ", ASCII-only with lowercase \uXXXX, member order preserved), used for
// the secrets files written in the enclave. The lead may swap this for the
// shared writer of src/format once it exists.
#ifndef MSE_ENCLAVE_PYTHON_JSON_H_
#define MSE_ENCLAVE_PYTHON_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

namespace mse::enclave {

// Never fails: strings that are not valid UTF-8 have the bad bytes replaced
// by U+FFFD (our parser only produces valid UTF-8).
std::string DumpCompactPython(const nlohmann::ordered_json& value);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_PYTHON_JSON_H_
