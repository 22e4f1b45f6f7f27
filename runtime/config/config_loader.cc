#include "runtime/config/config_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/config/config_fields.h"
#include "runtime/config/dev_vars.h"
#include "runtime/config/json_reader.h"
#include "runtime/config/toml_reader.h"

namespace edgerun::config {
namespace {

namespace fs = std::filesystem;

std::string AbsolutePath(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal().string();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the configuration file", path, 0, 0};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{"cannot read the configuration file", path, 0, 0};
  return text.str();
}

// Local secrets, then --var: each later layer overrides `vars`, and all of them are strings.
Status ApplyVarLayers(const std::string& dir, const LoadOptions& options, WorkerConfig& config,
                      std::vector<Error>* warnings) {
  auto dev_vars = LoadDevVars(dir, options.env_name, warnings);
  if (!dev_vars) return dev_vars.error();
  for (auto& [key, value] : *dev_vars) config.vars[key] = VarValue{true, std::move(value)};
  for (const auto& [key, value] : options.var_overrides) config.vars[key] = VarValue{true, value};
  return Ok{};
}

std::optional<std::string> PagesWorker(const fs::path& dir) {
  std::error_code ec;
  fs::path worker = dir / "_worker.js";
  if (fs::is_regular_file(worker, ec)) return AbsolutePath(worker);
  if (fs::is_regular_file(worker / "index.js", ec)) return AbsolutePath(worker / "index.js");
  return std::nullopt;
}

}  // namespace

Format FormatForPath(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  return ends_with(".json") || ends_with(".jsonc") ? Format::kJsonc : Format::kToml;
}

Result<WorkerConfig> ParseConfigText(std::string_view text, Format format,
                                     const std::string& path_for_errors, const LoadOptions& options,
                                     std::vector<Error>* warnings) {
  const std::string file = AbsolutePath(path_for_errors);
  auto root = format == Format::kToml ? ReadToml(text, file) : ReadJsonc(text, file);
  if (!root) return root.error();
  FieldContext context;
  context.file = file;
  context.base_dir = fs::path(file).parent_path().string();
  context.env_name = options.env_name;
  context.warnings = warnings;
  auto config = ReadWorkerConfig(*root, context);
  if (!config) return config.error();
  if (auto s = ApplyVarLayers(context.base_dir, options, *config, warnings); !s) {
    return s.error();
  }
  return config;
}

Result<WorkerConfig> LoadProject(const LoadOptions& options, std::vector<Error>* warnings) {
  const fs::path dir = options.project_dir.empty() ? fs::path(".") : fs::path(options.project_dir);
  std::error_code ec;
  std::optional<std::string> config_file;
  if (options.config_path) {
    config_file = AbsolutePath(*options.config_path);
    if (!fs::is_regular_file(*config_file, ec)) {
      return Error{"the configuration file does not exist", *config_file, 0, 0};
    }
  } else {
    for (const char* name : {"wrangler.toml", "wrangler.json", "wrangler.jsonc"}) {
      if (fs::is_regular_file(dir / name, ec)) {
        config_file = AbsolutePath(dir / name);
        break;
      }
    }
  }

  if (config_file) {
    auto text = ReadFile(*config_file);
    if (!text) return text.error();
    return ParseConfigText(*text, FormatForPath(*config_file), *config_file, options, warnings);
  }

  const std::string abs_dir = AbsolutePath(dir);
  std::optional<std::string> worker = PagesWorker(dir);
  if (!worker) {
    return Error{"no wrangler.toml, wrangler.json or wrangler.jsonc in " + abs_dir, "", 0, 0};
  }
  WorkerConfig config;
  config.base_dir = abs_dir;
  config.pages = true;
  config.main = *worker;
  AssetsConfig assets;
  assets.directory = abs_dir;
  assets.binding = "ASSETS";
  config.assets = std::move(assets);
  if (auto s = ApplyVarLayers(abs_dir, options, config, warnings); !s) return s.error();
  return config;
}

}  // namespace edgerun::config
