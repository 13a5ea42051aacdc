// A minimal DER reader for the SGX PCK extension (attestation.md §3): reads
// tag-length-value elements with every length checked against the input.
// Internal to src/attest.
#ifndef MSE_ATTEST_INTERNAL_DER_READER_H_
#define MSE_ATTEST_INTERNAL_DER_READER_H_

#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::attest::internal {

inline constexpr uint8_t kDerBoolean = 0x01;
inline constexpr uint8_t kDerInteger = 0x02;
inline constexpr uint8_t kDerOctetString = 0x04;
inline constexpr uint8_t kDerOid = 0x06;
inline constexpr uint8_t kDerEnumerated = 0x0a;
inline constexpr uint8_t kDerSequence = 0x30;

struct DerElement {
  uint8_t tag = 0;
  ByteView content;
};

// Reads consecutive elements from a byte range. Copyable view; does not own.
class DerReader {
 public:
  explicit DerReader(ByteView data) : data_(data) {}
  bool empty() const { return data_.empty(); }
  // The next element; InvalidArgument when its header or length overruns the
  // input (single-byte tags only, lengths up to 4 bytes, no indefinite form).
  StatusOr<DerElement> Next();
  // Next() that also requires `tag`.
  StatusOr<DerElement> Expect(uint8_t tag);

 private:
  ByteView data_;
};

// A non-negative INTEGER that fits in 32 bits (InvalidArgument otherwise).
StatusOr<uint32_t> DerToUint(const DerElement& element);

}  // namespace mse::attest::internal

#endif  // MSE_ATTEST_INTERNAL_DER_READER_H_
