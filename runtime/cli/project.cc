#include "runtime/cli/project.h"

#include <vector>

#include "runtime/base/log.h"
#include "runtime/config/config_loader.h"
#include "runtime/host/typescript_bundle.h"

namespace edgerun::cli {

Result<config::WorkerConfig> LoadProjectFromArgs(const Args& args) {
  config::LoadOptions load;
  load.project_dir = args.positional.empty() ? "." : args.positional[0];
  load.config_path = args.config_path;
  load.env_name = args.env_name;
  load.var_overrides = args.vars;
  std::vector<Error> warnings;
  Result<config::WorkerConfig> config = config::LoadProject(load, &warnings);
  for (const Error& w : warnings) log::Warn(w.ToString());
  if (!config.ok()) return config.error();
  if (Status bundled = host::BundleTypeScriptMain(config.value()); !bundled.ok()) {
    return bundled.error();
  }
  return config;
}

}  // namespace edgerun::cli
