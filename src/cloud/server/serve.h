// `mse-cloud serve`: one process with the API, the SNI router, the OAuth
// server and the lifecycle worker, on loopback by default
// (docs/cloud-backend.md, "Running it").
#ifndef MSE_CLOUD_SERVER_SERVE_H_
#define MSE_CLOUD_SERVER_SERVE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "base/env.h"
#include "base/status.h"

namespace mse::cloud {

struct ServeOptions {
  std::string data_dir;
  std::string store_uri;  // PostgreSQL; empty: SQLite in data_dir
  std::string api_host = "127.0.0.1";
  uint16_t api_port = 8080;
  // The URL clients use (discovery, JWT issuer); default http://HOST:PORT.
  std::string public_url;
  uint16_t router_port = 8443;
  std::string base_domain = "localhost";
  const char* docker_host = nullptr;  // DOCKER_HOST
  uint64_t max_upload_bytes = 256ull << 20;
  bool rotate_refresh_tokens = false;
  std::string edge_cert_path;  // operator mode; default: the data dir's self-signed one
  std::string edge_key_path;
  std::string pccs_url;
  std::string test_tamper_code_tar;  // LifecycleOptions::tamper_code_tar (tests only)  // on SGX: where the backend gets collateral to check operator-mode enclaves
  // One line per request and state change; default stdout.
  std::function<void(std::string_view line)> log;
  // Called once everything listens (tests wait for it), with the bound ports.
  std::function<void(uint16_t api_port, uint16_t router_port)> on_ready;
};

// Runs until `stop` becomes true (the binary sets it on SIGTERM/SIGINT), then
// stops accepting, lets in-flight requests finish and returns: apps keep
// running, and the next start reconciles with them.
Status RunServe(const ServeOptions& options, Env env, const std::atomic<bool>& stop);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_SERVER_SERVE_H_
