// toml++ adapter for the format domain: parsing turned into a Status, typed
// field access with messages naming file, field, expected and found, and
// unknown-key warnings. Internal to src/format.
#ifndef MSE_FORMAT_INTERNAL_TOML_READER_H_
#define MSE_FORMAT_INTERNAL_TOML_READER_H_

#include <toml++/toml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mse::format::internal {

// Parses TOML text. Errors: InvalidArgument "<file>: TOML syntax error at line
// L, column C: <toml++ description>".
StatusOr<toml::table> ParseTomlText(std::string_view text, const std::string& file);

// "string", "integer", "table", ... for messages.
std::string_view TomlTypeName(const toml::node& node);

// Reads fields of one table. `where` names the table in messages ("" for the
// top level, "cloud", "cloud.ssl"). Not copyable; refers to `table`.
class TomlFields {
 public:
  TomlFields(const toml::table& table, std::string file, std::string where);

  // Absent → NotFound-free nullopt; wrong type → InvalidArgument.
  StatusOr<std::optional<std::string>> OptionalString(std::string_view key);
  StatusOr<std::string> RequiredString(std::string_view key);
  StatusOr<std::optional<int64_t>> OptionalInt(std::string_view key);
  StatusOr<std::vector<std::string>> RequiredStringArray(std::string_view key);
  // nullptr when absent; InvalidArgument when present but not a table.
  StatusOr<const toml::table*> OptionalTable(std::string_view key);
  // The raw node (nullptr when absent); marks the key as known.
  const toml::node* Node(std::string_view key);

  // Marks a key as accepted without reading it.
  void Allow(std::string_view key) { known_.insert(std::string(key)); }
  // One warning per key never read nor allowed, in file order.
  void CollectUnknown(std::vector<std::string>& warnings) const;

  // "<file>: `<where.key>`"
  std::string FieldName(std::string_view key) const;
  // InvalidArgument "<file>: `<field>`: expected <expected>, found <found>".
  Status Mismatch(std::string_view key, std::string_view expected, std::string_view found) const;
  Status Missing(std::string_view key, std::string_view expected) const;

 private:
  const toml::table& table_;
  std::string file_;
  std::string where_;
  std::set<std::string, std::less<>> known_;
};

// Keys of a table in file order (toml++ tables are sorted by key).
std::vector<std::string> KeysInFileOrder(const toml::table& table);

}  // namespace mse::format::internal

#endif  // MSE_FORMAT_INTERNAL_TOML_READER_H_
