#include "enclave/python_errors.h"

namespace py = pybind11;

namespace mse::enclave {

std::string DescribePythonError(py::error_already_set& e) {
  try {
    py::object format = py::module_::import("traceback").attr("format_exception");
    py::list lines = format(e.type(), e.value(), e.trace());
    std::string text;
    for (const auto& line : lines) text += line.cast<std::string>();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  } catch (...) {
    return e.what();
  }
}

}  // namespace mse::enclave
