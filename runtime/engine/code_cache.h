// V8 code cache of the builtin modules: bytecode for every file of js/, made at build time by
// tools/mkcodecache and embedded next to the JS, so a new isolate deserialises the builtins'
// bytecode instead of parsing and compiling ~300 KB of JS (the largest part of start-up that is
// ours; docs/perf.md).
//
// Why a code cache and not a startup snapshot: V8 10.2 cannot rehash a snapshot that holds ES
// modules, so every process would keep the build's string hash seed (docs/perf.md, start-up).
//
// Nothing here can break start-up. V8 checks each cache against its own version, its flags and
// the source's length and refuses one that does not fit; the whole cache is also ignored unless
// it was made from exactly the embedded JS (a digest of js/ recorded by the generator). Refused
// or missing, a builtin is compiled from source as before. EDGERUN_CODE_CACHE=0 turns the cache
// off (for measuring), and EDGERUN_TRACE_STARTUP=1 reports what was used.
#pragma once

#include <v8.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace edgerun::engine {

struct CodeCacheEntry {
  std::string_view path;  // relative to js/, as in EmbeddedJsFiles()
  std::string_view data;  // what CreateModuleCodeCache returned
};

// What the build embedded. Defined by the file tools/mkcodecache generates, or by the empty
// stand-in that tools/mkcodecache itself links (and -DEDGERUN_CODE_CACHE=OFF builds).
struct EmbeddedCodeCache {
  const char* js_digest = "";  // EmbeddedJsDigest() of the sources the cache was made from
  const CodeCacheEntry* entries = nullptr;
  size_t count = 0;
};
EmbeddedCodeCache GetEmbeddedCodeCache();

// The cache for one builtin (path relative to js/); empty if there is none, if the cache was
// made from other sources, or with EDGERUN_CODE_CACHE=0.
std::string_view BuiltinCodeCache(std::string_view path);

// Compiles an ES module, consuming `cache` when it is not empty and V8 accepts it.
enum class CacheUse { kNone, kAccepted, kRejected };
v8::MaybeLocal<v8::Module> CompileModule(v8::Isolate* isolate, v8::Local<v8::String> source,
                                         const v8::ScriptOrigin& origin, std::string_view cache,
                                         CacheUse* use);

// The code cache of a compiled module: its top-level code and every function compiled so far,
// so a module that has run also covers the functions its evaluation called.
std::string CreateModuleCodeCache(v8::Local<v8::Module> module);

}  // namespace edgerun::engine
