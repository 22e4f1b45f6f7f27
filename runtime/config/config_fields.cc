#include "runtime/config/config_fields.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <limits>
#include <map>
#include <string_view>

#include "runtime/config/compat.h"

namespace edgerun::config {
namespace {

namespace fs = std::filesystem;
using Kind = ConfigNode::Kind;

// Keys that wrangler knows and edgerun reads, or accepts without effect (deploy-time settings
// such as routes or build). Anything else at the top level, or in an [env.NAME], is a warning.
constexpr auto kKnownTopLevelKeys = std::to_array<std::string_view>({
    "$schema",
    "account_id",
    "alias",
    "assets",
    "base_dir",
    "build",
    "cloudchamber",
    "compatibility_date",
    "compatibility_flags",
    "compliance_region",
    "define",
    "dev",
    "env",
    "experimental_services",
    "find_additional_modules",
    "first_party_worker",
    "jsx_factory",
    "jsx_fragment",
    "keep_names",
    "keep_vars",
    "legacy_assets",
    "legacy_env",
    "limits",
    "logpush",
    "main",
    "migrations",
    "minify",
    "name",
    "no_bundle",
    "node_compat",
    "observability",
    "pages_build_output_dir",
    "placement",
    "preserve_file_names",
    "preview_urls",
    "python_modules",
    "route",
    "routes",
    "rules",
    "secrets",
    "send_metrics",
    "site",
    "streaming_tail_consumers",
    "triggers",
    "tsconfig",
    "upload_source_maps",
    "usage_model",
    "vars",
    "workers_dev",
    "zone_id",
});

// Binding kinds edgerun does not provide yet: accepted, with a warning that env lacks them.
constexpr auto kUnsupportedBindingKeys = std::to_array<std::string_view>({
    "ai",
    "analytics_engine_datasets",
    "browser",
    "containers",
    "d1_databases",
    "data_blobs",
    "dispatch_namespaces",
    "durable_objects",
    "hyperdrive",
    "images",
    "kv_namespaces",
    "logfwdr",
    "mtls_certificates",
    "pipelines",
    "queues",
    "r2_buckets",
    "ratelimits",
    "secrets_store_secrets",
    "send_email",
    "services",
    "tail_consumers",
    "text_blobs",
    "unsafe",
    "unsafe_hello_world",
    "vectorize",
    "version_metadata",
    "vpc_services",
    "wasm_modules",
    "worker_loaders",
    "workflows",
});

constexpr auto kAssetsKeys = std::to_array<std::string_view>(
    {"directory", "binding", "html_handling", "not_found_handling", "run_worker_first"});

// [dev]: wrangler's keys (read: ip, port; accepted: the rest) and edgerun's timeouts.
constexpr auto kDevWranglerKeys = std::to_array<std::string_view>(
    {"ip", "port", "local_protocol", "upstream_protocol", "host", "inspector_port",
     "container_engine", "enable_containers", "generate_types", "upstream"});
// [limits]: wrangler's keys (accepted, not enforced) and edgerun's sizes.
constexpr auto kLimitsWranglerKeys = std::to_array<std::string_view>({"cpu_ms", "subrequests"});

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view key) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

struct LimitField {
  std::string_view key;
  uint64_t HttpLimits::*wide;  // one of the two is set
  uint32_t HttpLimits::*narrow;
};

constexpr LimitField kDevTimeouts[] = {
    {"header_timeout_ms", nullptr, &HttpLimits::header_timeout_ms},
    {"idle_timeout_ms", nullptr, &HttpLimits::idle_timeout_ms},
    {"body_timeout_ms", nullptr, &HttpLimits::body_timeout_ms},
    {"shutdown_grace_ms", nullptr, &HttpLimits::shutdown_grace_ms},
    {"wait_until_limit_ms", nullptr, &HttpLimits::wait_until_limit_ms},
    {"request_timeout_ms", nullptr, &HttpLimits::request_timeout_ms},
};
constexpr LimitField kLimitSizes[] = {
    {"max_head_bytes", nullptr, &HttpLimits::max_head_bytes},
    {"max_header_count", nullptr, &HttpLimits::max_header_count},
    {"max_body_bytes", &HttpLimits::max_body_bytes, nullptr},
    {"write_buffer_bytes", nullptr, &HttpLimits::write_buffer_bytes},
};

// The keys in effect: top-level ones, overridden by the chosen [env.NAME]'s. `vars` is not
// inherited (wrangler's rule), every other key is.
class Effective {
 public:
  void Set(const std::string& key, const ConfigNode* node) { map_[key] = node; }
  void Erase(const std::string& key) { map_.erase(key); }
  const ConfigNode* Find(const std::string& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second;
  }

 private:
  std::map<std::string, const ConfigNode*> map_;
};

bool MatchesWorkerName(std::string_view name) {
  // ^[a-z0-9_][a-z0-9-_]*$ (or empty)
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (i > 0 && c == '-');
    if (!ok) return false;
  }
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  int max = kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  return d <= max;
}

bool ContainsDateTime(const ConfigNode& node) {
  if (node.kind == Kind::kDateTime) return true;
  for (const auto& item : node.items) {
    if (ContainsDateTime(item)) return true;
  }
  for (const auto& [key, value] : node.fields) {
    if (ContainsDateTime(value)) return true;
  }
  return false;
}

std::string Absolute(const std::string& base_dir, const std::string& relative) {
  fs::path p(relative);
  if (p.is_relative()) p = fs::path(base_dir) / p;
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal().string();
}

class Reader {
 public:
  explicit Reader(const FieldContext& context) : c_(context) {}

  Result<WorkerConfig> Read(const ConfigNode& root) {
    if (!root.is_table()) {
      return ErrorAt(c_.file, root,
                     "the configuration should be a table/object but got " + root.ToJson());
    }
    WorkerConfig config;
    config.config_path = c_.file;
    config.base_dir = c_.base_dir;

    WarnUnknownKeys(root, "top-level");
    const ConfigNode* pages_dir = root.Find("pages_build_output_dir");

    Effective eff;
    for (const auto& [key, value] : root.fields) eff.Set(key, &value);
    eff.Erase("env");
    const ConfigNode* env_section = nullptr;
    if (auto status = SelectEnv(root, pages_dir != nullptr, eff, &env_section); !status) {
      return status.error();
    }

    if (auto s = ReadName(root, env_section, pages_dir != nullptr, config); !s) return s.error();
    if (auto s = ReadCompatibility(eff, config); !s) return s.error();
    if (auto s = ReadVars(root, env_section, config); !s) return s.error();
    if (pages_dir) {
      if (auto s = ReadPages(eff, config); !s) return s.error();
    } else {
      if (auto s = ReadMain(eff, config); !s) return s.error();
      if (auto s = ReadAssets(eff, config); !s) return s.error();
    }
    if (auto s = ReadDev(eff, config); !s) return s.error();
    if (auto s = ReadLimits(eff, config); !s) return s.error();
    WarnUnsupportedBindings(eff, root, env_section);
    return config;
  }

 private:
  void Warn(const ConfigNode& node, std::string message, bool at_key = true) {
    if (!c_.warnings) return;
    c_.warnings->push_back(at_key ? ErrorAtKey(c_.file, node, std::move(message))
                                  : ErrorAt(c_.file, node, std::move(message)));
  }

  void WarnUnknownKeys(const ConfigNode& table, const std::string& where) {
    for (const auto& [key, value] : table.fields) {
      if (Contains(kKnownTopLevelKeys, key) || Contains(kUnsupportedBindingKeys, key)) continue;
      Warn(value, "Unexpected fields found in " + where + " field: " + JsonQuote(key));
    }
  }

  Status SelectEnv(const ConfigNode& root, bool pages, Effective& eff,
                   const ConfigNode** env_section) {
    const ConfigNode* envs = root.Find("env");
    if (envs && !envs->is_table()) {
      return ErrorAt(c_.file, *envs,
                     "The field \"env\" should be an object but got " + envs->ToJson() + ".");
    }
    if (pages && envs) {
      std::string bad;
      for (const auto& [name, section] : envs->fields) {
        if (name == "preview" || name == "production") continue;
        bad += (bad.empty() ? "" : ", ") + JsonQuote(name);
      }
      if (!bad.empty()) {
        return ErrorAt(c_.file, *envs,
                       "Configuration file contains the following environment names that are not "
                       "supported by Pages projects: " +
                           bad +
                           ". The supported named-environments for Pages are \"preview\" "
                           "and \"production\".");
      }
    }
    if (!c_.env_name) return Ok{};
    const std::string& name = *c_.env_name;
    const ConfigNode* section = envs ? envs->Find(name) : nullptr;
    if (!section) {
      // Pages projects may select preview/production without declaring them.
      if (pages && (name == "preview" || name == "production")) return Ok{};
      std::string known;
      if (envs) {
        for (const auto& [env, value] : envs->fields) known += (known.empty() ? "" : ", ") + env;
      }
      return Error{"No environment named " + JsonQuote(name) + " in the configuration (" +
                       (known.empty() ? "it has no [env.*] sections" : "found: " + known) + ").",
                   c_.file, envs ? envs->key_line : 0, envs ? envs->key_column : 0};
    }
    if (!section->is_table()) {
      return ErrorAt(
          c_.file, *section,
          "The field \"env." + name + "\" should be an object but got " + section->ToJson() + ".");
    }
    WarnUnknownKeys(*section, "env." + name);
    eff.Erase("vars");
    for (const auto& [key, value] : section->fields) eff.Set(key, &value);
    *env_section = section;
    return Ok{};
  }

  Error TypeError(const std::string& field, const ConfigNode& node, const std::string& type) {
    return ErrorAt(c_.file, node,
                   "Expected " + JsonQuote(field) + " to be of type " + type + " but got " +
                       node.ToJson() + ".");
  }

  Status ReadName(const ConfigNode& root, const ConfigNode* env_section, bool pages,
                  WorkerConfig& config) {
    const ConfigNode* top = root.Find("name");
    const ConfigNode* own = env_section ? env_section->Find("name") : nullptr;
    for (const ConfigNode* node : {top, own}) {
      if (!node) continue;
      if (!node->is_string() || !MatchesWorkerName(node->text)) {
        return ErrorAt(c_.file, *node,
                       "Expected \"name\" to be of type string, alphanumeric and lowercase with "
                       "dashes only but got " +
                           node->ToJson() + ".");
      }
    }
    if (pages && (!top || top->text.empty())) {
      return Error{
          "Missing top-level field \"name\" in configuration file. Pages requires the "
          "name of your project to be configured at the top-level of your Wrangler "
          "configuration file. This is because, in Pages, environments target the same "
          "project.",
          c_.file, 0, 0};
    }
    if (own) {
      config.name = own->text;
    } else if (top) {
      config.name = top->text;
      // Pages environments target the same project, so their name is not suffixed.
      if (env_section && !pages && !config.name.empty()) config.name += "-" + *c_.env_name;
    }
    return Ok{};
  }

  Status ReadCompatibility(const Effective& eff, WorkerConfig& config) {
    if (const ConfigNode* date = eff.Find("compatibility_date")) {
      if (date->kind == Kind::kDateTime) {
        return ErrorAt(c_.file, *date,
                       "Expected \"compatibility_date\" to be of type string but got a TOML date " +
                           date->text + "; write it in quotes: compatibility_date = \"" +
                           date->text + "\".");
      }
      if (!date->is_string()) return TypeError("compatibility_date", *date, "string");
      const std::string& s = date->text;
      if (s.find("\u2013") != std::string::npos || s.find("\u2014") != std::string::npos) {
        return ErrorAt(c_.file, *date,
                       "\"compatibility_date\" field should use ISO-8601 accepted hyphens (-) "
                       "rather than en-dashes (\u2013) or em-dashes (\u2014).");
      }
      if (!IsIsoDate(s)) {
        return ErrorAt(c_.file, *date,
                       "\"compatibility_date\" field should be a valid ISO-8601 date "
                       "(YYYY-MM-DD), but got " +
                           date->ToJson() + ".");
      }
      config.compatibility_date = s;
    }
    if (const ConfigNode* flags = eff.Find("compatibility_flags")) {
      if (!flags->is_array()) {
        return ErrorAt(
            c_.file, *flags,
            "\"compatibility_flags\" should be an array of strings but got " + flags->ToJson());
      }
      for (size_t i = 0; i < flags->items.size(); ++i) {
        const ConfigNode& flag = flags->items[i];
        if (!flag.is_string()) {
          return TypeError("compatibility_flags.[" + std::to_string(i) + "]", flag, "string");
        }
        if (!IsKnownCompatibilityFlag(flag.text)) {
          Warn(flag, "Unknown compatibility flag " + JsonQuote(flag.text) + ".", false);
        }
        config.compatibility_flags.push_back(flag.text);
      }
    }
    return Ok{};
  }

  Status ReadVars(const ConfigNode& root, const ConfigNode* env_section, WorkerConfig& config) {
    const ConfigNode* top = root.Find("vars");
    const ConfigNode* vars = env_section ? env_section->Find("vars") : top;
    if (env_section && top && top->is_table()) {
      for (const auto& [key, value] : top->fields) {
        if (vars && vars->is_table() && vars->Find(key)) continue;
        Warn(value, "\"vars." + key + "\" exists at the top level, but not on \"env." +
                        *c_.env_name +
                        "\". This is not what you probably want, since \"vars\" "
                        "is not inherited by environments.");
      }
    }
    if (!vars) return Ok{};
    if (!vars->is_table()) {
      return ErrorAt(c_.file, *vars,
                     "The field \"vars\" should be an object but got " + vars->ToJson() + ".");
    }
    for (const auto& [key, value] : vars->fields) {
      if (ContainsDateTime(value)) {
        return ErrorAt(c_.file, value,
                       "The field \"vars." + key +
                           "\" holds a TOML date/time, which is not supported: write it as a "
                           "string.");
      }
      VarValue var;
      var.is_string = value.is_string();
      var.text = var.is_string ? value.text : value.ToJson();
      config.vars[key] = std::move(var);
    }
    return Ok{};
  }

  Status ReadMain(const Effective& eff, WorkerConfig& config) {
    const ConfigNode* main = eff.Find("main");
    if (!main) return Ok{};
    if (!main->is_string()) return TypeError("main", *main, "string");
    std::string path = Absolute(c_.base_dir, main->text);
    std::error_code ec;
    if (main->text.empty() || !fs::exists(path, ec)) {
      return ErrorAt(c_.file, *main, "\"main\" points to a file that does not exist: " + path);
    }
    if (fs::is_directory(path, ec)) {
      return ErrorAt(c_.file, *main, "\"main\" should be a file but is a directory: " + path);
    }
    config.main = path;
    return Ok{};
  }

  Status ReadPages(const Effective& eff, WorkerConfig& config) {
    const ConfigNode* dir = eff.Find("pages_build_output_dir");
    if (const ConfigNode* main = eff.Find("main")) {
      return ErrorAtKey(c_.file, *main,
                        "Configuration file cannot contain both \"main\" and "
                        "\"pages_build_output_dir\" configuration keys. Please use \"main\" if "
                        "you are deploying a Worker, or \"pages_build_output_dir\" if you are "
                        "deploying a Pages project.");
    }
    if (const ConfigNode* assets = eff.Find("assets")) {
      return ErrorAtKey(c_.file, *assets,
                        "Configuration file for Pages projects does not support \"assets\"");
    }
    if (!dir->is_string()) return TypeError("pages_build_output_dir", *dir, "string");
    std::string path = Absolute(c_.base_dir, dir->text);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      return ErrorAt(c_.file, *dir,
                     "The directory specified by the \"pages_build_output_dir\" field in your "
                     "configuration file does not exist: " +
                         path);
    }
    if (!fs::is_directory(path, ec)) {
      return ErrorAt(c_.file, *dir,
                     "The path specified by the \"pages_build_output_dir\" field in your "
                     "configuration file doesn't point to a directory: " +
                         path);
    }
    config.pages = true;
    AssetsConfig assets;
    assets.directory = path;
    assets.binding = "ASSETS";
    assets.source_file = c_.file;
    config.assets = std::move(assets);
    fs::path worker = fs::path(path) / "_worker.js";
    if (fs::is_regular_file(worker, ec)) {
      config.main = worker.string();
    } else if (fs::is_regular_file(worker / "index.js", ec)) {
      config.main = (worker / "index.js").string();
    }
    return Ok{};
  }

  Status ReadAssets(const Effective& eff, WorkerConfig& config) {
    const ConfigNode* node = eff.Find("assets");
    if (!node) {
      if (const ConfigNode* site = eff.Find("site")) {
        Warn(*site, "Workers Sites (\"site\") is not supported by edgerun; use \"assets\".");
      }
      return Ok{};
    }
    if (!node->is_table()) {
      return ErrorAt(c_.file, *node,
                     "\"assets\" should be an object, but got value \"assets\" of type " +
                         std::string(node->JsTypeName()));
    }
    if (const ConfigNode* site = eff.Find("site")) {
      return ErrorAtKey(c_.file, *site,
                        "Cannot use assets and Workers Sites in the same Worker. Please remove "
                        "either the `site` or `assets` field from your configuration file.");
    }
    std::string unexpected;
    const ConfigNode* first_unexpected = nullptr;
    for (const auto& [key, value] : node->fields) {
      if (Contains(kAssetsKeys, key)) continue;
      unexpected += (unexpected.empty() ? "" : ",") + JsonQuote(key);
      if (!first_unexpected) first_unexpected = &value;
    }
    if (first_unexpected) {
      Warn(*first_unexpected, "Unexpected fields found in assets field: " + unexpected);
    }

    AssetsConfig assets;
    assets.source_file = c_.file;
    const ConfigNode* directory = node->Find("directory");
    if (!directory) {
      return ErrorAtKey(c_.file, *node,
                        "The `assets` property in your configuration is missing the required "
                        "`directory` property.");
    }
    if (!directory->is_string()) return TypeError("assets.directory", *directory, "string");
    if (directory->text.empty()) {
      return ErrorAt(c_.file, *directory, "The assets directory cannot be an empty string.");
    }
    assets.directory = Absolute(c_.base_dir, directory->text);
    std::error_code ec;
    if (!fs::exists(assets.directory, ec)) {
      return ErrorAt(c_.file, *directory,
                     "The directory specified by the \"assets.directory\" field in your "
                     "configuration file does not exist: " +
                         assets.directory);
    }
    if (!fs::is_directory(assets.directory, ec)) {
      return ErrorAt(c_.file, *directory,
                     "The path specified by the \"assets.directory\" field in your "
                     "configuration file doesn't point to a directory: " +
                         assets.directory);
    }

    const ConfigNode* binding = node->Find("binding");
    if (binding) {
      if (!binding->is_string()) return TypeError("assets.binding", *binding, "string");
      assets.binding = binding->text;
    }
    if (const ConfigNode* html = node->Find("html_handling")) {
      static constexpr std::pair<std::string_view, HtmlHandling> kChoices[] = {
          {"auto-trailing-slash", HtmlHandling::kAutoTrailingSlash},
          {"force-trailing-slash", HtmlHandling::kForceTrailingSlash},
          {"drop-trailing-slash", HtmlHandling::kDropTrailingSlash},
          {"none", HtmlHandling::kNone},
      };
      if (auto s = OneOf("assets.html_handling", *html, kChoices, assets.html_handling); !s) {
        return s.error();
      }
    }
    if (const ConfigNode* nf = node->Find("not_found_handling")) {
      static constexpr std::pair<std::string_view, NotFoundHandling> kChoices[] = {
          {"single-page-application", NotFoundHandling::kSinglePageApplication},
          {"404-page", NotFoundHandling::k404Page},
          {"none", NotFoundHandling::kNone},
      };
      if (auto s = OneOf("assets.not_found_handling", *nf, kChoices, assets.not_found_handling);
          !s) {
        return s.error();
      }
    }
    const ConfigNode* rwf = node->Find("run_worker_first");
    if (rwf) {
      assets.run_worker_first_line = rwf->line;
      assets.run_worker_first_column = rwf->column;
      if (rwf->is_bool()) {
        assets.run_worker_first.all = rwf->boolean;
      } else if (rwf->is_array()) {
        assets.run_worker_first.is_array = true;
        for (size_t i = 0; i < rwf->items.size(); ++i) {
          const ConfigNode& item = rwf->items[i];
          if (!item.is_string()) {
            return TypeError("assets.run_worker_first.[" + std::to_string(i) + "]", item, "string");
          }
          assets.run_worker_first.patterns.push_back(item.text);
        }
      } else {
        return ErrorAt(c_.file, *rwf,
                       "The field \"assets.run_worker_first\" should be an array of strings or "
                       "a boolean, but got " +
                           rwf->ToJson() + ".");
      }
    }

    const bool has_main = eff.Find("main") != nullptr;
    if (binding && !has_main) {
      return ErrorAtKey(c_.file, *binding,
                        "Cannot use assets with a binding in an assets-only Worker. Please "
                        "remove the asset binding from your configuration file, or provide a "
                        "Worker script in your configuration file (`main`).");
    }
    const bool rwf_set = assets.run_worker_first.all || assets.run_worker_first.is_array;
    if (rwf_set && !has_main) {
      return ErrorAtKey(c_.file, *rwf, "Cannot set run_worker_first without a Worker script.");
    }
    if (assets.run_worker_first.all && !binding) {
      Warn(*rwf,
           "\"assets.run_worker_first\" is true but there is no \"assets.binding\": the Worker "
           "receives every request and cannot reach the assets.");
    }
    config.assets = std::move(assets);
    return Ok{};
  }

  template <typename E, size_t N>
  Status OneOf(const std::string& field, const ConfigNode& node,
               const std::pair<std::string_view, E> (&choices)[N], E& out) {
    if (!node.is_string()) return TypeError(field, node, "string");
    std::string list = "[";
    for (size_t i = 0; i < N; ++i) {
      if (choices[i].first == node.text) {
        out = choices[i].second;
        return Ok{};
      }
      list += (i ? "," : "") + JsonQuote(choices[i].first);
    }
    list += "]";
    return ErrorAt(c_.file, node,
                   "Expected " + JsonQuote(field) + " field to be one of " + list + " but got " +
                       node.ToJson() + ".");
  }

  Result<uint64_t> Integer(const std::string& field, const ConfigNode& node, uint64_t min,
                           uint64_t max) {
    if (node.kind != Kind::kInt || node.integer < 0 || static_cast<uint64_t>(node.integer) < min ||
        static_cast<uint64_t>(node.integer) > max) {
      return ErrorAt(c_.file, node,
                     JsonQuote(field) + " should be an integer between " + std::to_string(min) +
                         " and " + std::to_string(max) + " but got " + node.ToJson() + ".");
    }
    return static_cast<uint64_t>(node.integer);
  }

  Status ReadLimitFields(const std::string& section, const ConfigNode& table,
                         const LimitField* fields, size_t count, HttpLimits& limits) {
    for (size_t i = 0; i < count; ++i) {
      const LimitField& f = fields[i];
      const ConfigNode* node = table.Find(std::string(f.key));
      if (!node) continue;
      uint64_t max =
          f.wide ? std::numeric_limits<int64_t>::max() : std::numeric_limits<uint32_t>::max();
      auto value = Integer(section + "." + std::string(f.key), *node, 1, max);
      if (!value) return value.error();
      if (f.wide) {
        limits.*(f.wide) = *value;
      } else {
        limits.*(f.narrow) = static_cast<uint32_t>(*value);
      }
    }
    return Ok{};
  }

  template <size_t N>
  void WarnUnexpected(const std::string& section, const ConfigNode& table,
                      const std::array<std::string_view, N>& wrangler_keys,
                      const LimitField* fields, size_t count) {
    for (const auto& [key, value] : table.fields) {
      if (Contains(wrangler_keys, key)) continue;
      bool ours = false;
      for (size_t i = 0; i < count; ++i) ours = ours || fields[i].key == key;
      if (!ours) Warn(value, "Unexpected fields found in " + section + " field: " + JsonQuote(key));
    }
  }

  Status ReadDev(const Effective& eff, WorkerConfig& config) {
    const ConfigNode* dev = eff.Find("dev");
    if (!dev) return Ok{};
    if (!dev->is_table()) {
      return ErrorAt(c_.file, *dev,
                     "The field \"dev\" should be an object but got " + dev->ToJson() + ".");
    }
    WarnUnexpected("dev", *dev, kDevWranglerKeys, kDevTimeouts, std::size(kDevTimeouts));
    if (const ConfigNode* ip = dev->Find("ip")) {
      if (!ip->is_string() || ip->text.empty()) return TypeError("dev.ip", *ip, "string");
      config.dev.ip = ip->text;
    }
    if (const ConfigNode* port = dev->Find("port")) {
      auto value = Integer("dev.port", *port, 0, 65535);
      if (!value) return value.error();
      config.dev.port = static_cast<uint16_t>(*value);
    }
    if (const ConfigNode* upstream = dev->Find("upstream")) {
      if (!upstream->is_string()) return TypeError("dev.upstream", *upstream, "string");
      const std::string& u = upstream->text;
      if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) {
        return ErrorAt(c_.file, *upstream,
                       "\"dev.upstream\" should be an http:// or https:// URL but got " +
                           upstream->ToJson() + ".");
      }
      config.dev.upstream = u;
    }
    return ReadLimitFields("dev", *dev, kDevTimeouts, std::size(kDevTimeouts), config.limits);
  }

  Status ReadLimits(const Effective& eff, WorkerConfig& config) {
    const ConfigNode* limits = eff.Find("limits");
    if (!limits) return Ok{};
    if (!limits->is_table()) {
      return ErrorAt(c_.file, *limits,
                     "The field \"limits\" should be an object but got " + limits->ToJson() + ".");
    }
    WarnUnexpected("limits", *limits, kLimitsWranglerKeys, kLimitSizes, std::size(kLimitSizes));
    return ReadLimitFields("limits", *limits, kLimitSizes, std::size(kLimitSizes), config.limits);
  }

  void WarnUnsupportedBindings(const Effective& eff, const ConfigNode& root,
                               const ConfigNode* env_section) {
    for (std::string_view key : kUnsupportedBindingKeys) {
      const ConfigNode* node = eff.Find(std::string(key));
      if (!node) continue;
      if ((node->is_array() || node->is_table()) && node->items.empty() && node->fields.empty()) {
        continue;
      }
      Warn(*node, JsonQuote(key) +
                      " bindings are not supported by edgerun yet: env will not "
                      "have them.");
    }
  }

  const FieldContext& c_;
};

}  // namespace

Result<WorkerConfig> ReadWorkerConfig(const ConfigNode& root, const FieldContext& context) {
  return Reader(context).Read(root);
}

}  // namespace edgerun::config
