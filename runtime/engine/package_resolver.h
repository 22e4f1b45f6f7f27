// Resolves a bare import specifier ("hono", "@scope/pkg/sub") to a file in node_modules, as
// wrangler's bundler would for a worker: package.json "exports" with the conditions workerd,
// worker, browser, import, default (in the order the package lists them), then "module",
// "main", index.js. Plain filesystem code, no V8.
#pragma once

#include <string>

#include "runtime/base/result.h"

namespace edgerun::engine {

// `from_dir` is the importing file's folder; node_modules folders are searched from there up to
// `root_dir` (inclusive). Returns the absolute path of the file.
Result<std::string> ResolvePackage(const std::string& specifier, const std::string& from_dir,
                                   const std::string& root_dir);

}  // namespace edgerun::engine
