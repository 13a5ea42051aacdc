// The SQLite driver of the store's SQL interface.
#include <sqlite3.h>

#include "cloud/store/sql_database.h"

namespace mse::cloud::sql {

Status Statement::Run() {
  while (true) {
    MSE_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

namespace {

// Constraint violations are the caller's business (a duplicate e-mail, a
// second live app): AlreadyExists. Busy means another process holds the
// write lock beyond the busy timeout: Unavailable, worth retrying.
Status StatusOfCode(int rc, const std::string& message) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return AlreadyExistsError("store: " + message);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return UnavailableError("store busy: " + message);
  return InternalError("store: SQLite: " + message);
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  StatusOr<bool> Step() override {
    MSE_RETURN_IF_ERROR(bind_status_);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Error(rc);
  }
  int64_t Changes() const override { return sqlite3_changes(db_); }

  std::string Text(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return "";
    return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::optional<int64_t> OptionalInt(int column) const override {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return Int(column);
  }

 protected:
  Statement& BindText(int index, std::string_view text) override {
    return Check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  Statement& BindInt(int index, int64_t value) override { return Check(sqlite3_bind_int64(stmt_, index, value)); }
  Statement& BindReal(int index, double value) override { return Check(sqlite3_bind_double(stmt_, index, value)); }
  Statement& BindNull(int index) override { return Check(sqlite3_bind_null(stmt_, index)); }

 private:
  Statement& Check(int rc) {
    if (rc != SQLITE_OK && bind_status_.ok()) bind_status_ = Error(rc);
    return *this;
  }
  Status Error(int rc) const { return StatusOfCode(rc, sqlite3_errmsg(db_)); }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status bind_status_;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return StatusOfCode(rc, std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql));
    return std::unique_ptr<Statement>(std::make_unique<SqliteStatement>(db_, stmt));
  }

  Status Execute(std::string_view sql) override {
    char* error = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return StatusOfCode(rc, message);
  }

  // BEGIN IMMEDIATE takes the write lock at once: SQLite transactions are
  // then serial, so a check-then-insert cannot race.
  Status Transaction(const std::function<Status()>& body) override {
    MSE_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
    Status status = body();
    if (!status.ok()) {
      (void)Execute("ROLLBACK");
      return status;
    }
    status = Execute("COMMIT");
    if (!status.ok()) (void)Execute("ROLLBACK");
    return status;
  }

 private:
  sqlite3* db_;
};

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  auto db = std::make_unique<SqliteDatabase>(raw);
  if (rc != SQLITE_OK) {
    return UnavailableError("cannot open the store " + path + ": " +
                            (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 10'000);
  MSE_RETURN_IF_ERROR(db->Execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL")
                          .WithContext("store " + path));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace mse::cloud::sql
