// Loading a worker project's configuration: find the config file (or recognise a Pages folder
// with `_worker.js`), parse it (TOML or JSONC), check every key (config_fields.h), then layer
// local secrets (.dev.vars / .env, dev_vars.h) and `--var KEY:VALUE` overrides over `vars`.
//
// Errors are returned, never thrown or logged: a user-file problem carries file:line:column.
// Warnings (unknown keys, unknown compatibility flags, malformed .dev.vars lines ...) are
// appended to the caller's vector; the caller decides how to print them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/config/config.h"

namespace edgerun::config {

struct LoadOptions {
  std::string project_dir;                 // where wrangler.toml/.json/.jsonc is looked for
  std::optional<std::string> config_path;  // explicit config file (relative to the cwd)
  std::optional<std::string> env_name;     // --env NAME: selects [env.NAME]
  std::vector<std::pair<std::string, std::string>> var_overrides;  // --var KEY:VALUE, in order
};

enum class Format { kToml, kJsonc };

// The format a config file name implies: .json / .jsonc are JSONC, anything else TOML.
Format FormatForPath(std::string_view path);

// Parses config text as if read from `path_for_errors` (made absolute; relative paths in the
// config resolve against its folder, and .dev.vars is looked for there), then applies
// .dev.vars and options.var_overrides. options.project_dir and config_path are not used.
Result<WorkerConfig> ParseConfigText(std::string_view text, Format format,
                                     const std::string& path_for_errors, const LoadOptions& options,
                                     std::vector<Error>* warnings);

// Finds and loads the project's configuration:
// - options.config_path, if given; else the first of wrangler.toml, wrangler.json,
//   wrangler.jsonc in options.project_dir;
// - with no config file, a `_worker.js` file (or `_worker.js/index.js`) in project_dir makes it
//   a Pages folder: pages=true, the folder is the assets (binding ASSETS), _worker.js is main;
// - otherwise an Error "no wrangler.toml, wrangler.json or wrangler.jsonc in <dir>".
Result<WorkerConfig> LoadProject(const LoadOptions& options, std::vector<Error>* warnings);

}  // namespace edgerun::config
