// `mse-cloud admin`: acts on the store of a data directory directly (safe
// while `serve` runs: SQLite WAL), for the backend's operator.
#ifndef MSE_CLOUD_SERVER_ADMIN_H_
#define MSE_CLOUD_SERVER_ADMIN_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "base/env.h"
#include "base/status.h"

namespace mse::cloud {

struct AdminContext {
  std::string data_dir;
  std::string store_uri;  // PostgreSQL; empty: SQLite in data_dir
  Env env;
  std::ostream* out;  // results (tables, the CI token)
  std::ostream* err;  // confirmations
  const char* docker_host = nullptr;
};

// `password` is read by the caller from stdin (--password-stdin) and wiped.
Status AdminUserAdd(const AdminContext& ctx, const std::string& email, std::string& password,
                    const std::string& given_name, const std::string& family_name);
Status AdminUserList(const AdminContext& ctx);
Status AdminUserDisable(const AdminContext& ctx, const std::string& email);
Status AdminProjectAdd(const AdminContext& ctx, const std::string& email, const std::string& name,
                       const std::string& description);
Status AdminProjectList(const AdminContext& ctx, const std::string& email);
Status AdminHardwareAdd(const AdminContext& ctx, const std::string& name, int64_t memory_gb, double cores,
                        int64_t enclave_size_mb, int64_t units);
Status AdminHardwareList(const AdminContext& ctx);
// Pins `reference` (NAME:TAG, never latest) to the digest the engine at
// DOCKER_HOST reports for it.
Status AdminImageApprove(const AdminContext& ctx, const std::string& reference);
Status AdminImageList(const AdminContext& ctx);
// Prints a new CI refresh token once (stored hashed).
Status AdminTokenCreate(const AdminContext& ctx, const std::string& email);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_SERVER_ADMIN_H_
