#include "runtime/config/config_node.h"

#include <cstdio>

namespace edgerun::config {

const ConfigNode* ConfigNode::Find(std::string_view key) const {
  const ConfigNode* found = nullptr;
  for (const auto& [name, value] : fields) {
    if (name == key) found = &value;
  }
  return found;
}

std::string ConfigNode::ToJson() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return boolean ? "true" : "false";
    case Kind::kInt:
    case Kind::kFloat:
      return text;
    case Kind::kString:
    case Kind::kDateTime:
      return JsonQuote(text);
    case Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += items[i].ToJson();
      }
      return out + "]";
    }
    case Kind::kTable: {
      std::string out = "{";
      bool first = true;
      for (const auto& [name, value] : fields) {
        if (!first) out += ',';
        first = false;
        out += JsonQuote(name);
        out += ':';
        out += value.ToJson();
      }
      return out + "}";
    }
  }
  return "null";
}

const char* ConfigNode::JsTypeName() const {
  switch (kind) {
    case Kind::kBool:
      return "boolean";
    case Kind::kInt:
    case Kind::kFloat:
      return "number";
    case Kind::kString:
      return "string";
    default:
      return "object";
  }
}

Error ErrorAt(const std::string& file, const ConfigNode& node, std::string message) {
  return Error{std::move(message), file, node.line, node.column};
}

Error ErrorAtKey(const std::string& file, const ConfigNode& node, std::string message) {
  if (node.key_line > 0) return Error{std::move(message), file, node.key_line, node.key_column};
  return ErrorAt(file, node, std::move(message));
}

}  // namespace edgerun::config
