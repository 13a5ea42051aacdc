// Byte containers shared by every domain, and SecretBytes: a buffer that is
// wiped when it dies and never printed (STYLE.md: Tink's secret data type).
#ifndef MSE_BASE_BYTES_H_
#define MSE_BASE_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mse {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;
using MutableByteView = std::span<uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
inline std::string_view AsStringView(ByteView b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string ToString(ByteView b) { return std::string(AsStringView(b)); }

// Overwrites memory in a way the compiler may not elide.
void WipeMemory(void* data, size_t size);

// Owns secret bytes (keys, plaintext secrets). Move-only; zeroed on
// destruction and on move-from. Deliberately has no operator<< or ToString.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size) : data_(size, 0) {}
  explicit SecretBytes(ByteView data) : data_(data.begin(), data.end()) {}
  ~SecretBytes() { Wipe(); }

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept : data_(std::move(other.data_)) { other.data_.clear(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Wipe();
      data_ = std::move(other.data_);
      other.data_.clear();
    }
    return *this;
  }

  // An explicit copy: callers must mean it.
  SecretBytes Clone() const { return SecretBytes(view()); }

  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  ByteView view() const { return ByteView(data_.data(), data_.size()); }
  MutableByteView mutable_view() { return MutableByteView(data_.data(), data_.size()); }
  const uint8_t* data() const { return data_.data(); }
  uint8_t* data() { return data_.data(); }

 private:
  void Wipe() {
    if (!data_.empty()) WipeMemory(data_.data(), data_.size());
  }
  std::vector<uint8_t> data_;
};

// Constant-time equality for secrets and MACs (lengths are not secret).
bool ConstantTimeEquals(ByteView a, ByteView b);

}  // namespace mse

#endif  // MSE_BASE_BYTES_H_
