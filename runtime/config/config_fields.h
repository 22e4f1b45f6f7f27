// The rules for each key of a wrangler configuration: types, allowed values, paths that must
// exist, [env.NAME] inheritance, Pages mode. Works on a ConfigNode tree from either reader, so
// TOML and JSON share every rule and every message. Messages follow wrangler's wording (spec
// assets.md section 9) and each Error points at the offending value's file:line:column.
// Does not read .dev.vars or apply --var; config_loader.h does that.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/config/config.h"
#include "runtime/config/config_node.h"

namespace edgerun::config {

struct FieldContext {
  std::string file;      // absolute path of the config file, for errors and config_path
  std::string base_dir;  // folder that relative paths (main, assets.directory) resolve against
  std::optional<std::string> env_name;
  std::vector<Error>* warnings = nullptr;  // may be null
};

Result<WorkerConfig> ReadWorkerConfig(const ConfigNode& root, const FieldContext& context);

}  // namespace edgerun::config
