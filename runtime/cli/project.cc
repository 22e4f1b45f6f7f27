#include "runtime/cli/project.h"

#include <thread>
#include <vector>

#include "runtime/base/log.h"
#include "runtime/base/url.h"
#include "runtime/config/config_loader.h"
#include "runtime/host/typescript_bundle.h"

namespace edgerun::cli {

Result<config::WorkerConfig> LoadProjectFromArgs(const Args& args, std::string* source_main) {
  config::LoadOptions load;
  load.project_dir = args.positional.empty() ? "." : args.positional[0];
  load.config_path = args.config_path;
  load.env_name = args.env_name;
  load.var_overrides = args.vars;
  std::vector<Error> warnings;
  Result<config::WorkerConfig> config = config::LoadProject(load, &warnings);
  for (const Error& w : warnings) log::Warn(w.ToString());
  if (!config.ok()) return config.error();
  if (source_main != nullptr) *source_main = config->main.value_or("");
  if (Status bundled = host::BundleTypeScriptMain(config.value()); !bundled.ok()) {
    return bundled.error();
  }
  return config;
}

Result<host::HostOptions> LoadHostOptions(const Args& args) {
  host::HostOptions options;
  Result<config::WorkerConfig> config = LoadProjectFromArgs(args, &options.source_main);
  if (!config.ok()) return config.error();
  options.config = std::move(config.value());
  if (args.upstream) options.config.dev.upstream = args.upstream;
  if (options.config.dev.upstream) {
    std::optional<url::Url> upstream = url::Parse(*options.config.dev.upstream);
    if (!upstream || (upstream->scheme() != "http" && upstream->scheme() != "https")) {
      return Error{"the upstream origin must be an absolute http:// or https:// URL, got '" +
                   *options.config.dev.upstream + "'"};
    }
  }
  options.ip = args.ip.value_or(options.config.dev.ip);
  options.port = args.port.value_or(options.config.dev.port);
  const unsigned cores = std::thread::hardware_concurrency();
  options.threads = args.threads.value_or(cores == 0 ? 1 : static_cast<int>(cores));
  options.access_log = args.quiet                  ? host::AccessLogFormat::kOff
                       : args.log_format == "json" ? host::AccessLogFormat::kJson
                                                   : host::AccessLogFormat::kPretty;
  options.reload = [args] { return LoadHostOptions(args); };
  return options;
}

}  // namespace edgerun::cli
