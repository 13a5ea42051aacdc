// Users, OAuth state, projects and the catalogue; apps are in
// sql_store_apps.cc. The same SQL runs on SQLite and PostgreSQL.
#include "cloud/store/sql_store.h"

#include "cloud/store/schema.h"

namespace mse::cloud {
namespace {

constexpr char kUserColumns[] = "id, email, password_hash, given_name, family_name, created_at, disabled";
constexpr char kTokenColumns[] =
    "id, token_hash, user_id, kind, family_id, created_at, used_at, revoked_at, client_id, scope, audience";
constexpr char kProjectColumns[] = "id, owner_id, name, description, is_default, created_at, deleted_at";

User ReadUser(const sql::Statement& row) {
  return User{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5), row.Bool(6)};
}

RefreshToken ReadToken(const sql::Statement& row) {
  RefreshToken t;
  t.id = row.Text(0);
  t.token_hash = row.Text(1);
  t.user_id = row.Text(2);
  t.kind = row.Text(3) == "ci" ? TokenKind::kCi : TokenKind::kLogin;
  t.family_id = row.Text(4);
  t.created_at = row.Int(5);
  t.used_at = row.OptionalInt(6);
  t.revoked_at = row.OptionalInt(7);
  t.client_id = row.Text(8);
  t.scope = row.Text(9);
  t.audience = row.Text(10);
  return t;
}

Project ReadProject(const sql::Statement& row) {
  return Project{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Bool(4), row.Int(5), row.OptionalInt(6)};
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string_view AppStatusName(AppStatus status) {
  switch (status) {
    case AppStatus::kSpawning: return "spawning";
    case AppStatus::kInitializing: return "initializing";
    case AppStatus::kRunning: return "running";
    case AppStatus::kOnError: return "on_error";
    case AppStatus::kStopped: return "stopped";
  }
  return "on_error";
}

StatusOr<AppStatus> ParseAppStatus(std::string_view text) {
  for (AppStatus s : {AppStatus::kSpawning, AppStatus::kInitializing, AppStatus::kRunning, AppStatus::kOnError,
                      AppStatus::kStopped}) {
    if (AppStatusName(s) == text) return s;
  }
  return InvalidArgumentError("unknown app status `" + std::string(text) +
                              "` (expected spawning, initializing, running, on_error or stopped)");
}

namespace {

StatusOr<std::unique_ptr<Store>> OpenWith(StatusOr<std::unique_ptr<sql::Database>> opened, const std::string& what) {
  MSE_ASSIGN_OR_RETURN(auto db, std::move(opened));
  auto store = std::make_unique<SqlStore>(std::move(db));
  MSE_RETURN_IF_ERROR(store->Migrate().WithContext("store " + what));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri) {
  return OpenWith(sql::OpenPostgres(uri), RedactUri(uri));
}

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return OpenWith(sql::OpenSqlite(path), path);
}

std::string RedactUri(const std::string& uri) {
  // scheme://user:password@host… → scheme://user:***@host…
  const size_t scheme = uri.find("://");
  const size_t at = uri.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return uri;
  const size_t colon = uri.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon + 1) + "***" + uri.substr(at);
}

Status SqlStore::Migrate() {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(db_->Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)"));
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto current, db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    MSE_RETURN_IF_ERROR(current->Step().status());
    const int64_t version = current->Int(0);
    const int64_t latest = StoreMigrations().back().version;
    if (version > latest) {
      return FailedPreconditionError("the store is at schema version " + std::to_string(version) +
                                     ", newer than this mse-cloud (" + std::to_string(latest) + "): upgrade mse-cloud");
    }
    for (const Migration& m : StoreMigrations()) {
      if (m.version <= version) continue;
      MSE_RETURN_IF_ERROR(db_->Execute(m.sql).WithContext("migration " + std::to_string(m.version)));
      MSE_ASSIGN_OR_RETURN(auto mark, db_->Prepare("INSERT INTO schema_migrations (version) VALUES (?)"));
      MSE_RETURN_IF_ERROR(mark->Bind(1, static_cast<int64_t>(m.version)).Run());
    }
    return Status::Ok();
  });
}

// --- users ------------------------------------------------------------------

Status SqlStore::InsertProject(const Project& p) {
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("INSERT INTO projects (") + kProjectColumns +
                                            ") VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, p.id).Bind(2, p.owner_id).Bind(3, p.name).Bind(4, p.description).Bind(5, p.is_default);
  s->Bind(6, p.created_at).Bind(7, p.deleted_at);
  Status st = s->Run();
  if (st.code() == StatusCode::kAlreadyExists) return AlreadyExistsError("project `" + p.name + "` already exists");
  return st;
}

Status SqlStore::AddUser(const User& u, const Project& default_project) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("INSERT INTO users (") + kUserColumns +
                                              ") VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s->Bind(1, u.id).Bind(2, Lower(u.email)).Bind(3, u.password_hash).Bind(4, u.given_name).Bind(5, u.family_name);
    s->Bind(6, u.created_at).Bind(7, u.disabled);
    Status st = s->Run();
    if (st.code() == StatusCode::kAlreadyExists) return AlreadyExistsError("user " + Lower(u.email) + " already exists");
    MSE_RETURN_IF_ERROR(st);
    return InsertProject(default_project);
  });
}

StatusOr<User> SqlStore::GetUser(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?"));
  s->Bind(1, id);
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("no user with id " + id);
  return ReadUser(*s);
}

StatusOr<User> SqlStore::GetUserByEmail(const std::string& email) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?"));
  s->Bind(1, Lower(email));
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("no user " + Lower(email));
  return ReadUser(*s);
}

StatusOr<std::vector<User>> SqlStore::ListUsers() {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY email"));
  std::vector<User> out;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return out;
    out.push_back(ReadUser(*s));
  }
}

Status SqlStore::SetUserPasswordHash(const std::string& id, const std::string& password_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
  MSE_RETURN_IF_ERROR(s->Bind(1, password_hash).Bind(2, id).Run());
  if (s->Changes() == 0) return NotFoundError("no user with id " + id);
  return Status::Ok();
}

Status SqlStore::SetUserDisabled(const std::string& id, bool disabled) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("UPDATE users SET disabled = ? WHERE id = ?"));
  MSE_RETURN_IF_ERROR(s->Bind(1, disabled).Bind(2, id).Run());
  if (s->Changes() == 0) return NotFoundError("no user with id " + id);
  return Status::Ok();
}

// --- OAuth state ----------------------------------------------------------------

Status SqlStore::AddAuthCode(const AuthCode& c) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(
                                   "INSERT INTO auth_codes (code_hash, user_id, client_id, redirect_uri, "
                                   "code_challenge, scope, audience, expires_at, used_at) VALUES (?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, c.code_hash).Bind(2, c.user_id).Bind(3, c.client_id).Bind(4, c.redirect_uri).Bind(5, c.code_challenge);
  s->Bind(6, c.scope).Bind(7, c.audience).Bind(8, c.expires_at).Bind(9, c.used_at);
  return s->Run();
}

StatusOr<AuthCode> SqlStore::ConsumeAuthCode(const std::string& code_hash, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  AuthCode code;
  Status st = db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(
                                     "SELECT code_hash, user_id, client_id, redirect_uri, code_challenge, scope, "
                                     "audience, expires_at, used_at FROM auth_codes WHERE code_hash = ?"));
    s->Bind(1, code_hash);
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return NotFoundError("unknown authorization code");
    code = AuthCode{s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4),
                    s->Text(5), s->Text(6), s->Int(7),  s->OptionalInt(8)};
    if (code.used_at) return FailedPreconditionError("authorization code already used");
    MSE_ASSIGN_OR_RETURN(auto mark, db_->Prepare("UPDATE auth_codes SET used_at = ? WHERE code_hash = ?"));
    return mark->Bind(1, now).Bind(2, code_hash).Run();
  });
  if (!st.ok()) return st;
  return code;
}

Status SqlStore::InsertRefreshToken(const RefreshToken& t) {
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("INSERT INTO refresh_tokens (") + kTokenColumns +
                                            ") VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, t.id).Bind(2, t.token_hash).Bind(3, t.user_id).Bind(4, t.kind == TokenKind::kCi ? "ci" : "login");
  s->Bind(5, t.family_id).Bind(6, t.created_at).Bind(7, t.used_at).Bind(8, t.revoked_at);
  s->Bind(9, t.client_id).Bind(10, t.scope).Bind(11, t.audience);
  return s->Run();
}

Status SqlStore::AddRefreshToken(const RefreshToken& t) {
  std::lock_guard<std::mutex> lock(mu_);
  return InsertRefreshToken(t);
}

StatusOr<int64_t> SqlStore::DeleteExpiredAuthCodes(int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("DELETE FROM auth_codes WHERE expires_at < ?"));
  MSE_RETURN_IF_ERROR(s->Bind(1, now).Run());
  return static_cast<int64_t>(s->Changes());
}

StatusOr<RefreshToken> SqlStore::GetRefreshToken(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kTokenColumns +
                                            " FROM refresh_tokens WHERE token_hash = ?"));
  s->Bind(1, token_hash);
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("unknown refresh token");
  return ReadToken(*s);
}

Status SqlStore::RotateRefreshToken(const std::string& old_hash, const RefreshToken& next, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto mark, db_->Prepare("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? "
                                                 "AND used_at IS NULL AND revoked_at IS NULL"));
    MSE_RETURN_IF_ERROR(mark->Bind(1, now).Bind(2, old_hash).Run());
    if (mark->Changes() == 0) return FailedPreconditionError("refresh token already used or revoked");
    return InsertRefreshToken(next);
  });
}

Status SqlStore::RevokeRefreshToken(const std::string& token_hash, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                                            "WHERE token_hash = ?"));
  return s->Bind(1, now).Bind(2, token_hash).Run();
}

Status SqlStore::RevokeTokenFamily(const std::string& family_id, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                                            "WHERE family_id = ?"));
  return s->Bind(1, now).Bind(2, family_id).Run();
}

Status SqlStore::RevokeUserTokens(const std::string& user_id, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                                            "WHERE user_id = ?"));
  return s->Bind(1, now).Bind(2, user_id).Run();
}

// --- projects ------------------------------------------------------------------

Status SqlStore::AddProject(const Project& project) {
  std::lock_guard<std::mutex> lock(mu_);
  return InsertProject(project);
}

StatusOr<std::vector<Project>> SqlStore::QueryProjects(std::string_view where, const std::string& a,
                                                          const std::string& b) {
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare(std::string("SELECT ") + kProjectColumns + " FROM projects WHERE " +
                                            std::string(where) + " ORDER BY created_at, name"));
  s->Bind(1, a);
  if (!b.empty()) s->Bind(2, b);
  std::vector<Project> out;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return out;
    out.push_back(ReadProject(*s));
  }
}

StatusOr<std::vector<Project>> SqlStore::ListProjects(const std::string& owner_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryProjects("owner_id = ? AND deleted_at IS NULL", owner_id, "");
}

StatusOr<Project> SqlStore::GetProject(const std::string& owner_id, const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto found, QueryProjects("owner_id = ? AND id = ? AND deleted_at IS NULL", owner_id, id));
  if (found.empty()) return NotFoundError("Project " + id + " does not exist");
  return found.front();
}

StatusOr<Project> SqlStore::GetProjectByName(const std::string& owner_id, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto found, QueryProjects("owner_id = ? AND name = ? AND deleted_at IS NULL", owner_id, name));
  if (found.empty()) return NotFoundError("Project " + name + " does not exist");
  return found.front();
}

// --- catalogue -------------------------------------------------------------------

Status SqlStore::PutHardware(const Hardware& h) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto del, db_->Prepare("DELETE FROM hardware WHERE name = ?"));
    MSE_RETURN_IF_ERROR(del->Bind(1, h.name).Run());
    MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("INSERT INTO hardware (name, memory_gb, cores, enclave_size_mb, units) "
                                              "VALUES (?, ?, ?, ?, ?)"));
    return s->Bind(1, h.name).Bind(2, h.memory_gb).Bind(3, h.cores).Bind(4, h.enclave_size_mb).Bind(5, h.units).Run();
  });
}

StatusOr<Hardware> SqlStore::GetHardware(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("SELECT name, memory_gb, cores, enclave_size_mb, units FROM hardware "
                                            "WHERE name = ?"));
  s->Bind(1, name);
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("Hardware `" + name + "` does not exist");
  return Hardware{s->Text(0), s->Int(1), s->Real(2), s->Int(3), s->Int(4)};
}

StatusOr<std::vector<Hardware>> SqlStore::ListHardware() {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("SELECT name, memory_gb, cores, enclave_size_mb, units FROM hardware "
                                            "ORDER BY name"));
  std::vector<Hardware> out;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return out;
    out.push_back(Hardware{s->Text(0), s->Int(1), s->Real(2), s->Int(3), s->Int(4)});
  }
}

Status SqlStore::PutImage(const ApprovedImage& image) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Transaction([&]() -> Status {
    MSE_ASSIGN_OR_RETURN(auto del, db_->Prepare("DELETE FROM images WHERE reference = ?"));
    MSE_RETURN_IF_ERROR(del->Bind(1, image.reference).Run());
    MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("INSERT INTO images (reference, digest, approved_at) VALUES (?, ?, ?)"));
    return s->Bind(1, image.reference).Bind(2, image.digest).Bind(3, image.approved_at).Run();
  });
}

StatusOr<ApprovedImage> SqlStore::GetImage(const std::string& reference) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("SELECT reference, digest, approved_at FROM images WHERE reference = ?"));
  s->Bind(1, reference);
  MSE_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundError("Docker `" + reference + "` is not approved or supported yet.");
  return ApprovedImage{s->Text(0), s->Text(1), s->Int(2)};
}

StatusOr<std::vector<ApprovedImage>> SqlStore::ListImages() {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_ASSIGN_OR_RETURN(auto s, db_->Prepare("SELECT reference, digest, approved_at FROM images ORDER BY reference"));
  std::vector<ApprovedImage> out;
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return out;
    out.push_back(ApprovedImage{s->Text(0), s->Text(1), s->Int(2)});
  }
}

}  // namespace mse::cloud
