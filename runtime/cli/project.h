// Loads the project that `edgerun dev` and `edgerun check` work on, from the command line:
// the config (with --config, --env, --var), warnings printed, a TypeScript main bundled.
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "runtime/cli/args.h"
#include "runtime/config/config.h"
#include "runtime/host/dev_host.h"

namespace edgerun::cli {

// `source_main`, when given, receives main as the config names it (before bundling).
Result<config::WorkerConfig> LoadProjectFromArgs(const Args& args,
                                                 std::string* source_main = nullptr);

// `edgerun dev`: the project, with flags overriding its [dev] settings. The options' `reload`
// loads it again the same way (the dev server reloads the worker when its files change).
Result<host::HostOptions> LoadHostOptions(const Args& args);

}  // namespace edgerun::cli
