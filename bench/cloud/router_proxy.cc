// The SNI router of mse-cloud on its own, for benchmarks: routes one host
// name to one loopback port (pass-through) until SIGTERM/SIGINT.
// Usage: mse_router_proxy HOST PORT  → prints "router port N" once listening.
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "cloud/router/router.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mse_router_proxy HOST PORT" << std::endl;
    return 2;
  }
  auto table = std::make_shared<mse::cloud::router::RouteTable>();
  mse::cloud::router::Route route;
  route.app_id = "bench";
  route.port = static_cast<uint16_t>(std::stoi(argv[2]));
  mse::Status st = table->Set(argv[1], route);
  if (!st.ok()) {
    std::cerr << "error: " << st.message() << std::endl;
    return 1;
  }
  mse::cloud::router::RouterOptions options;
  options.access_log = [](std::string_view) {};
  auto router = mse::cloud::router::Router::Start(options, table);
  if (!router.ok()) {
    std::cerr << "error: " << router.status().message() << std::endl;
    return 1;
  }
  std::cout << "router port " << (*router)->port() << std::endl;
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::signal(SIGINT, [](int) { g_stop = 1; });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*router)->Stop();
  return 0;
}
