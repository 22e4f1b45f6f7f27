// A TypeScript `main` (.ts/.mts/.tsx) is bundled with the project's own esbuild, as wrangler
// does, into `<project>/.edgerun/bundle/`; the bundle then is the worker's main module. Without
// esbuild in node_modules the user gets an error saying how to install it.
#pragma once

#include "runtime/base/result.h"
#include "runtime/config/config.h"

namespace edgerun::host {

// When config.main is TypeScript, bundles it and points config.main at the bundle.
Status BundleTypeScriptMain(config::WorkerConfig& config);

}  // namespace edgerun::host
