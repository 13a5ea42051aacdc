// Apps in the SQLite store: one live app per (project, name) and the
// hardware quota are checked in the inserting transaction; updates are
// compare-and-set on state_version.
#include "cloud/store/sql_store.h"

namespace mse::cloud {
namespace {

constexpr char kAppColumns[] =
    "id, owner_id, project_id, name, domain_name, config_domain_name, docker, docker_digest, hardware_name, "
    "enclave_size_mb, python_application, healthcheck_endpoint, ssl_certificate_origin, ssl_certificate, dev_mode, "
    "status, status_reason, created_at_us, ready_at, stopped_at, expires_at, node, container_id, port, "
    "enclave_cert_pem, state_version";
constexpr char kLiveStatuses[] = "('spawning', 'initializing', 'running')";

App ReadApp(const sql::Statement& row) {
  App a;
  a.id = row.Text(0);
  a.owner_id = row.Text(1);
  a.project_id = row.Text(2);
  a.name = row.Text(3);
  a.domain_name = row.Text(4);
  a.config_domain_name = row.Text(5);
  a.docker = row.Text(6);
  a.docker_digest = row.Text(7);
  a.hardware_name = row.Text(8);
  a.enclave_size_mb = row.Int(9);
  a.python_application = row.Text(10);
  a.healthcheck_endpoint = row.Text(11);
  a.ssl_certificate_origin = row.Text(12);
  a.ssl_certificate = row.Text(13);
  a.dev_mode = row.Bool(14);
  auto status = ParseAppStatus(row.Text(15));
  a.status = status.ok() ? *status : AppStatus::kOnError;
  a.status_reason = row.Text(16);
  a.created_at_us = row.Int(17);
  a.ready_at = row.OptionalInt(18);
  a.stopped_at = row.OptionalInt(19);
  a.expires_at = row.Int(20);
  a.node = row.Text(21);
  a.container_id = row.Text(22);
  a.port = static_cast<int>(row.Int(23));
  a.enclave_cert_pem = row.Text(24);
  a.state_version = row.Int(25);
  return a;
}

void BindApp(sql::Statement& row, const App& a) {
  row.Bind(1, a.id).Bind(2, a.owner_id).Bind(3, a.project_id).Bind(4, a.name).Bind(5, a.domain_name);
  row.Bind(6, a.config_domain_name).Bind(7, a.docker).Bind(8, a.docker_digest).Bind(9, a.hardware_name);
  row.Bind(10, a.enclave_size_mb).Bind(11, a.python_application).Bind(12, a.healthcheck_endpoint);
  row.Bind(13, a.ssl_certificate_origin).Bind(14, a.ssl_certificate).Bind(15, a.dev_mode);
  row.Bind(16, AppStatusName(a.status)).Bind(17, a.status_reason).Bind(18, a.created_at_us).Bind(19, a.ready_at);
  row.Bind(20, a.stopped_at).Bind(21, a.expires_at).Bind(22, a.node).Bind(23, a.container_id).Bind(24, a.port);
  row.Bind(25, a.enclave_cert_pem).Bind(26, a.state_version);
}

// "status IN (?, ?)" for the filter's statuses, bound from `first`.
std::string StatusList(size_t count) {
  std::string out = "(";
  for (size_t i = 0; i < count; ++i) out += i ? ", ?" : "?";
  return out + ")";
}

void Apply(const AppUpdate& u, App& a) {
  if (u.status) a.status = *u.status;
  if (u.status_reason) a.status_reason = *u.status_reason;
  if (u.ready_at) a.ready_at = *u.ready_at;
  if (u.stopped_at) a.stopped_at = *u.stopped_at;
  if (u.node) a.node = *u.node;
  if (u.container_id) a.container_id = *u.container_id;
  if (u.port) a.port = *u.port;
  if (u.enclave_cert_pem) a.enclave_cert_pem = *u.enclave_cert_pem;
}

}  // namespace

Status SqlStore::AddApp(const App& app, int64_t hardware_units) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto same, db_->Prepare(std::string("SELECT COUNT(*) FROM apps WHERE project_id = ? AND "
                                                             "name = ? AND status IN ") + kLiveStatuses));
    same->Bind(1, app.project_id).Bind(2, app.name);
    MSE_RETURN_IF_ERROR(same->Step().status());
    if (same->Int(0) > 0) return AlreadyExistsError("an app named `" + app.name + "` is already live in this project");
    MSE_ASSIGN_OR_RETURN(auto used, db_->Prepare(std::string("SELECT COUNT(*) FROM apps WHERE project_id = ? AND "
                                                             "hardware_name = ? AND status IN ") + kLiveStatuses));
    used->Bind(1, app.project_id).Bind(2, app.hardware_name);
    MSE_RETURN_IF_ERROR(used->Step().status());
    if (used->Int(0) >= hardware_units) {
      return OutOfRangeError("all " + std::to_string(hardware_units) + " units of hardware `" + app.hardware_name +
                             "` are in use in this project");
    }
    MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("INSERT INTO apps (") + kAppColumns +
                                              ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    BindApp(*s, app);
    return s->Run();
  });
}

StatusOr<App> SqlStore::GetApp(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kAppColumns + " FROM apps WHERE id = ?"));
  s->Bind(1, id);
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("Cannot find the app with id " + id);
  return ReadApp(*s);
}

StatusOr<std::vector<App>> SqlStore::QueryApps(const AppFilter& f) {
  std::string sql = std::string("SELECT ") + kAppColumns + " FROM apps WHERE 1 = 1";
  if (f.owner_id) sql += " AND owner_id = ?";
  if (f.project_id) sql += " AND project_id = ?";
  if (f.name) sql += " AND name = ?";
  if (!f.statuses.empty()) sql += " AND status IN " + StatusList(f.statuses.size());
  sql += " ORDER BY created_at_us, id";
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(sql));
  int index = 1;
  for (const auto* value : {&f.owner_id, &f.project_id, &f.name}) {
    if (*value) s->Bind(index++, **value);
  }
  for (AppStatus status : f.statuses) s->Bind(index++, AppStatusName(status));
  std::vector<App> out;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return out;
    out.push_back(ReadApp(*s));
  }
}

StatusOr<std::vector<App>> SqlStore::ListApps(const AppFilter& filter) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryApps(filter);
}

StatusOr<App> SqlStore::UpdateApp(const std::string& id, int64_t expected_version, const AppUpdate& update) {
  std::lock_guard<std::mutex> lock(mu_);
  App app;
  Status st = db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto get, db_->Prepare(std::string("SELECT ") + kAppColumns + " FROM apps WHERE id = ?"));
    get->Bind(1, id);
    MSE_ASSIGN_OR_RETURN(bool row, get->Step());
    if (!row) return NotFoundError("Cannot find the app with id " + id);
    app = ReadApp(*get);
    if (app.state_version != expected_version) {
      return FailedPreconditionError("app " + id + " changed meanwhile (version " + std::to_string(app.state_version) +
                                     ", expected " + std::to_string(expected_version) + ")");
    }
    Apply(update, app);
    ++app.state_version;
    MSE_ASSIGN_OR_RETURN(auto put, db_->Prepare(
                                       "UPDATE apps SET status = ?, status_reason = ?, ready_at = ?, stopped_at = ?, "
                                       "node = ?, container_id = ?, port = ?, enclave_cert_pem = ?, state_version = ? "
                                       "WHERE id = ? AND state_version = ?"));
    put->Bind(1, AppStatusName(app.status)).Bind(2, app.status_reason).Bind(3, app.ready_at).Bind(4, app.stopped_at);
    put->Bind(5, app.node).Bind(6, app.container_id).Bind(7, app.port).Bind(8, app.enclave_cert_pem);
    put->Bind(9, app.state_version).Bind(10, id).Bind(11, expected_version);
    return put->Run();
  });
  if (!st.ok()) return st;
  return app;
}

Status SqlStore::DeleteApp(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("DELETE FROM apps WHERE id = ?"));
  MSE_RETURN_IF_ERROR(s->Bind(1, id).Run());
  if (s->Changes() == 0) return NotFoundError("Cannot find the app with id " + id);
  return Status::Ok();
}

}  // namespace mse::cloud
