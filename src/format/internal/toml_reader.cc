#include "format/internal/toml_reader.h"

#include <algorithm>
#include <utility>

namespace mse::format::internal {

StatusOr<toml::table> ParseTomlText(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return InvalidArgumentError(file + ": TOML syntax error at line " + std::to_string(begin.line) +
                                ", column " + std::to_string(begin.column) + ": " +
                                std::string(e.description()));
  }
}

std::string_view TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

TomlFields::TomlFields(const toml::table& table, std::string file, std::string where)
    : table_(table), file_(std::move(file)), where_(std::move(where)) {}

std::string TomlFields::FieldName(std::string_view key) const {
  std::string name = where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  return file_ + ": `" + name + "`";
}

Status TomlFields::Mismatch(std::string_view key, std::string_view expected, std::string_view found) const {
  return InvalidArgumentError(FieldName(key) + ": expected " + std::string(expected) + ", found " +
                              std::string(found));
}

Status TomlFields::Missing(std::string_view key, std::string_view expected) const {
  return InvalidArgumentError(FieldName(key) + ": required field is missing (expected " +
                              std::string(expected) + ")");
}

const toml::node* TomlFields::Node(std::string_view key) {
  known_.insert(std::string(key));
  return table_.get(key);
}

StatusOr<std::optional<std::string>> TomlFields::OptionalString(std::string_view key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return std::optional<std::string>();
  if (!node->is_string()) return Mismatch(key, "a string", TomlTypeName(*node));
  return std::optional<std::string>(node->as_string()->get());
}

StatusOr<std::string> TomlFields::RequiredString(std::string_view key) {
  MSE_ASSIGN_OR_RETURN(auto value, OptionalString(key));
  if (!value) return Missing(key, "a string");
  return std::move(*value);
}

StatusOr<std::optional<int64_t>> TomlFields::OptionalInt(std::string_view key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return std::optional<int64_t>();
  if (!node->is_integer()) return Mismatch(key, "an integer", TomlTypeName(*node));
  return std::optional<int64_t>(node->as_integer()->get());
}

StatusOr<std::vector<std::string>> TomlFields::RequiredStringArray(std::string_view key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Missing(key, "an array of strings");
  const toml::array* array = node->as_array();
  if (array == nullptr) return Mismatch(key, "an array of strings", TomlTypeName(*node));
  std::vector<std::string> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    if (!item.is_string()) {
      return Mismatch(key, "an array of strings",
                      std::string(TomlTypeName(item)) + " at index " + std::to_string(i));
    }
    out.push_back(item.as_string()->get());
  }
  return out;
}

StatusOr<const toml::table*> TomlFields::OptionalTable(std::string_view key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (!node->is_table()) return Mismatch(key, "a table", TomlTypeName(*node));
  return node->as_table();
}

void TomlFields::CollectUnknown(std::vector<std::string>& warnings) const {
  for (const auto& key : KeysInFileOrder(table_)) {
    if (known_.count(key) == 0) {
      warnings.push_back(FieldName(key) + ": unknown key, ignored");
    }
  }
}

std::vector<std::string> KeysInFileOrder(const toml::table& table) {
  std::vector<std::pair<toml::source_position, std::string>> keyed;
  for (const auto& [key, node] : table) {
    (void)node;
    keyed.emplace_back(key.source().begin, std::string(key.str()));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first.line != b.first.line ? a.first.line < b.first.line : a.first.column < b.first.column;
  });
  std::vector<std::string> out;
  for (auto& entry : keyed) out.push_back(std::move(entry.second));
  return out;
}

}  // namespace mse::format::internal
