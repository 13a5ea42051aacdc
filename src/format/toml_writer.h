// An ordered TOML tree and a writer reproducing the byte layout of the
// Python `toml` 0.10.2 encoder (spec/formats.md §1.1, original-quirks.md
// mse.toml from `cloud init`, login.toml and the cloud context must be
// byte-identical to what the original writes. Layout documented in
// docs/file-formats.md.
#ifndef MSE_FORMAT_TOML_WRITER_H_
#define MSE_FORMAT_TOML_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mse::format {

// A TOML value whose tables keep insertion order (toml++ tables are sorted,
// which the writer cannot use). Copyable value type.
class TomlValue {
 public:
  enum class Kind { kNull, kBool, kInt, kString, kArray, kTable };

  TomlValue() = default;  // null: omitted by the writer, like Python's None
  static TomlValue Bool(bool b);
  static TomlValue Int(int64_t i);
  static TomlValue String(std::string s);
  static TomlValue Array(std::vector<TomlValue> items);
  static TomlValue StringArray(const std::vector<std::string>& items);
  static TomlValue Table();

  Kind kind() const { return kind_; }
  bool bool_value() const { return bool_; }
  int64_t int_value() const { return int_; }
  const std::string& string_value() const { return string_; }
  const std::vector<TomlValue>& items() const { return items_; }

  // Table members in insertion order. Set() on a key already present
  // replaces its value in place. Only valid on tables.
  TomlValue& Set(std::string key, TomlValue value);
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<TomlValue>& values() const { return items_; }
  // nullptr when absent.
  const TomlValue* Find(std::string_view key) const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  std::string string_;
  std::vector<std::string> keys_;  // tables: member names
  std::vector<TomlValue> items_;   // arrays: elements; tables: member values
};

// Serialises a table as Python `toml.dumps` does (§1.1): scalar pairs first,
// then sub-tables breadth-first with `[a.b]` headers. Arrays of tables are
// not part of any mse format and must not be passed. `root` must be a table.
std::string WriteToml(const TomlValue& root);

// A key as the writer prints it: bare when it is entirely [A-Za-z0-9_-],
// else a quoted basic string.
std::string TomlKey(std::string_view key);
// A basic string "…" with the escapes of §1.1.
std::string TomlString(std::string_view text);

}  // namespace mse::format

#endif  // MSE_FORMAT_TOML_WRITER_H_
