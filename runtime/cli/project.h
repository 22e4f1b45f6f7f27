// Loads the project that `edgerun dev` and `edgerun check` work on, from the command line:
// the config (with --config, --env, --var), warnings printed, a TypeScript main bundled.
#pragma once

#include "runtime/base/result.h"
#include "runtime/cli/args.h"
#include "runtime/config/config.h"

namespace edgerun::cli {

Result<config::WorkerConfig> LoadProjectFromArgs(const Args& args);

}  // namespace edgerun::cli
