#include "cloud/store/testing/postgres_server.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <pqxx/pqxx>

#include "base/env.h"
#include "base/process.h"

namespace mse::cloud::store_testing {
namespace {

constexpr char kBin[] = "/usr/lib/postgresql/15/bin";

// initdb refuses to run as root: as root, the server runs as `postgres`.
// Output goes to `log` (argv passed through untouched by the shell).
std::vector<std::string> AsServerUser(std::vector<std::string> argv, const std::string& log) {
  argv.insert(argv.begin(), {"sh", "-c", "exec \"$0\" \"$@\" >>'" + log + "' 2>&1"});
  if (::geteuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  return argv;
}

Status Run(std::vector<std::string> argv, const std::string& what, const std::string& log) {
  auto code = RunProcess(ProcessSpec{AsServerUser(std::move(argv), log), {}, ""});
  if (!code.ok()) return code.status().WithContext(what);
  if (*code != 0) {
    return FailedPreconditionError(what + " exited with status " + std::to_string(*code) + " (see " + log + ")");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<PostgresServer*> PostgresServer::Get() {
  static PostgresServer* server = nullptr;
  static Status started;
  if (server == nullptr) {
    auto dir = RealFileSystem().MakeTempDirectory("/tmp", "mse-pg-test-");
    if (!dir.ok()) return dir.status();
    server = new PostgresServer(*dir);
    started = server->Start();
    std::atexit([] { delete server; });
  }
  if (!started.ok()) return started;
  return server;
}

Status PostgresServer::Start() {
  if (::access((std::string(kBin) + "/initdb").c_str(), X_OK) != 0) {
    return FailedPreconditionError("PostgreSQL 15 is not installed (scripts/install-deps.sh installs postgresql-15)");
  }
  if (::geteuid() == 0) {
    struct passwd* pg = ::getpwnam("postgres");
    if (pg == nullptr) return FailedPreconditionError("no `postgres` user to run the test server as");
    if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0) return ErrnoError("chown " + dir_, errno);
  }
  const std::string data = dir_ + "/data";
  MSE_RETURN_IF_ERROR(Run({std::string(kBin) + "/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                           "--no-sync", "-E", "UTF8"},
                          "initdb", dir_ + "/initdb.log"));
  MSE_RETURN_IF_ERROR(Run({std::string(kBin) + "/pg_ctl", "-D", data, "-l", dir_ + "/log", "-w", "-o",
                           "-c listen_addresses='' -c unix_socket_directories=" + dir_ + " -c fsync=off", "start"},
                          "pg_ctl start", dir_ + "/pg_ctl.log"));
  started_ = true;
  return Status::Ok();
}

std::string PostgresServer::Uri(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + dir_;
}

StatusOr<std::string> PostgresServer::NewDatabase() {
  const std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter_);
  try {
    pqxx::connection admin(Uri("postgres"));
    pqxx::nontransaction work(admin);
    work.exec("CREATE DATABASE " + name);
  } catch (const std::exception& e) {
    return UnavailableError(std::string("creating a test database: ") + e.what());
  }
  return Uri(name);
}

PostgresServer::~PostgresServer() {
  if (started_) (void)Run({std::string(kBin) + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, "pg_ctl stop",
                      dir_ + "/pg_ctl.log");
  (void)RealFileSystem().RemoveAll(dir_);
}

}  // namespace mse::cloud::store_testing
