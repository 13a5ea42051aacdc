#include "cloud/router/internal/connection_limiter.h"

#include <gtest/gtest.h>

#include <vector>

namespace mse::cloud::router::internal {
namespace {

TEST(ConnectionLimiterTest, PerAddressLimitAndRelease) {
  ConnectionLimiter limiter(10, 2);
  std::vector<ConnectionLimiter::Slot> slots;
  for (int i = 0; i < 2; ++i) {
    auto slot = limiter.TryAcquire("127.0.0.1");
    ASSERT_TRUE(slot.has_value());
    slots.push_back(std::move(*slot));
  }
  EXPECT_FALSE(limiter.TryAcquire("127.0.0.1").has_value());
  EXPECT_TRUE(limiter.TryAcquire("::1").has_value());  // released at once
  EXPECT_EQ(limiter.CountFor("127.0.0.1"), 2u);
  slots.pop_back();
  EXPECT_EQ(limiter.CountFor("127.0.0.1"), 1u);
  EXPECT_TRUE(limiter.TryAcquire("127.0.0.1").has_value());
  slots.clear();
  EXPECT_EQ(limiter.total(), 0u);
  EXPECT_EQ(limiter.CountFor("127.0.0.1"), 0u);
}

TEST(ConnectionLimiterTest, TotalLimitAcrossAddresses) {
  ConnectionLimiter limiter(3, 100);
  auto a = limiter.TryAcquire("10.0.0.1");
  auto b = limiter.TryAcquire("10.0.0.2");
  auto c = limiter.TryAcquire("10.0.0.3");
  ASSERT_TRUE(a && b && c);
  EXPECT_FALSE(limiter.TryAcquire("10.0.0.4").has_value());
  EXPECT_EQ(limiter.CountFor("10.0.0.4"), 0u);  // a refusal leaves no entry
  b.reset();
  EXPECT_TRUE(limiter.TryAcquire("10.0.0.4").has_value());
}

TEST(ConnectionLimiterTest, MovedFromSlotReleasesNothing) {
  ConnectionLimiter limiter(1, 1);
  auto first = limiter.TryAcquire("a");
  ASSERT_TRUE(first);
  {
    ConnectionLimiter::Slot moved(std::move(*first));
    first.reset();  // the moved-from slot must not release
    EXPECT_EQ(limiter.total(), 1u);
  }
  EXPECT_EQ(limiter.total(), 0u);
}

}  // namespace
}  // namespace mse::cloud::router::internal
