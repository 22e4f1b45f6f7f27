// Loads ES modules into one isolate: the builtins embedded from js/, the worker's own files
// (by extension, as wrangler bundles them), and the synthetic module "edgerun:native" that
// hands the internal binding object to the builtins.
//
// Who may import what: user modules import relative paths inside the worker's root folder,
// bare packages from node_modules, and the public builtins (cloudflare:workers,
// node:async_hooks with its flag); only builtins may import "edgerun:*".
//
// Ownership: one ModuleLoader per isolate, owned by the WorkerIsolate; it holds the modules it
// loaded (v8::Global) until it is destroyed, before the isolate is disposed.
#pragma once

#include <v8.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::engine {

struct ModuleLoaderOptions {
  std::string root_dir;           // user modules must stay inside this folder (absolute, canonical)
  bool node_async_hooks = false;  // nodejs_compat or nodejs_als
  bool nodejs_compat = false;
};

class ModuleLoader {
 public:
  ModuleLoader(v8::Isolate* isolate, ModuleLoaderOptions options);
  ~ModuleLoader();

  static ModuleLoader* From(v8::Isolate* isolate);  // isolate data slot 1

  // CommonJS require() as seen from the file `from_file`: relative files (.js, .cjs, .json),
  // packages in node_modules, and the public builtins. Throws a JS exception on failure.
  v8::MaybeLocal<v8::Value> Require(v8::Local<v8::Context> context, const std::string& from_file,
                                    const std::string& specifier);

  // The object that "edgerun:native" exports as default. Must be set before builtins load.
  void SetNatives(v8::Local<v8::Object> natives);

  // Loads, links and evaluates a builtin (path relative to js/, e.g. "internal/bootstrap.js").
  Result<v8::Global<v8::Module>> RunBuiltin(v8::Local<v8::Context> context,
                                            const std::string& path);
  // Compiles a builtin (path relative to js/) without running it, unless it is loaded already.
  v8::MaybeLocal<v8::Module> CompileBuiltin(v8::Local<v8::Context> context,
                                            const std::string& path);

  // Loads, links and evaluates the worker's main module (absolute path). Top-level await that
  // waits on the event loop is driven by `pump` until the module's promise settles.
  Result<v8::Global<v8::Module>> RunMain(v8::Local<v8::Context> context, const std::string& path,
                                         const std::function<bool()>& pump);

 private:
  struct Record;
  static v8::MaybeLocal<v8::Module> ResolveCallback(v8::Local<v8::Context> context,
                                                    v8::Local<v8::String> specifier,
                                                    v8::Local<v8::FixedArray> assertions,
                                                    v8::Local<v8::Module> referrer);
  static v8::MaybeLocal<v8::Value> SyntheticEvaluate(v8::Local<v8::Context> context,
                                                     v8::Local<v8::Module> module);
  static v8::MaybeLocal<v8::Promise> ImportDynamically(v8::Local<v8::Context> context,
                                                       v8::Local<v8::Data> host_defined_options,
                                                       v8::Local<v8::Value> resource_name,
                                                       v8::Local<v8::String> specifier,
                                                       v8::Local<v8::FixedArray> assertions);

  // Resolves `specifier` as imported by the module named `referrer` (a key of records_).
  // Returns the key of the target ("builtin:<path>" or an absolute file path), or an error
  // message naming both.
  Result<std::string> Resolve(const std::string& referrer, const std::string& specifier);
  // Returns the module for a key, compiling it on first use; throws a JS exception on failure.
  v8::MaybeLocal<v8::Module> Get(v8::Local<v8::Context> context, const std::string& key);
  v8::MaybeLocal<v8::Module> CompileSource(v8::Local<v8::Context> context, const std::string& key,
                                           const std::string& name, const std::string& source);
  // Compiles and registers a source text module, consuming `code_cache` if V8 accepts it.
  v8::MaybeLocal<v8::Module> CompileString(const std::string& key, const std::string& name,
                                           v8::Local<v8::String> source,
                                           std::string_view code_cache);
  v8::MaybeLocal<v8::Module> CompileSynthetic(v8::Local<v8::Context> context,
                                              const std::string& key,
                                              v8::Local<v8::Value> default_export);
  v8::MaybeLocal<v8::Module> CompileFile(v8::Local<v8::Context> context, const std::string& path);
  const Record* FindRecord(v8::Local<v8::Module> module) const;
  v8::MaybeLocal<v8::Value> RequireFile(v8::Local<v8::Context> context, const std::string& path);
  void ThrowError(const std::string& message);

  v8::Isolate* isolate_;
  ModuleLoaderOptions options_;
  v8::Global<v8::Object> natives_;
  std::unordered_map<std::string, std::unique_ptr<Record>> records_;  // by key
  std::unordered_multimap<int, Record*> by_hash_;                     // by Module identity hash
  std::unordered_map<std::string, v8::Global<v8::Object>>
      cjs_exports_;  // CommonJS `module`s by path
  // Builtins compiled from the code cache, and those whose cache V8 refused (compiled anyway).
  int code_cache_used_ = 0;
  int code_cache_rejected_ = 0;
};

// Turns the exception caught while loading into an Error with the file:line:column it names.
Error ErrorFromException(v8::Isolate* isolate, v8::Local<v8::Context> context,
                         v8::Local<v8::Value> exception, v8::Local<v8::Message> message);

}  // namespace edgerun::engine
