#include "net/http_server_body.h"

#include <algorithm>

#include "base/bytes.h"

namespace mse::net::server_internal {
namespace {

constexpr size_t kFirstCapacity = 256;

void Wipe(std::string& s) {
  // The whole capacity: bytes past size() may be left from a longer body.
  s.resize(s.capacity());
  WipeMemory(s.data(), s.size());
  s.clear();
}

}  // namespace

bool BodyBudget::TryCharge(uint64_t n) {
  uint64_t used = used_.load();
  do {
    if (n > limit_ || used > limit_ - n) return false;
  } while (!used_.compare_exchange_weak(used, used + n));
  return true;
}

void BodyBudget::Release(uint64_t n) { used_.fetch_sub(n); }

BoundedBody::value_type::~value_type() { Clear(); }

BoundedBody::value_type::value_type(value_type&& other) noexcept
    : data_(std::move(other.data_)), budget_(other.budget_), charged_(other.charged_) {
  other.data_.clear();
  other.charged_ = 0;
}

BoundedBody::value_type& BoundedBody::value_type::operator=(value_type&& other) noexcept {
  if (this != &other) {
    Clear();
    data_ = std::move(other.data_);
    budget_ = other.budget_;
    charged_ = other.charged_;
    other.data_.clear();
    other.charged_ = 0;
  }
  return *this;
}

void BoundedBody::value_type::Clear() {
  Wipe(data_);
  std::string().swap(data_);
  if (budget_ != nullptr && charged_ > 0) budget_->Release(charged_);
  charged_ = 0;
}

bool BoundedBody::value_type::Append(const char* data, size_t n) {
  if (data_.size() + n > data_.capacity()) {
    size_t capacity = std::max({data_.capacity() * 2, data_.size() + n, kFirstCapacity});
    uint64_t extra = capacity > charged_ ? capacity - charged_ : 0;
    if (budget_ != nullptr && !budget_->TryCharge(extra)) return false;
    charged_ += extra;
    // Grow by hand so that the old buffer is wiped, not just freed.
    std::string grown;
    grown.reserve(capacity);
    grown.append(data_);
    Wipe(data_);
    data_.swap(grown);
  }
  data_.append(data, n);
  return true;
}

std::string BoundedBody::value_type::Take(uint64_t* charged) {
  *charged = charged_;
  charged_ = 0;
  std::string out = std::move(data_);
  data_.clear();
  return out;
}

}  // namespace mse::net::server_internal
