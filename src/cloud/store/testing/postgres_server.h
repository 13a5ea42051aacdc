// Test-only: a private PostgreSQL 15 server (initdb in a temporary
// directory, unix socket only, no TCP), started once per test binary and
// stopped at exit, with a fresh database per test.
#ifndef MSE_CLOUD_STORE_TESTING_POSTGRES_SERVER_H_
#define MSE_CLOUD_STORE_TESTING_POSTGRES_SERVER_H_

#include <string>

#include "base/status.h"

namespace mse::cloud::store_testing {

class PostgresServer {
 public:
  // The process-wide server, started on first use. FailedPrecondition with
  // the reason (binaries missing, initdb failed) when it cannot start.
  static StatusOr<PostgresServer*> Get();
  // A new empty database; returns its connection URI.
  StatusOr<std::string> NewDatabase();
  ~PostgresServer();

 private:
  explicit PostgresServer(std::string dir) : dir_(std::move(dir)) {}
  Status Start();
  std::string Uri(const std::string& database) const;

  std::string dir_;
  int counter_ = 0;
  bool started_ = false;
};

}  // namespace mse::cloud::store_testing

#endif  // MSE_CLOUD_STORE_TESTING_POSTGRES_SERVER_H_
