// Turning a Python exception into text for the enclave log (internal to
// src/enclave; include only from files that already use pybind11).
#ifndef MSE_ENCLAVE_PYTHON_ERRORS_H_
#define MSE_ENCLAVE_PYTHON_ERRORS_H_

#include <pybind11/pybind11.h>

#include <string>

namespace mse::enclave {

// The formatted traceback ("Traceback (most recent call last): ...") of `e`,
// or its short text when formatting itself fails. Requires the GIL.
std::string DescribePythonError(pybind11::error_already_set& e);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_PYTHON_ERRORS_H_
