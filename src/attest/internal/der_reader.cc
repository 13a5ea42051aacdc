#include "attest/internal/der_reader.h"

#include <string>

namespace mse::attest::internal {

StatusOr<DerElement> DerReader::Next() {
  if (data_.size() < 2) return InvalidArgumentError("DER: truncated element header");
  DerElement element;
  element.tag = data_[0];
  if ((element.tag & 0x1f) == 0x1f) return InvalidArgumentError("DER: multi-byte tags unsupported");
  size_t length = data_[1];
  size_t header = 2;
  if (length & 0x80) {
    size_t count = length & 0x7f;
    if (count == 0 || count > 4) return InvalidArgumentError("DER: unsupported length form");
    if (data_.size() < 2 + count) return InvalidArgumentError("DER: truncated length");
    length = 0;
    for (size_t i = 0; i < count; ++i) length = (length << 8) | data_[2 + i];
    header += count;
  }
  if (length > data_.size() - header) {
    return InvalidArgumentError("DER: element length " + std::to_string(length) + " exceeds the " +
                                std::to_string(data_.size() - header) + " remaining bytes");
  }
  element.content = data_.subspan(header, length);
  data_ = data_.subspan(header + length);
  return element;
}

StatusOr<DerElement> DerReader::Expect(uint8_t tag) {
  MSE_ASSIGN_OR_RETURN(DerElement element, Next());
  if (element.tag != tag) {
    return InvalidArgumentError("DER: expected tag " + std::to_string(tag) + ", found " +
                                std::to_string(element.tag));
  }
  return element;
}

StatusOr<uint32_t> DerToUint(const DerElement& element) {
  if (element.tag != kDerInteger && element.tag != kDerEnumerated) {
    return InvalidArgumentError("DER: expected an INTEGER");
  }
  ByteView v = element.content;
  if (v.empty() || (v[0] & 0x80)) return InvalidArgumentError("DER: negative or empty INTEGER");
  while (v.size() > 1 && v[0] == 0) v = v.subspan(1);
  if (v.size() > 4) return InvalidArgumentError("DER: INTEGER larger than 32 bits");
  uint32_t value = 0;
  for (uint8_t b : v) value = (value << 8) | b;
  return value;
}

}  // namespace mse::attest::internal
