// Fuzzes the multipart/form-data parser of POST /apps and the deployment
// configuration it carries: the first line of the input is the Content-Type
// header, the rest the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cloud/api/deploy_request.h"
#include "cloud/api/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto boundary = mse::cloud::api::MultipartBoundary(input.substr(0, newline));
  if (!boundary.ok()) return 0;
  auto parts = mse::cloud::api::ParseMultipart(input.substr(newline + 1), *boundary);
  if (!parts.ok()) return 0;
  for (const auto& part : *parts) {
    if (part.body.data() < input.data() || part.body.data() + part.body.size() > input.data() + input.size()) {
      __builtin_trap();  // a part must be a view into the body
    }
    if (part.name == "conf") (void)mse::cloud::api::ParseDeployRequest(part.body);
  }
  return 0;
}
