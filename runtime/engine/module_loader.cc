#include "runtime/engine/module_loader.h"

#include <v8-wasm.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "bindings/binding.h"
#include "runtime/base/ascii.h"
#include "runtime/engine/code_cache.h"
#include "runtime/engine/embedded_js.h"
#include "runtime/engine/package_resolver.h"
#include "runtime/engine/startup_trace.h"

namespace edgerun::engine {

namespace fs = std::filesystem;
using bindings::NewString;
using bindings::ToStdString;

namespace {
constexpr char kBuiltinPrefix[] = "builtin:";
constexpr char kNativeKey[] = "builtin:edgerun:native";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const EmbeddedJsFile* FindEmbedded(std::string_view path) {
  for (const EmbeddedJsFile& f : EmbeddedJsFiles()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Joins a relative builtin specifier ("./x.js", "../y.js") to the referrer's folder in js/.
std::string JoinBuiltin(const std::string& referrer_path, const std::string& specifier) {
  fs::path base = fs::path(referrer_path).parent_path();
  return (base / specifier).lexically_normal().generic_string();
}

bool IsInside(const std::string& root, const std::string& path) {
  if (root.empty()) return true;
  return path == root || StartsWith(path, root + "/");
}

// An embedded file's bytes, lent to V8 without a copy (they live as long as the process).
class EmbeddedOneByte final : public v8::String::ExternalOneByteStringResource {
 public:
  explicit EmbeddedOneByte(std::string_view bytes) : bytes_(bytes) {}
  const char* data() const override { return bytes_.data(); }
  size_t length() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

// A builtin's source: external when it is ASCII (most are), so no isolate copies it into its heap.
v8::Local<v8::String> BuiltinSource(v8::Isolate* isolate, const EmbeddedJsFile& file) {
  static const std::unordered_map<const char*, bool> ascii = [] {
    std::unordered_map<const char*, bool> m;
    for (const EmbeddedJsFile& f : EmbeddedJsFiles()) m[f.source.data()] = IsAscii(f.source);
    return m;
  }();
  if (ascii.at(file.source.data())) {
    return v8::String::NewExternalOneByte(isolate, new EmbeddedOneByte(file.source))
        .ToLocalChecked();
  }
  return NewString(isolate, file.source);
}
}  // namespace

struct ModuleLoader::Record {
  std::string key;   // "builtin:<path in js/>", "builtin:edgerun:native" or an absolute path
  std::string name;  // what stack traces and errors show
  v8::Global<v8::Module> module;
  v8::Global<v8::Value> synthetic_default;  // for synthetic modules
  bool is_builtin = false;
};

ModuleLoader::ModuleLoader(v8::Isolate* isolate, ModuleLoaderOptions options)
    : isolate_(isolate), options_(std::move(options)) {
  TraceStartup("module loader created");
  isolate_->SetData(1, this);
  isolate_->SetHostImportModuleDynamicallyCallback(&ModuleLoader::ImportDynamically);
}

ModuleLoader::~ModuleLoader() { isolate_->SetData(1, nullptr); }

ModuleLoader* ModuleLoader::From(v8::Isolate* isolate) {
  return static_cast<ModuleLoader*>(isolate->GetData(1));
}

void ModuleLoader::SetNatives(v8::Local<v8::Object> natives) { natives_.Reset(isolate_, natives); }

void ModuleLoader::ThrowError(const std::string& message) {
  isolate_->ThrowException(v8::Exception::Error(NewString(isolate_, message)));
}

const ModuleLoader::Record* ModuleLoader::FindRecord(v8::Local<v8::Module> module) const {
  auto range = by_hash_.equal_range(module->GetIdentityHash());
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second->module.Get(isolate_) == module) return it->second;
  }
  return nullptr;
}

Result<std::string> ModuleLoader::Resolve(const std::string& referrer,
                                          const std::string& specifier) {
  const bool from_builtin = StartsWith(referrer, kBuiltinPrefix);
  if (specifier == "edgerun:native" || StartsWith(specifier, "edgerun:internal/")) {
    if (!from_builtin) {
      return Error{"Cannot import \"" + specifier +
                   "\": internal modules are not available to workers"};
    }
    if (specifier == "edgerun:native") return std::string(kNativeKey);
    return std::string(kBuiltinPrefix) + specifier.substr(std::strlen("edgerun:"));
  }
  if (from_builtin && (StartsWith(specifier, "./") || StartsWith(specifier, "../"))) {
    return std::string(kBuiltinPrefix) +
           JoinBuiltin(referrer.substr(std::strlen(kBuiltinPrefix)), specifier);
  }
  if (specifier == "cloudflare:workers")
    return std::string(kBuiltinPrefix) + "cloudflare_workers.js";
  if (specifier == "node:async_hooks" || (options_.nodejs_compat && specifier == "async_hooks")) {
    if (!options_.node_async_hooks) {
      return Error{
          "No such module \"node:async_hooks\": add \"nodejs_compat\" (or \"nodejs_als\") to "
          "compatibility_flags to use it"};
    }
    return std::string(kBuiltinPrefix) + "node/async_hooks.js";
  }
  if (StartsWith(specifier, "node:")) {
    return Error{"No such module \"" + specifier + "\"" +
                 (options_.nodejs_compat
                      ? " (this node: module is not provided yet)"
                      : ": node: modules need \"nodejs_compat\" in compatibility_flags")};
  }
  if (from_builtin) return Error{"builtin module cannot import \"" + specifier + "\""};

  const std::string referrer_dir = fs::path(referrer).parent_path().string();
  std::string target;
  if (StartsWith(specifier, "./") || StartsWith(specifier, "../") || StartsWith(specifier, "/")) {
    fs::path p = StartsWith(specifier, "/") ? fs::path(options_.root_dir) / specifier.substr(1)
                                            : fs::path(referrer_dir) / specifier;
    target = p.lexically_normal().string();
    std::error_code ec;
    // Extension-less relative imports are how bundlers write them; try what esbuild would.
    if (!fs::is_regular_file(target, ec)) {
      for (const char* ext : {".js", ".mjs", ".cjs", ".json", "/index.js", "/index.mjs"}) {
        if (fs::is_regular_file(target + ext, ec)) {
          target += ext;
          break;
        }
      }
    }
    if (!fs::exists(target, ec)) {
      return Error{"Could not resolve \"" + specifier + "\" imported from " + referrer +
                   ": no such file " + target};
    }
    fs::path canonical = fs::weakly_canonical(target, ec);
    if (!IsInside(options_.root_dir, canonical.string())) {
      return Error{"Could not resolve \"" + specifier + "\" imported from " + referrer +
                   ": it is outside the worker's folder " + options_.root_dir};
    }
    return canonical.string();
  }
  // A bare specifier: a package in node_modules.
  Result<std::string> resolved = ResolvePackage(specifier, referrer_dir, options_.root_dir);
  if (!resolved.ok()) {
    return Error{"Could not resolve \"" + specifier + "\" imported from " + referrer + ": " +
                 resolved.error().message};
  }
  return resolved.value();
}

v8::MaybeLocal<v8::Module> ModuleLoader::CompileSource(v8::Local<v8::Context> context,
                                                       const std::string& key,
                                                       const std::string& name,
                                                       const std::string& source) {
  return CompileString(key, name, NewString(isolate_, source), {});
}

v8::MaybeLocal<v8::Module> ModuleLoader::CompileString(const std::string& key,
                                                       const std::string& name,
                                                       v8::Local<v8::String> source,
                                                       std::string_view code_cache) {
  v8::ScriptOrigin origin(isolate_, NewString(isolate_, name), 0, 0, false, -1,
                          v8::Local<v8::Value>(), false, false, true);
  CacheUse use = CacheUse::kNone;
  v8::Local<v8::Module> module;
  if (!CompileModule(isolate_, source, origin, code_cache, &use).ToLocal(&module)) return {};
  if (use == CacheUse::kAccepted) ++code_cache_used_;
  if (use == CacheUse::kRejected) ++code_cache_rejected_;
  auto record = std::make_unique<Record>();
  record->key = key;
  record->name = name;
  record->is_builtin = StartsWith(key, kBuiltinPrefix);
  record->module.Reset(isolate_, module);
  by_hash_.emplace(module->GetIdentityHash(), record.get());
  records_[key] = std::move(record);
  return module;
}

v8::MaybeLocal<v8::Module> ModuleLoader::CompileSynthetic(v8::Local<v8::Context> context,
                                                          const std::string& key,
                                                          v8::Local<v8::Value> default_export) {
  std::vector<v8::Local<v8::String>> names = {NewString(isolate_, "default")};
  v8::Local<v8::Module> module = v8::Module::CreateSyntheticModule(
      isolate_, NewString(isolate_, key), names, &ModuleLoader::SyntheticEvaluate);
  auto record = std::make_unique<Record>();
  record->key = key;
  record->name = key;
  record->module.Reset(isolate_, module);
  record->synthetic_default.Reset(isolate_, default_export);
  by_hash_.emplace(module->GetIdentityHash(), record.get());
  records_[key] = std::move(record);
  return module;
}

v8::MaybeLocal<v8::Value> ModuleLoader::SyntheticEvaluate(v8::Local<v8::Context> context,
                                                          v8::Local<v8::Module> module) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader* self = From(isolate);
  const Record* record = self->FindRecord(module);
  if (record == nullptr) return {};
  if (module
          ->SetSyntheticModuleExport(isolate, NewString(isolate, "default"),
                                     record->synthetic_default.Get(isolate))
          .IsNothing()) {
    return {};
  }
  // Synthetic modules evaluate to a resolved promise under top-level await semantics.
  auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  std::ignore = resolver->Resolve(context, v8::Undefined(isolate));
  return resolver->GetPromise();
}

v8::MaybeLocal<v8::Module> ModuleLoader::CompileFile(v8::Local<v8::Context> context,
                                                     const std::string& path) {
  std::string bytes;
  if (!ReadFile(path, &bytes)) {
    ThrowError("Cannot read module " + path);
    return {};
  }
  if (EndsWith(path, ".js") || EndsWith(path, ".mjs")) {
    return CompileSource(context, path, path, bytes);
  }
  if (EndsWith(path, ".cjs")) {
    // CommonJS: run the file now with require/module/exports; the module's default export is
    // module.exports (what esbuild gives an ES import of a CommonJS file).
    v8::Local<v8::Value> exports;
    if (!RequireFile(context, path).ToLocal(&exports)) return {};
    return CompileSynthetic(context, path, exports);
  }
  v8::Local<v8::Value> value;
  if (EndsWith(path, ".json")) {
    v8::TryCatch try_catch(isolate_);
    if (!v8::JSON::Parse(context, NewString(isolate_, bytes)).ToLocal(&value)) {
      std::string reason =
          try_catch.HasCaught() ? ToStdString(isolate_, try_catch.Exception()) : "";
      try_catch.Reset();
      ThrowError("Invalid JSON module " + path + ": " + reason);
      return {};
    }
  } else if (EndsWith(path, ".txt") || EndsWith(path, ".html") || EndsWith(path, ".htm") ||
             EndsWith(path, ".sql")) {
    value = NewString(isolate_, bytes);
  } else if (EndsWith(path, ".bin")) {
    value = bindings::NewArrayBuffer(isolate_, bytes);
  } else if (EndsWith(path, ".wasm")) {
    v8::Local<v8::WasmModuleObject> wasm;
    if (!v8::WasmModuleObject::Compile(
             isolate_, v8::MemorySpan<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                     bytes.size()))
             .ToLocal(&wasm)) {
      return {};
    }
    value = wasm;
  } else {
    ThrowError(
        "Cannot import " + path +
        ": unknown module type (expected .js, .mjs, .cjs, .json, .txt, .html, .bin or .wasm)");
    return {};
  }
  return CompileSynthetic(context, path, value);
}

// ---- CommonJS -------------------------------------------------------------------------------

namespace {
void RequireCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ModuleLoader* self = ModuleLoader::From(isolate);
  if (info.Length() < 1 || !info[0]->IsString()) {
    isolate->ThrowException(
        v8::Exception::TypeError(NewString(isolate, "require() expects a string")));
    return;
  }
  v8::Local<v8::Value> result;
  if (self->Require(isolate->GetCurrentContext(), ToStdString(isolate, info.Data()),
                    ToStdString(isolate, info[0]))
          .ToLocal(&result)) {
    info.GetReturnValue().Set(result);
  }
}
}  // namespace

v8::MaybeLocal<v8::Value> ModuleLoader::Require(v8::Local<v8::Context> context,
                                                const std::string& from_file,
                                                const std::string& specifier) {
  Result<std::string> key = Resolve(from_file, specifier);
  if (!key.ok()) {
    ThrowError(key.error().message);
    return {};
  }
  if (StartsWith(key.value(), kBuiltinPrefix)) {
    // A builtin (cloudflare:workers, node:async_hooks): its namespace, loaded as an ES module.
    v8::Local<v8::Module> module;
    if (!Get(context, key.value()).ToLocal(&module) ||
        module->InstantiateModule(context, &ModuleLoader::ResolveCallback).IsNothing() ||
        module->Evaluate(context).IsEmpty()) {
      return {};
    }
    return module->GetModuleNamespace();
  }
  return RequireFile(context, key.value());
}

v8::MaybeLocal<v8::Value> ModuleLoader::RequireFile(v8::Local<v8::Context> context,
                                                    const std::string& path) {
  auto cached = cjs_exports_.find(path);
  if (cached != cjs_exports_.end()) {
    // module.exports as it is now: a require cycle sees the partial exports, as in Node.
    v8::Local<v8::Object> module = cached->second.Get(isolate_);
    return module->Get(context, NewString(isolate_, "exports"));
  }
  std::string bytes;
  if (!ReadFile(path, &bytes)) {
    ThrowError("Cannot read module " + path);
    return {};
  }
  if (EndsWith(path, ".json")) return v8::JSON::Parse(context, NewString(isolate_, bytes));
  if (!EndsWith(path, ".js") && !EndsWith(path, ".cjs")) {
    ThrowError("require(\"" + path + "\"): only .js, .cjs and .json files can be required");
    return {};
  }
  v8::Local<v8::Object> module = v8::Object::New(isolate_);
  v8::Local<v8::Object> exports = v8::Object::New(isolate_);
  std::ignore = module->Set(context, NewString(isolate_, "exports"), exports);
  cjs_exports_[path].Reset(isolate_, module);
  v8::Local<v8::Function> require =
      v8::Function::New(context, &RequireCallback, NewString(isolate_, path)).ToLocalChecked();
  v8::Local<v8::String> params[] = {
      NewString(isolate_, "exports"), NewString(isolate_, "require"), NewString(isolate_, "module"),
      NewString(isolate_, "__filename"), NewString(isolate_, "__dirname")};
  v8::ScriptOrigin origin(isolate_, NewString(isolate_, path));
  v8::ScriptCompiler::Source source(NewString(isolate_, bytes), origin);
  v8::Local<v8::Function> fn;
  if (!v8::ScriptCompiler::CompileFunction(context, &source, 5, params, 0, nullptr).ToLocal(&fn)) {
    cjs_exports_.erase(path);
    return {};
  }
  v8::Local<v8::Value> args[] = {exports, require, module, NewString(isolate_, path),
                                 NewString(isolate_, fs::path(path).parent_path().string())};
  if (fn->Call(context, exports, 5, args).IsEmpty()) {
    cjs_exports_.erase(path);
    return {};
  }
  return module->Get(context, NewString(isolate_, "exports"));
}

v8::MaybeLocal<v8::Module> ModuleLoader::Get(v8::Local<v8::Context> context,
                                             const std::string& key) {
  auto it = records_.find(key);
  if (it != records_.end()) return it->second->module.Get(isolate_);
  if (key == kNativeKey) return CompileSynthetic(context, key, natives_.Get(isolate_));
  if (StartsWith(key, kBuiltinPrefix)) {
    const std::string path = key.substr(std::strlen(kBuiltinPrefix));
    const EmbeddedJsFile* file = FindEmbedded(path);
    if (file == nullptr) {
      ThrowError("missing builtin module " + path);
      return {};
    }
    return CompileString(key, "edgerun:" + path, BuiltinSource(isolate_, *file),
                         BuiltinCodeCache(path));
  }
  return CompileFile(context, key);
}

v8::MaybeLocal<v8::Module> ModuleLoader::ResolveCallback(v8::Local<v8::Context> context,
                                                         v8::Local<v8::String> specifier,
                                                         v8::Local<v8::FixedArray> assertions,
                                                         v8::Local<v8::Module> referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader* self = From(isolate);
  const Record* from = self->FindRecord(referrer);
  if (from == nullptr) {
    self->ThrowError("import from an unknown module");
    return {};
  }
  Result<std::string> key = self->Resolve(from->key, ToStdString(isolate, specifier));
  if (!key.ok()) {
    self->ThrowError(key.error().message);
    return {};
  }
  return self->Get(context, key.value());
}

namespace {

// Waits for a module's evaluation promise: microtasks first, then `pump` (one turn of the event
// loop) while it is pending and pump says there is more to run.
Result<v8::Local<v8::Value>> Evaluate(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                      v8::Local<v8::Module> module,
                                      const std::function<bool()>& pump, v8::TryCatch& try_catch) {
  v8::Local<v8::Value> result;
  if (!module->Evaluate(context).ToLocal(&result)) {
    return ErrorFromException(isolate, context, try_catch.Exception(), try_catch.Message());
  }
  auto promise = result.As<v8::Promise>();
  isolate->PerformMicrotaskCheckpoint();
  while (promise->State() == v8::Promise::kPending && pump) {
    const bool more = pump();
    isolate->PerformMicrotaskCheckpoint();
    if (!more) break;
  }
  if (promise->State() == v8::Promise::kRejected) {
    v8::Local<v8::Value> exception = promise->Result();
    return ErrorFromException(isolate, context, exception,
                              v8::Exception::CreateMessage(isolate, exception));
  }
  if (promise->State() == v8::Promise::kPending) {
    return Error{"top-level await never settled (it waits on something that will not happen)"};
  }
  return result;
}

}  // namespace

Result<v8::Global<v8::Module>> ModuleLoader::RunBuiltin(v8::Local<v8::Context> context,
                                                        const std::string& path) {
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::Module> module;
  if (!Get(context, std::string(kBuiltinPrefix) + path).ToLocal(&module) ||
      module->InstantiateModule(context, &ModuleLoader::ResolveCallback).IsNothing()) {
    return ErrorFromException(isolate_, context, try_catch.Exception(), try_catch.Message());
  }
  Result<v8::Local<v8::Value>> done = Evaluate(isolate_, context, module, {}, try_catch);
  if (!done.ok()) return done.error();
  if (StartupTraceEnabled()) {
    const std::string phase = "builtin " + path +
                              " evaluated (code cache: " + std::to_string(code_cache_used_) +
                              " used, " + std::to_string(code_cache_rejected_) + " refused by V8)";
    TraceStartup(phase.c_str());
  }
  return v8::Global<v8::Module>(isolate_, module);
}

v8::MaybeLocal<v8::Module> ModuleLoader::CompileBuiltin(v8::Local<v8::Context> context,
                                                        const std::string& path) {
  return Get(context, std::string(kBuiltinPrefix) + path);
}

Result<v8::Global<v8::Module>> ModuleLoader::RunMain(v8::Local<v8::Context> context,
                                                     const std::string& path,
                                                     const std::function<bool()>& pump) {
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::Module> module;
  if (!Get(context, path).ToLocal(&module)) {
    return ErrorFromException(isolate_, context, try_catch.Exception(), try_catch.Message());
  }
  if (module->InstantiateModule(context, &ModuleLoader::ResolveCallback).IsNothing()) {
    return ErrorFromException(isolate_, context, try_catch.Exception(), try_catch.Message());
  }
  Result<v8::Local<v8::Value>> done = Evaluate(isolate_, context, module, pump, try_catch);
  if (!done.ok()) return done.error();
  TraceStartup("main module evaluated");
  return v8::Global<v8::Module>(isolate_, module);
}

v8::MaybeLocal<v8::Promise> ModuleLoader::ImportDynamically(
    v8::Local<v8::Context> context, v8::Local<v8::Data> host_defined_options,
    v8::Local<v8::Value> resource_name, v8::Local<v8::String> specifier,
    v8::Local<v8::FixedArray> assertions) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader* self = From(isolate);
  auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  std::string referrer = ToStdString(isolate, resource_name);
  if (StartsWith(referrer, "edgerun:")) referrer = kBuiltinPrefix + referrer.substr(8);
  Result<std::string> key = self->Resolve(referrer, ToStdString(isolate, specifier));
  if (!key.ok()) {
    std::ignore =
        resolver->Reject(context, v8::Exception::Error(NewString(isolate, key.error().message)));
    return resolver->GetPromise();
  }
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Module> module;
  v8::Local<v8::Value> evaluation;
  if (!self->Get(context, key.value()).ToLocal(&module) ||
      module->InstantiateModule(context, &ModuleLoader::ResolveCallback).IsNothing() ||
      !module->Evaluate(context).ToLocal(&evaluation)) {
    std::ignore = resolver->Reject(context, try_catch.Exception());
    return resolver->GetPromise();
  }
  // Resolve with the namespace once evaluation (possibly top-level await) has finished.
  v8::Local<v8::Value> data[2] = {resolver, module->GetModuleNamespace()};
  v8::Local<v8::Array> pair = v8::Array::New(isolate, data, 2);
  auto on_done = v8::Function::New(
                     context,
                     [](const v8::FunctionCallbackInfo<v8::Value>& info) {
                       auto ctx = info.GetIsolate()->GetCurrentContext();
                       auto pair = info.Data().As<v8::Array>();
                       auto r = pair->Get(ctx, 0).ToLocalChecked().As<v8::Promise::Resolver>();
                       std::ignore = r->Resolve(ctx, pair->Get(ctx, 1).ToLocalChecked());
                     },
                     pair)
                     .ToLocalChecked();
  auto on_error = v8::Function::New(
                      context,
                      [](const v8::FunctionCallbackInfo<v8::Value>& info) {
                        auto ctx = info.GetIsolate()->GetCurrentContext();
                        auto r = info.Data()
                                     .As<v8::Array>()
                                     ->Get(ctx, 0)
                                     .ToLocalChecked()
                                     .As<v8::Promise::Resolver>();
                        std::ignore = r->Reject(ctx, info[0]);
                      },
                      pair)
                      .ToLocalChecked();
  std::ignore = evaluation.As<v8::Promise>()->Then(context, on_done, on_error);
  return resolver->GetPromise();
}

Error ErrorFromException(v8::Isolate* isolate, v8::Local<v8::Context> context,
                         v8::Local<v8::Value> exception, v8::Local<v8::Message> message) {
  Error error;
  if (exception.IsEmpty()) {
    error.message = "unknown error while loading the worker";
    return error;
  }
  error.message = ToStdString(isolate, exception);
  if (!message.IsEmpty()) {
    error.file = ToStdString(isolate, message->GetScriptResourceName());
    error.line = message->GetLineNumber(context).FromMaybe(0);
    error.column = message->GetStartColumn(context).FromMaybe(-1) + 1;
    if (StartsWith(error.file, "edgerun:") || error.file == "undefined") {
      error.file.clear();
      error.line = error.column = 0;
    }
  }
  return error;
}

}  // namespace edgerun::engine
