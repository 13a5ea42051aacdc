// Fuzzes the router's ClientHello parser (src/cloud/router/client_hello.h)
// the way the router calls it: on a first read (a prefix of the input cut
// at a data-derived point), then on everything. Beyond "no crash, no
// sanitizer report", it checks the contract: a decision taken on a prefix
// never changes when more bytes arrive, "need more" never exceeds the cap,
// and a returned host name is already normalized.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "cloud/router/client_hello.h"
#include "cloud/router/host_name.h"

namespace {

using mse::cloud::router::ClientHelloResult;
using Kind = ClientHelloResult::Kind;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckResult(const ClientHelloResult& result, size_t size) {
  Check(result.hello_wire_bytes <= size);
  switch (result.kind) {
    case Kind::kNeedMore:
      Check(size < result.max_total_bytes);
      break;
    case Kind::kHostName: {
      auto again = mse::cloud::router::NormalizeHostName(result.host_name);
      Check(again.ok() && *again == result.host_name);
      Check(result.hello_wire_bytes > 0);
      break;
    }
    case Kind::kNoSni:
      Check(result.hello_wire_bytes > 0);
      break;
    case Kind::kMalformed:
      Check(!result.reason.empty());
      break;
  }
}

bool SameDecision(const ClientHelloResult& a, const ClientHelloResult& b) {
  return a.kind == b.kind && a.host_name == b.host_name && a.reason == b.reason &&
         a.hello_wire_bytes == b.hello_wire_bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mse::ByteView whole(data, size);
  size_t split = size == 0 ? 0 : (static_cast<size_t>(data[0]) << 8 | data[size - 1]) % (size + 1);
  ClientHelloResult first = mse::cloud::router::ParseClientHello(whole.first(split));
  CheckResult(first, split);
  ClientHelloResult all = mse::cloud::router::ParseClientHello(whole);
  CheckResult(all, size);
  if (first.kind != Kind::kNeedMore) Check(SameDecision(first, all));
  return 0;
}
