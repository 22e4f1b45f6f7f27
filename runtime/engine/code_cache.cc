#include "runtime/engine/code_cache.h"

#include <cstdlib>
#include <cstring>
#include <memory>

#include "runtime/engine/embedded_js.h"
#include "runtime/engine/startup_trace.h"

namespace edgerun::engine {
namespace {

bool CacheUsable() {
  static const bool usable = [] {
    const char* env = std::getenv("EDGERUN_CODE_CACHE");
    const char* why = nullptr;
    if (env != nullptr && std::strcmp(env, "0") == 0) {
      why = "code cache: off (EDGERUN_CODE_CACHE=0)";
    } else if (GetEmbeddedCodeCache().count == 0) {
      why = "code cache: none embedded";
    } else if (std::strcmp(GetEmbeddedCodeCache().js_digest, EmbeddedJsDigest()) != 0) {
      why = "code cache: made from other js/ sources, not used";
    }
    TraceStartup(why != nullptr ? why : "code cache: embedded, matches js/");
    return why == nullptr;
  }();
  return usable;
}

}  // namespace

std::string_view BuiltinCodeCache(std::string_view path) {
  if (!CacheUsable()) return {};
  const EmbeddedCodeCache cache = GetEmbeddedCodeCache();
  for (size_t i = 0; i < cache.count; ++i) {
    if (cache.entries[i].path == path) return cache.entries[i].data;
  }
  return {};
}

v8::MaybeLocal<v8::Module> CompileModule(v8::Isolate* isolate, v8::Local<v8::String> source,
                                         const v8::ScriptOrigin& origin, std::string_view cache,
                                         CacheUse* use) {
  *use = CacheUse::kNone;
  if (cache.empty()) {
    v8::ScriptCompiler::Source src(source, origin);
    return v8::ScriptCompiler::CompileModule(isolate, &src);
  }
  // The Source owns the CachedData object; the bytes stay ours (static, embedded).
  v8::ScriptCompiler::Source src(
      source, origin,
      new v8::ScriptCompiler::CachedData(reinterpret_cast<const uint8_t*>(cache.data()),
                                         static_cast<int>(cache.size()),
                                         v8::ScriptCompiler::CachedData::BufferNotOwned));
  v8::MaybeLocal<v8::Module> module =
      v8::ScriptCompiler::CompileModule(isolate, &src, v8::ScriptCompiler::kConsumeCodeCache);
  *use = src.GetCachedData()->rejected ? CacheUse::kRejected : CacheUse::kAccepted;
  return module;
}

std::string CreateModuleCodeCache(v8::Local<v8::Module> module) {
  std::unique_ptr<v8::ScriptCompiler::CachedData> data(
      v8::ScriptCompiler::CreateCodeCache(module->GetUnboundModuleScript()));
  if (!data) return {};
  return std::string(reinterpret_cast<const char*>(data->data), static_cast<size_t>(data->length));
}

}  // namespace edgerun::engine
