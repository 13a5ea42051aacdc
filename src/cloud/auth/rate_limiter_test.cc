#include "cloud/auth/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

#include "base/fake_env.h"

namespace mse::cloud::auth {
namespace {

class RateLimiterTest : public ::testing::Test {
 protected:
  void Fail(int times, const std::string& key = "alice@example.com") {
    for (int i = 0; i < times; ++i) limiter_.RecordFailure(key);
  }
  void Advance(int64_t seconds) { clock_.SleepMillis(seconds * 1000); }

  FakeClock clock_;
  LoginRateLimiter limiter_{clock_};
};

TEST_F(RateLimiterTest, FiveFailuresInAMinuteLockForAMinute) {
  Fail(4);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 0);
  Advance(30);
  Fail(1);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 60);
  Advance(59);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 1);
  Advance(1);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 0);
  // After the lockout the count starts again from zero.
  Fail(4);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 0);
}

TEST_F(RateLimiterTest, FailuresOutsideTheWindowDoNotAddUp) {
  Fail(4);
  Advance(60);  // the window that began with the first failure is over
  Fail(4);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 0);
  Fail(1);
  EXPECT_GT(limiter_.LockedSeconds("alice@example.com"), 0);
}

TEST_F(RateLimiterTest, RetriesWhileLockedDoNotExtendTheLock) {
  Fail(5);
  Advance(30);
  Fail(10);
  EXPECT_EQ(limiter_.LockedSeconds("alice@example.com"), 30);
}

TEST_F(RateLimiterTest, KeysAreIndependentAndResetForgets) {
  Fail(5, "a");
  Fail(4, "b");
  EXPECT_GT(limiter_.LockedSeconds("a"), 0);
  EXPECT_EQ(limiter_.LockedSeconds("b"), 0);
  limiter_.Reset("b");
  Fail(1, "b");
  EXPECT_EQ(limiter_.LockedSeconds("b"), 0);  // one failure since the reset
  limiter_.Reset("a");
  EXPECT_EQ(limiter_.LockedSeconds("a"), 0);
  EXPECT_EQ(limiter_.tracked_keys(), 1u);
}

TEST_F(RateLimiterTest, MemoryIsBoundedByForgettingTheOldest) {
  LoginRateLimiter small(clock_, RateLimitOptions{.max_keys = 3});
  for (const char* key : {"k1", "k2", "k3"}) {
    for (int i = 0; i < 5; ++i) small.RecordFailure(key);
  }
  small.RecordFailure("k1");  // k1 becomes the most recent
  small.RecordFailure("k4");  // evicts k2, the least recent
  EXPECT_EQ(small.tracked_keys(), 3u);
  EXPECT_GT(small.LockedSeconds("k1"), 0);
  EXPECT_EQ(small.LockedSeconds("k2"), 0);
  EXPECT_GT(small.LockedSeconds("k3"), 0);
  for (int i = 0; i < 1000; ++i) small.RecordFailure("flood" + std::to_string(i));
  EXPECT_EQ(small.tracked_keys(), 3u);
}

}  // namespace
}  // namespace mse::cloud::auth
