#include "runtime/engine/package_resolver.h"

#include <simdjson.h>

#include <array>
#include <filesystem>
#include <optional>

namespace edgerun::engine {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 5> kConditions = {"workerd", "worker", "browser", "import",
                                                         "default"};

bool IsCondition(std::string_view key) {
  for (auto c : kConditions) {
    if (c == key) return true;
  }
  return false;
}

// Resolves an exports target (string, array, or conditions object) to a relative path, with
// `*` replaced by `star`.
std::optional<std::string> ResolveTarget(simdjson::dom::element target, const std::string& star) {
  if (target.is_string()) {
    std::string t(target.get_string().value());
    size_t pos = t.find('*');
    if (pos != std::string::npos) t.replace(pos, 1, star);
    return t;
  }
  // simdjson_result::value() on a temporary returns a reference into it: bind to a local first,
  // or a range-for reads a destroyed object.
  if (target.is_array()) {
    simdjson::dom::array array = target.get_array().value();
    for (simdjson::dom::element item : array) {
      if (auto r = ResolveTarget(item, star)) return r;
    }
    return std::nullopt;
  }
  if (target.is_object()) {
    simdjson::dom::object object = target.get_object().value();
    for (auto field : object) {
      if (IsCondition(field.key)) {
        if (auto r = ResolveTarget(field.value, star)) return r;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> ResolveExports(simdjson::dom::element exports,
                                          const std::string& subpath /* "." or "./x" */) {
  bool subpath_keys = false;
  if (exports.is_object()) {
    simdjson::dom::object first = exports.get_object().value();
    for (auto field : first) {
      if (!field.key.empty() && field.key[0] == '.') subpath_keys = true;
      break;
    }
  }
  if (!subpath_keys) {
    if (subpath != ".") return std::nullopt;
    return ResolveTarget(exports, "");
  }
  auto object = exports.get_object().value();
  simdjson::dom::element exact;
  if (object.at_key(subpath).get(exact) == simdjson::SUCCESS) return ResolveTarget(exact, "");
  // Subpath patterns: the longest matching prefix before "*" wins.
  std::optional<std::string> best;
  size_t best_len = 0;
  for (auto field : object) {
    std::string_view key = field.key;
    size_t star = key.find('*');
    if (star == std::string_view::npos) continue;
    std::string_view prefix = key.substr(0, star), suffix = key.substr(star + 1);
    if (subpath.size() >= prefix.size() + suffix.size() &&
        subpath.compare(0, prefix.size(), prefix) == 0 &&
        subpath.compare(subpath.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        prefix.size() > best_len) {
      std::string middle =
          subpath.substr(prefix.size(), subpath.size() - prefix.size() - suffix.size());
      if (auto r = ResolveTarget(field.value, middle)) {
        best = r;
        best_len = prefix.size();
      }
    }
  }
  return best;
}

std::optional<std::string> WithExtensions(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p.string();
  for (const char* ext : {".js", ".mjs", ".cjs", ".json"}) {
    fs::path q = p;
    q += ext;
    if (fs::is_regular_file(q, ec)) return q.string();
  }
  for (const char* index : {"index.js", "index.mjs", "index.cjs"}) {
    if (fs::is_regular_file(p / index, ec)) return (p / index).string();
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> ResolvePackage(const std::string& specifier, const std::string& from_dir,
                                   const std::string& root_dir) {
  // Split "@scope/name/sub/path" into package name and subpath.
  size_t name_end = specifier.find('/');
  if (!specifier.empty() && specifier[0] == '@' && name_end != std::string::npos) {
    name_end = specifier.find('/', name_end + 1);
  }
  const std::string name = specifier.substr(0, name_end);
  const std::string subpath =
      name_end == std::string::npos ? "." : "." + specifier.substr(name_end);
  if (name.empty() || name == "." || name == "..") return Error{"invalid package name"};

  fs::path dir = from_dir;
  const fs::path root = root_dir;
  while (true) {
    fs::path pkg_dir = dir / "node_modules" / name;
    std::error_code ec;
    if (fs::is_directory(pkg_dir, ec)) {
      fs::path manifest = pkg_dir / "package.json";
      simdjson::dom::parser parser;
      simdjson::dom::element pkg;
      const bool has_manifest = fs::is_regular_file(manifest, ec) &&
                                parser.load(manifest.string()).get(pkg) == simdjson::SUCCESS;
      if (has_manifest) {
        simdjson::dom::element exports;
        if (pkg.at_key("exports").get(exports) == simdjson::SUCCESS) {
          std::optional<std::string> target = ResolveExports(exports, subpath);
          if (!target) {
            return Error{"package \"" + name + "\" does not export \"" + subpath +
                         "\" for the conditions workerd, worker, browser, import, default"};
          }
          fs::path file = (pkg_dir / *target).lexically_normal();
          if (fs::is_regular_file(file, ec)) return file.string();
          return Error{"package \"" + name + "\" exports \"" + subpath + "\" as " + *target +
                       ", which does not exist"};
        }
      }
      if (subpath != ".") {
        if (auto f = WithExtensions(pkg_dir / subpath.substr(2))) return *f;
        return Error{"no file for \"" + specifier + "\" in " + pkg_dir.string()};
      }
      if (has_manifest) {
        for (const char* field : {"browser", "module", "main"}) {
          std::string_view value;
          if (pkg.at_key(field).get(value) == simdjson::SUCCESS && !value.empty()) {
            if (auto f = WithExtensions(pkg_dir / std::string(value))) return *f;
          }
        }
      }
      if (auto f = WithExtensions(pkg_dir)) return *f;
      return Error{"package \"" + name + "\" has no entry point"};
    }
    if (dir == root || !dir.has_parent_path() || dir.parent_path() == dir) break;
    std::string d = dir.string();
    if (!root_dir.empty() && d.size() <= root_dir.size()) break;
    dir = dir.parent_path();
  }
  return Error{"package \"" + name + "\" not found in node_modules (run npm install?)"};
}

}  // namespace edgerun::engine
