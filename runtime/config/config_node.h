// ConfigNode: a parsed configuration document (TOML or JSON) as one format-neutral tree in which
// every value remembers where it was written. The readers (toml_reader.h, json_reader.h) build
// it; the field validation (config_fields.h) walks it, so both formats share one set of rules
// and one set of error texts. Plain data, no parser state: a node owns its children.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/json_quote.h"
#include "runtime/base/result.h"

namespace edgerun::config {

struct ConfigField;

struct ConfigNode {
  enum class Kind { kNull, kBool, kInt, kFloat, kString, kArray, kTable, kDateTime };

  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  // kString: the unescaped string. kInt/kFloat: the number as written (JSON) or printed (TOML).
  // kDateTime: the TOML date/time as written in ISO form.
  std::string text;
  std::vector<ConfigNode> items;    // kArray
  std::vector<ConfigField> fields;  // kTable, in source order

  // 1-based position of the value, and of the key that names it (0 when there is none).
  int line = 0;
  int column = 0;
  int key_line = 0;
  int key_column = 0;

  bool is_table() const { return kind == Kind::kTable; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_bool() const { return kind == Kind::kBool; }
  bool is_number() const { return kind == Kind::kInt || kind == Kind::kFloat; }

  // The field named `key` of a table (the last one, when a JSON key is repeated), or null.
  const ConfigNode* Find(std::string_view key) const;

  // The value as JSON text, like JavaScript's JSON.stringify: what `vars` keeps for non-string
  // values, and how error messages print what they "got".
  std::string ToJson() const;

  // JavaScript's `typeof` for the value as wrangler would see it ("string", "number",
  // "boolean", "object").
  const char* JsTypeName() const;
};

struct ConfigField {
  std::string key;
  ConfigNode value;
};

// An Error about this node's value, positioned at it.
Error ErrorAt(const std::string& file, const ConfigNode& node, std::string message);
// An Error positioned at the key naming this node (its value when it has no key).
Error ErrorAtKey(const std::string& file, const ConfigNode& node, std::string message);

}  // namespace edgerun::config
