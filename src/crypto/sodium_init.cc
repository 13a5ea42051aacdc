#include "crypto/sodium_init.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace mse::crypto {

void EnsureSodiumInitialized() {
  // sodium_init() returns 0 the first time, 1 when already done, -1 on failure.
  static const bool initialized = [] {
    if (sodium_init() < 0) {
      std::fputs("fatal: libsodium failed to initialize\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)initialized;
}

}  // namespace mse::crypto
