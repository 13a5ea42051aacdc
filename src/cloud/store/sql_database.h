// The SQL the store needs, behind one small interface with two drivers
// (internal to src/cloud/store): SQLite (sqlite_db.cc) and PostgreSQL
// (postgres_db.cc). Statements use `?` placeholders; the PostgreSQL driver
// numbers them. Every failure is a Status carrying the driver's text:
// AlreadyExists for a unique-key clash, Unavailable when the database is
// busy or unreachable, Internal otherwise.
#ifndef MSE_CLOUD_STORE_SQL_DATABASE_H_
#define MSE_CLOUD_STORE_SQL_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::cloud::sql {

// One prepared statement: bind by 1-based index, step through the rows,
// read columns by 0-based index. Not copyable; not thread-safe.
class Statement {
 public:
  virtual ~Statement() = default;

  Statement& Bind(int index, std::string_view text) { return BindText(index, text); }
  Statement& Bind(int index, const char* text) { return BindText(index, text); }
  Statement& Bind(int index, const std::string& text) { return BindText(index, text); }
  Statement& Bind(int index, int64_t value) { return BindInt(index, value); }
  Statement& Bind(int index, int value) { return BindInt(index, value); }
  Statement& Bind(int index, bool value) { return BindInt(index, value ? 1 : 0); }
  Statement& Bind(int index, double value) { return BindReal(index, value); }
  Statement& Bind(int index, const std::optional<int64_t>& value) {
    return value ? BindInt(index, *value) : BindNull(index);
  }

  // True when a row is available, false when done.
  virtual StatusOr<bool> Step() = 0;
  // Steps to completion (statements without rows).
  Status Run();
  // Rows changed by the statement once run.
  virtual int64_t Changes() const = 0;

  virtual std::string Text(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  bool Bool(int column) const { return Int(column) != 0; }
  virtual std::optional<int64_t> OptionalInt(int column) const = 0;

 protected:
  virtual Statement& BindText(int index, std::string_view text) = 0;
  virtual Statement& BindInt(int index, int64_t value) = 0;
  virtual Statement& BindReal(int index, double value) = 0;
  virtual Statement& BindNull(int index) = 0;
};

// One connection. Not thread-safe: the store serialises its calls.
class Database {
 public:
  virtual ~Database() = default;
  virtual StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) = 0;
  // Several statements separated by ';', no parameters.
  virtual Status Execute(std::string_view sql) = 0;
  // Runs `body` in one transaction that sees a serialisable view and
  // excludes concurrent writers; committed when it returns OK, rolled back
  // otherwise. A driver may run `body` again after a serialisation conflict.
  virtual Status Transaction(const std::function<Status()>& body) = 0;
};

// SQLite file at `path`, created if needed (WAL, foreign keys, busy timeout).
StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::string& path);
// PostgreSQL at a libpq connection URI ("postgresql://…", unix-socket hosts
// included). Unavailable with libpq's text when it cannot connect.
StatusOr<std::unique_ptr<Database>> OpenPostgres(const std::string& uri);

}  // namespace mse::cloud::sql

#endif  // MSE_CLOUD_STORE_SQL_DATABASE_H_
