#include "base/bytes.h"

#include <cstring>

namespace mse {

void WipeMemory(void* data, size_t size) {
  // explicit_bzero (glibc >= 2.25) is guaranteed not to be optimised away.
  if (size == 0) return;  // also keeps a null pointer away from explicit_bzero
  explicit_bzero(data, size);
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  volatile uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = diff | (a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace mse
