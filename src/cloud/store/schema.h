// The store's schema as an ordered list of migrations (docs/cloud-backend.md,
// "Data model"). The SQL is kept portable (TEXT, BIGINT, DOUBLE PRECISION,
// no AUTOINCREMENT, no SQLite-only functions) so the PostgreSQL store applies
// the same list. A migration, once released, never changes: add a new one.
#ifndef MSE_CLOUD_STORE_SCHEMA_H_
#define MSE_CLOUD_STORE_SCHEMA_H_

#include <string_view>
#include <vector>

namespace mse::cloud {

struct Migration {
  int version;
  std::string_view sql;  // statements separated by ';'
};

const std::vector<Migration>& StoreMigrations();

}  // namespace mse::cloud

#endif  // MSE_CLOUD_STORE_SCHEMA_H_
