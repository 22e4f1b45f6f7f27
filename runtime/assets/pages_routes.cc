#include "runtime/assets/pages_routes.h"

#include <simdjson.h>

#include "runtime/assets/static_routing.h"

namespace edgerun::assets {

namespace {
constexpr size_t kMaxRules = 100;

Status ReadRules(simdjson::dom::element root, const char* field, std::vector<std::string>* out) {
  simdjson::dom::element value;
  if (root.at_key(field).get(value) != simdjson::SUCCESS) return Ok{};
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return Error{std::string("\"") + field + "\" should be an array of strings"};
  }
  for (simdjson::dom::element item : array) {
    std::string_view rule;
    if (item.get_string().get(rule) != simdjson::SUCCESS) {
      return Error{std::string("\"") + field + "\" should contain only strings"};
    }
    if (rule.empty() || rule[0] != '/') {
      return Error{std::string("\"") + field + "\" rule '" + std::string(rule) +
                   "' must start with '/'"};
    }
    out->emplace_back(rule);
  }
  return Ok{};
}
}  // namespace

Result<PagesRoutes> PagesRoutes::Parse(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::padded_string padded(json);
  if (parser.parse(padded).get(root) != simdjson::SUCCESS || !root.is_object()) {
    return Error{"_routes.json is not a JSON object"};
  }
  int64_t version = 0;
  if (root.at_key("version").get(version) != simdjson::SUCCESS || version != 1) {
    return Error{"_routes.json needs \"version\": 1"};
  }
  PagesRoutes routes;
  if (Status s = ReadRules(root, "include", &routes.include_); !s.ok()) return s.error();
  if (Status s = ReadRules(root, "exclude", &routes.exclude_); !s.ok()) return s.error();
  if (routes.include_.empty()) return Error{"_routes.json must include at least one rule"};
  if (routes.include_.size() + routes.exclude_.size() > kMaxRules) {
    return Error{"_routes.json has " +
                 std::to_string(routes.include_.size() + routes.exclude_.size()) +
                 " rules; at most 100 are allowed"};
  }
  return routes;
}

bool PagesRoutes::RunsWorker(std::string_view path) const {
  for (const std::string& rule : exclude_) {
    if (StaticRouting::GlobMatches(rule, path)) return false;
  }
  for (const std::string& rule : include_) {
    if (StaticRouting::GlobMatches(rule, path)) return true;
  }
  return false;
}

}  // namespace edgerun::assets
