#include "format/toml_writer.h"

#include <cassert>
#include <cstdio>

namespace mse::format {

TomlValue TomlValue::Bool(bool b) {
  TomlValue v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

TomlValue TomlValue::Int(int64_t i) {
  TomlValue v;
  v.kind_ = Kind::kInt;
  v.int_ = i;
  return v;
}

TomlValue TomlValue::String(std::string s) {
  TomlValue v;
  v.kind_ = Kind::kString;
  v.string_ = std::move(s);
  return v;
}

TomlValue TomlValue::Array(std::vector<TomlValue> items) {
  TomlValue v;
  v.kind_ = Kind::kArray;
  v.items_ = std::move(items);
  return v;
}

TomlValue TomlValue::StringArray(const std::vector<std::string>& items) {
  std::vector<TomlValue> values;
  values.reserve(items.size());
  for (const auto& s : items) values.push_back(String(s));
  return Array(std::move(values));
}

TomlValue TomlValue::Table() {
  TomlValue v;
  v.kind_ = Kind::kTable;
  return v;
}

TomlValue& TomlValue::Set(std::string key, TomlValue value) {
  assert(kind_ == Kind::kTable);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      items_[i] = std::move(value);
      return *this;
    }
  }
  keys_.push_back(std::move(key));
  items_.push_back(std::move(value));
  return *this;
}

const TomlValue* TomlValue::Find(std::string_view key) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

namespace {

bool IsBareKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void AppendU00(std::string& out, unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", value);
  out += buf;
}

std::string DumpValue(const TomlValue& v) {
  switch (v.kind()) {
    case TomlValue::Kind::kBool:
      return v.bool_value() ? "true" : "false";
    case TomlValue::Kind::kInt:
      return std::to_string(v.int_value());
    case TomlValue::Kind::kString:
      return TomlString(v.string_value());
    case TomlValue::Kind::kArray: {
      // Python toml: "[" + (" " + value + ",") for each item + "]".
      std::string out = "[";
      for (const auto& item : v.items()) out += " " + DumpValue(item) + ",";
      return out + "]";
    }
    case TomlValue::Kind::kNull:
    case TomlValue::Kind::kTable:
      break;
  }
  assert(false && "null and tables are not values");
  return "";
}

struct Sections {
  std::string pairs;
  std::vector<std::pair<std::string, const TomlValue*>> tables;  // quoted keys
};

// Python toml's dump_sections: scalars in order, sub-tables collected.
Sections DumpSections(const TomlValue& table) {
  Sections out;
  for (size_t i = 0; i < table.keys().size(); ++i) {
    const TomlValue& value = table.values()[i];
    std::string key = TomlKey(table.keys()[i]);
    if (value.kind() == TomlValue::Kind::kTable) {
      out.tables.emplace_back(std::move(key), &value);
    } else if (value.kind() != TomlValue::Kind::kNull) {
      out.pairs += key + " = " + DumpValue(value) + "\n";
    }
  }
  return out;
}

bool EndsWithBlankLine(const std::string& s) {
  return s.size() >= 2 && s.compare(s.size() - 2, 2, "\n\n") == 0;
}

}  // namespace

std::string TomlKey(std::string_view key) { return IsBareKey(key) ? std::string(key) : TomlString(key); }

std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '\\':
        out += "\\\\";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      AppendU00(out, c);
    } else if (c == 0xc2 && i + 1 < text.size()) {
      // Python's repr escapes the non-printable Latin-1 code points (C1
      // controls, NBSP, soft hyphen) as \xNN, which toml turns into \u00NN.
      unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if ((next >= 0x80 && next <= 0xa0) || next == 0xad) {
        AppendU00(out, next);
        ++i;
      } else {
        out += static_cast<char>(c);
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string WriteToml(const TomlValue& root) {
  assert(root.kind() == TomlValue::Kind::kTable);
  Sections top = DumpSections(root);
  std::string out = top.pairs;
  auto pending = std::move(top.tables);
  while (!pending.empty()) {
    std::vector<std::pair<std::string, const TomlValue*>> next;
    for (const auto& [name, table] : pending) {
      Sections s = DumpSections(*table);
      // A table with only sub-tables gets no header of its own.
      if (!s.pairs.empty() || s.tables.empty()) {
        if (!out.empty() && !EndsWithBlankLine(out)) out += "\n";
        out.append("[").append(name).append("]\n").append(s.pairs);
      }
      for (auto& [child, value] : s.tables) next.emplace_back(name + "." + child, value);
    }
    pending = std::move(next);
  }
  return out;
}

}  // namespace mse::format
