// Fuzzes what mse-enclave parses from outside (issue 13): the configuration
// POST body through the real ConfigServer (with and without a provider key;
// fake unsealer and sink), the JSON depth check and writer, the provider key
// text, and the sealed-state record decoder.
//
// Wiring (fuzz/CMakeLists.txt, owned by the fuzz maintainer):
//   add_executable(fuzz_enclave_config fuzz_enclave_config.cc)
//   target_compile_options(fuzz_enclave_config PRIVATE -fsanitize=fuzzer)
//   target_link_options(fuzz_enclave_config PRIVATE -fsanitize=fuzzer)
//   target_link_libraries(fuzz_enclave_config PRIVATE mse_enclave)
// and mse_enclave, mse_format added to the -fsanitize=fuzzer-no-link list.
#include <cstddef>
#include <cstdint>
#include <string>

#include "enclave/config_server.h"
#include "enclave/sealed_state.h"
#include "base/json_depth.h"
#include "format/json_writer.h"
#include "format/provider_binding.h"

namespace {

// Opens anything that starts with 'S' (the rest is the plaintext).
class FuzzUnsealer : public mse::enclave::SecretsUnsealer {
 public:
  mse::StatusOr<mse::SecretBytes> Unseal(mse::ByteView sealed) override {
    if (sealed.empty() || sealed[0] != 'S') return mse::UnauthenticatedError("does not open");
    return mse::SecretBytes(sealed.subspan(1));
  }
};

class AcceptingSink : public mse::enclave::ConfigurationSink {
 public:
  mse::Status Apply(mse::enclave::ConfigurationSecrets) override { return mse::Status::Ok(); }
};

void Post(const std::string& body, bool with_provider_key, bool owner_mode) {
  mse::enclave::ConfigServerOptions options;
  options.expected_uuid = "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21";
  options.owner_certificate_mode = owner_mode;
  options.enclave.ratls_public_key.fill(1);
  options.enclave.ratls_public_key[0] = 0x04;
  if (with_provider_key) options.provider_key = mse::format::ProviderPublicKey{};
  FuzzUnsealer unsealer;
  AcceptingSink sink;
  mse::enclave::ConfigServer server(options, unsealer, sink);
  mse::net::ServerRequest request;
  request.method = "POST";
  request.body = body;
  (void)server.Handle(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Post(text, false, false);
  Post(text, true, size % 2 == 1);
  auto parsed = mse::format::ParseJson(text, "fuzz");
  if (parsed.ok()) (void)mse::format::DumpCompactPython(*parsed);
  (void)mse::CheckJsonDepth(text, "fuzz", 8);
  (void)mse::format::ParseProviderPublicKey(text);
  (void)mse::enclave::DecodeState(mse::ByteView(data, size));
  return 0;
}
