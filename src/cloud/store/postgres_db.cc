// The PostgreSQL driver of the store's SQL interface, on libpqxx: `?`
// placeholders numbered `$1…`, text parameters (the server infers their
// types), transactions at SERIALIZABLE isolation retried on conflicts.
#include <pqxx/pqxx>

#include <chrono>
#include <thread>
#include <vector>

#include "cloud/store/sql_database.h"

namespace mse::cloud::sql {
namespace {

constexpr int kSerializationRetries = 8;

// "… WHERE a = ? AND b = ?" → "… WHERE a = $1 AND b = $2" (no `?` appears
// inside the store's string literals).
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_string = false;
  for (char c : sql) {
    if (c == '\'') in_string = !in_string;
    if (c == '?' && !in_string) {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

bool IsRetryable(const pqxx::sql_error& e) {
  const std::string state = e.sqlstate();
  return state == "40001" || state == "40P01";  // serialization failure, deadlock
}

// The status for a libpqxx exception, with its text.
Status StatusOfException(const std::exception& e) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string state = sql->sqlstate();
    if (state == "23505") return AlreadyExistsError(std::string("store: ") + e.what());
    if (IsRetryable(*sql)) return UnavailableError(std::string("store conflict, retry: ") + e.what());
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return UnavailableError(std::string("store: the PostgreSQL connection is broken: ") + e.what());
  }
  return InternalError(std::string("store: PostgreSQL: ") + e.what());
}

class PostgresStatement : public Statement {
 public:
  PostgresStatement(pqxx::connection& connection, std::string sql) : connection_(connection), sql_(std::move(sql)) {}

  StatusOr<bool> Step() override {
    if (!executed_) {
      MSE_RETURN_IF_ERROR(Execute());
      executed_ = true;
      row_ = -1;
    }
    ++row_;
    return row_ < static_cast<int64_t>(result_.size());
  }
  int64_t Changes() const override { return static_cast<int64_t>(result_.affected_rows()); }

  std::string Text(int column) const override {
    const pqxx::field f = Field(column);
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
  }
  int64_t Int(int column) const override {
    const pqxx::field f = Field(column);
    return f.is_null() ? 0 : f.as<int64_t>();
  }
  double Real(int column) const override {
    const pqxx::field f = Field(column);
    return f.is_null() ? 0 : f.as<double>();
  }
  std::optional<int64_t> OptionalInt(int column) const override {
    const pqxx::field f = Field(column);
    if (f.is_null()) return std::nullopt;
    return f.as<int64_t>();
  }

 protected:
  Statement& BindText(int index, std::string_view text) override { return Set(index, std::string(text)); }
  Statement& BindInt(int index, int64_t value) override { return Set(index, std::to_string(value)); }
  Statement& BindReal(int index, double value) override {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return Set(index, buf);
  }
  Statement& BindNull(int index) override { return Set(index, std::nullopt); }

 private:
  Statement& Set(int index, std::optional<std::string> value) {
    if (index < 1) return *this;
    if (params_.size() < static_cast<size_t>(index)) params_.resize(index);
    params_[index - 1] = std::move(value);
    return *this;
  }

  Status Execute() {
    std::vector<const char*> values;
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    try {
      pqxx::nontransaction work(connection_);
      result_ = work.exec_params(sql_, pqxx::prepare::make_dynamic_params(values));
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusOfException(e);
    }
  }

  pqxx::field Field(int column) const { return result_[static_cast<pqxx::result::size_type>(row_)][column]; }

  pqxx::connection& connection_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result result_;
  bool executed_ = false;
  int64_t row_ = -1;
};

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(std::unique_ptr<pqxx::connection> connection) : connection_(std::move(connection)) {}

  StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    return std::unique_ptr<Statement>(std::make_unique<PostgresStatement>(*connection_, NumberPlaceholders(sql)));
  }

  Status Execute(std::string_view sql) override {
    try {
      pqxx::nontransaction work(*connection_);
      work.exec(std::string(sql));
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusOfException(e);
    }
  }

  // Serializable transactions may fail with a conflict at any statement or
  // at commit: the whole body runs again, a bounded number of times.
  Status Transaction(const std::function<Status()>& body) override {
    Status status;
    for (int attempt = 0; attempt < kSerializationRetries; ++attempt) {
      MSE_RETURN_IF_ERROR(Execute("BEGIN ISOLATION LEVEL SERIALIZABLE"));
      status = body();
      if (status.ok()) status = Execute("COMMIT");
      if (status.ok()) return status;
      (void)Execute("ROLLBACK");
      if (status.code() != StatusCode::kUnavailable || status.message().find("conflict") == std::string::npos) {
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2 << attempt));
    }
    return status;
  }

 private:
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenPostgres(const std::string& uri) {
  try {
    auto connection = std::make_unique<pqxx::connection>(uri);
    auto db = std::make_unique<PostgresDatabase>(std::move(connection));
    // Our messages, not the server's locale; no surprise from search_path.
    MSE_RETURN_IF_ERROR(db->Execute("SET client_min_messages = warning"));
    return std::unique_ptr<Database>(std::move(db));
  } catch (const std::exception& e) {
    return UnavailableError(std::string("cannot connect to PostgreSQL: ") + e.what());
  }
}

}  // namespace mse::cloud::sql
