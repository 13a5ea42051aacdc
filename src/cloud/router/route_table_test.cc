#include "cloud/router/route_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "cloud/router/testing/router_testing.h"

namespace mse::cloud::router {
namespace {

Route PassThrough(std::string app_id, uint16_t port) {
  Route route;
  route.app_id = std::move(app_id);
  route.port = port;
  return route;
}

TEST(RouteTableTest, SetAndLookupIgnoreCase) {
  RouteTable table;
  ASSERT_TRUE(table.Set("App.Example", PassThrough("app-1", 9000)).ok());
  auto route = table.Lookup("app.EXAMPLE");
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->app_id, "app-1");
  EXPECT_EQ(route->host, "127.0.0.1");
  EXPECT_EQ(route->port, 9000);
  EXPECT_EQ(table.Lookup("other.example"), nullptr);
  EXPECT_EQ(table.Lookup("not a name"), nullptr);
}

TEST(RouteTableTest, ReplaceRemoveClearAndSnapshot) {
  RouteTable table;
  ASSERT_TRUE(table.Set("a.test", PassThrough("a", 1)).ok());
  ASSERT_TRUE(table.Set("b.test", PassThrough("b", 2)).ok());
  auto kept = table.Lookup("a.test");
  ASSERT_TRUE(table.Set("A.test", PassThrough("a2", 3)).ok());
  EXPECT_EQ(table.Lookup("a.test")->app_id, "a2");
  EXPECT_EQ(kept->app_id, "a");  // a route handed out stays valid and unchanged
  auto snapshot = table.Snapshot();
  ASSERT_EQ(snapshot.size(), 2u);
  EXPECT_EQ(snapshot.at("b.test").port, 2);
  EXPECT_TRUE(table.Remove("B.TEST"));
  EXPECT_FALSE(table.Remove("b.test"));
  EXPECT_FALSE(table.Remove("bad_name"));
  EXPECT_EQ(table.size(), 1u);
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Lookup("a.test"), nullptr);
}

TEST(RouteTableTest, RefusesBadRoutesWithoutChange) {
  RouteTable table;
  ASSERT_TRUE(table.Set("a.test", PassThrough("a", 1)).ok());
  EXPECT_EQ(table.Set("bad_name", PassThrough("x", 1)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(table.Set("a.test", PassThrough("", 1)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(table.Set("a.test", PassThrough("x", 0)).code(), StatusCode::kInvalidArgument);
  Route named = PassThrough("x", 1);
  named.host = "localhost";  // no resolution on the hot path
  EXPECT_EQ(table.Set("a.test", named).code(), StatusCode::kInvalidArgument);
  Route unpinned = PassThrough("x", 1);
  unpinned.terminate_tls = true;
  EXPECT_EQ(table.Set("a.test", unpinned).code(), StatusCode::kInvalidArgument);
  unpinned.pinned_certificate_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  EXPECT_EQ(table.Set("a.test", unpinned).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(table.Lookup("a.test")->app_id, "a");
}

TEST(RouteTableTest, AcceptsAPinnedOperatorRouteAndIpv6Host) {
  RouteTable table;
  Route route = PassThrough("op", 4433);
  route.host = "::1";
  route.terminate_tls = true;
  route.pinned_certificate_pem = testing::MakeIdentity("op.test").certificate_pem;
  ASSERT_TRUE(table.Set("op.test", route).ok());
  EXPECT_TRUE(table.Lookup("op.test")->terminate_tls);
}

TEST(RouteTableTest, ConcurrentReadersSeeWholeRoutes) {
  RouteTable table;
  ASSERT_TRUE(table.Set("hot.test", PassThrough("v0", 1000)).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        auto route = table.Lookup("hot.test");
        // Writers keep app_id "v<n>" and port 1000 + n together.
        if (route && route->app_id != "v" + std::to_string(route->port - 1000)) torn++;
      }
    });
  }
  for (int n = 1; n < 2000; ++n) {
    ASSERT_TRUE(
        table.Set("hot.test", PassThrough("v" + std::to_string(n), static_cast<uint16_t>(1000 + n))).ok());
    if (n % 100 == 0) table.Remove("hot.test");
  }
  stop = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace mse::cloud::router
