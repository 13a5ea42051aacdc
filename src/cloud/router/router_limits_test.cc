// Connection limits: excess connections are closed at accept time.
#include <gtest/gtest.h>

#include <vector>

#include "cloud/router/router.h"
#include "cloud/router/testing/router_harness.h"
#include "cloud/router/testing/router_testing.h"

namespace mse::cloud::router {
namespace {

using namespace std::chrono_literals;
using testing::ClosedWithoutData;
using testing::ConnectTcp;
using testing::Fd;
using testing::RouterHarness;

// Connections that never send a hello; the hello timeout is long, so only a
// limit can close them quickly.
class RouterLimitsTest : public ::testing::Test {
 protected:
  void StartRouter(size_t total, size_t per_address) {
    RouterOptions options;
    options.max_connections = total;
    options.max_connections_per_address = per_address;
    options.hello_timeout = 60s;
    ASSERT_TRUE(harness_.Start(options).ok());
  }
  Fd Open(const char* host) {
    auto client = ConnectTcp(host, harness_.port());
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : Fd();
  }

  RouterHarness harness_;
};

TEST_F(RouterLimitsTest, PerAddressLimit) {
  StartRouter(100, 2);
  std::vector<Fd> v4;
  v4.push_back(Open("127.0.0.1"));
  v4.push_back(Open("127.0.0.1"));
  ASSERT_TRUE(harness_.WaitForActive(2));
  Fd excess = Open("127.0.0.1");
  EXPECT_TRUE(ClosedWithoutData(excess.get(), 5s)) << "closed at once, not at the 60 s hello timeout";
  EXPECT_EQ(harness_.router().GlobalStats().rejected_by_limit, 1u);
  Fd v6 = Open("::1");  // another address has its own allowance
  ASSERT_TRUE(harness_.WaitForActive(3));
  EXPECT_FALSE(ClosedWithoutData(v6.get(), 100ms));
  v4.pop_back();  // frees a slot for 127.0.0.1
  ASSERT_TRUE(harness_.WaitForActive(2));
  Fd again = Open("127.0.0.1");
  ASSERT_TRUE(harness_.WaitForActive(3));
  EXPECT_FALSE(ClosedWithoutData(again.get(), 100ms));
  EXPECT_EQ(harness_.router().GlobalStats().rejected_by_limit, 1u);
  EXPECT_NE(harness_.WaitForLogLine({"127.0.0.1:", "rejected: connection limit"}), "");
}

TEST_F(RouterLimitsTest, GlobalLimitAcrossAddresses) {
  StartRouter(3, 100);
  std::vector<Fd> open;
  open.push_back(Open("127.0.0.1"));
  open.push_back(Open("127.0.0.1"));
  open.push_back(Open("::1"));
  ASSERT_TRUE(harness_.WaitForActive(3));
  Fd excess_v6 = Open("::1");
  Fd excess_v4 = Open("127.0.0.1");
  EXPECT_TRUE(ClosedWithoutData(excess_v6.get(), 5s));
  EXPECT_TRUE(ClosedWithoutData(excess_v4.get(), 5s));
  RouterGlobalStats global = harness_.router().GlobalStats();
  EXPECT_EQ(global.rejected_by_limit, 2u);
  EXPECT_EQ(global.accepted, 3u);
  EXPECT_EQ(global.active_connections, 3u);
}

}  // namespace
}  // namespace mse::cloud::router
