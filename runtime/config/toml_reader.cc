#include "runtime/config/toml_reader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <utility>

namespace edgerun::config {
namespace {

void SetPosition(ConfigNode& out, const toml::source_region& region) {
  out.line = static_cast<int>(region.begin.line);
  out.column = static_cast<int>(region.begin.column);
}

template <typename T>
std::string Print(const T& value) {
  std::ostringstream s;
  s << value;
  return s.str();
}

std::string FormatDouble(double d) {
  // JSON.stringify prints non-finite numbers as null.
  if (!std::isfinite(d)) return "null";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : "null";
}

ConfigNode Convert(const toml::node& node, int depth);

ConfigNode ConvertTable(const toml::table& table, int depth) {
  ConfigNode out;
  out.kind = ConfigNode::Kind::kTable;
  SetPosition(out, table.source());
  for (auto&& [key, value] : table) {
    ConfigNode child = Convert(value, depth + 1);
    child.key_line = static_cast<int>(key.source().begin.line);
    child.key_column = static_cast<int>(key.source().begin.column);
    out.fields.push_back(ConfigField{std::string(key.str()), std::move(child)});
  }
  // toml::table orders keys by name; errors and warnings read better in source order.
  std::stable_sort(out.fields.begin(), out.fields.end(), [](const auto& a, const auto& b) {
    return std::pair(a.value.key_line, a.value.key_column) <
           std::pair(b.value.key_line, b.value.key_column);
  });
  return out;
}

ConfigNode Convert(const toml::node& node, int depth) {
  ConfigNode out;
  SetPosition(out, node.source());
  switch (node.type()) {
    case toml::node_type::table:
      return ConvertTable(*node.as_table(), depth);
    case toml::node_type::array:
      out.kind = ConfigNode::Kind::kArray;
      for (const toml::node& item : *node.as_array()) out.items.push_back(Convert(item, depth + 1));
      break;
    case toml::node_type::string:
      out.kind = ConfigNode::Kind::kString;
      out.text = node.as_string()->get();
      break;
    case toml::node_type::integer:
      out.kind = ConfigNode::Kind::kInt;
      out.integer = node.as_integer()->get();
      out.number = static_cast<double>(out.integer);
      out.text = std::to_string(out.integer);
      break;
    case toml::node_type::floating_point:
      out.kind = ConfigNode::Kind::kFloat;
      out.number = node.as_floating_point()->get();
      out.text = FormatDouble(out.number);
      break;
    case toml::node_type::boolean:
      out.kind = ConfigNode::Kind::kBool;
      out.boolean = node.as_boolean()->get();
      break;
    case toml::node_type::date:
      out.kind = ConfigNode::Kind::kDateTime;
      out.text = Print(node.as_date()->get());
      break;
    case toml::node_type::time:
      out.kind = ConfigNode::Kind::kDateTime;
      out.text = Print(node.as_time()->get());
      break;
    case toml::node_type::date_time:
      out.kind = ConfigNode::Kind::kDateTime;
      out.text = Print(node.as_date_time()->get());
      break;
    case toml::node_type::none:
      break;
  }
  return out;
}

}  // namespace

Result<ConfigNode> ReadToml(std::string_view text, const std::string& path_for_errors) {
  try {
    toml::table table = toml::parse(text, path_for_errors);
    ConfigNode root = ConvertTable(table, 0);
    root.line = 1;
    root.column = 1;
    return root;
  } catch (const toml::parse_error& e) {
    return Error{"TOML syntax error: " + std::string(e.description()), path_for_errors,
                 static_cast<int>(e.source().begin.line),
                 static_cast<int>(e.source().begin.column)};
  } catch (const std::exception& e) {
    return Error{std::string("could not read TOML: ") + e.what(), path_for_errors, 0, 0};
  }
}

}  // namespace edgerun::config
