#include "runtime/engine/code_cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/engine/embedded_js.h"
#include "runtime/engine/platform.h"

namespace edgerun::engine {
namespace {

class CodeCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitializeV8();
    allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = allocator_.get();
    isolate_ = v8::Isolate::New(params);
  }
  void TearDown() override { isolate_->Dispose(); }

  // Compiles `source` as a module named `name` with `cache`; returns what V8 did with the cache.
  CacheUse Compile(const std::string& name, std::string_view source, std::string_view cache,
                   v8::Local<v8::Module>* module) {
    v8::ScriptOrigin origin(isolate_, String(name), 0, 0, false, -1, v8::Local<v8::Value>(), false,
                            false, true);
    CacheUse use = CacheUse::kNone;
    EXPECT_TRUE(CompileModule(isolate_, String(source), origin, cache, &use).ToLocal(module));
    return use;
  }
  v8::Local<v8::String> String(std::string_view s) {
    return v8::String::NewFromUtf8(isolate_, s.data(), v8::NewStringType::kNormal,
                                   static_cast<int>(s.size()))
        .ToLocalChecked();
  }
  // Links and runs a module without imports; returns its export `name` as a number.
  double RunAndGet(v8::Local<v8::Context> context, v8::Local<v8::Module> module, const char* name) {
    auto no_imports = [](v8::Local<v8::Context>, v8::Local<v8::String>, v8::Local<v8::FixedArray>,
                         v8::Local<v8::Module>) -> v8::MaybeLocal<v8::Module> { return {}; };
    EXPECT_TRUE(module->InstantiateModule(context, no_imports).FromMaybe(false));
    EXPECT_FALSE(module->Evaluate(context).IsEmpty());
    auto ns = module->GetModuleNamespace().As<v8::Object>();
    return ns->Get(context, String(name)).ToLocalChecked()->NumberValue(context).FromJust();
  }

  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  v8::Isolate* isolate_ = nullptr;
};

TEST_F(CodeCacheTest, EveryBuiltinHasAnEmbeddedCacheThatV8Accepts) {
  const char* off = std::getenv("EDGERUN_CODE_CACHE");
  if (off != nullptr && std::string_view(off) == "0") GTEST_SKIP() << "EDGERUN_CODE_CACHE=0";
  if (GetEmbeddedCodeCache().count == 0) GTEST_SKIP() << "built with -DEDGERUN_CODE_CACHE=OFF";
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Context::Scope context_scope(v8::Context::New(isolate_));
  for (const EmbeddedJsFile& file : EmbeddedJsFiles()) {
    SCOPED_TRACE(std::string(file.path));
    std::string_view cache = BuiltinCodeCache(file.path);
    ASSERT_FALSE(cache.empty());
    v8::Local<v8::Module> module;
    EXPECT_EQ(Compile("edgerun:" + std::string(file.path), file.source, cache, &module),
              CacheUse::kAccepted);
  }
}

TEST_F(CodeCacheTest, ModuleCompiledFromItsCacheRunsLikeTheSource) {
  const std::string source = "function twice(x) { return 2 * x; }\nexport const v = twice(21);\n";
  std::string cache;
  {
    v8::Isolate::Scope isolate_scope(isolate_);
    v8::HandleScope handle_scope(isolate_);
    v8::Local<v8::Context> context = v8::Context::New(isolate_);
    v8::Context::Scope context_scope(context);
    v8::Local<v8::Module> module;
    Compile("a.js", source, {}, &module);
    EXPECT_EQ(RunAndGet(context, module, "v"), 42);
    cache = CreateModuleCodeCache(module);
    ASSERT_FALSE(cache.empty());
  }
  // A fresh isolate, as in another process: nothing of the first compile is left to reuse.
  TearDown();
  SetUp();
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  v8::Context::Scope context_scope(context);
  v8::Local<v8::Module> module;
  EXPECT_EQ(Compile("a.js", source, cache, &module), CacheUse::kAccepted);
  EXPECT_EQ(RunAndGet(context, module, "v"), 42);
}

TEST_F(CodeCacheTest, CacheOfOtherSourceIsRefusedAndTheSourceIsCompiled) {
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  v8::Context::Scope context_scope(context);
  v8::Local<v8::Module> old_module;
  Compile("old.js", "export const v = 1;", {}, &old_module);
  const std::string stale = CreateModuleCodeCache(old_module);

  v8::Local<v8::Module> module;
  EXPECT_EQ(Compile("new.js", "export const v = 1234;", stale, &module), CacheUse::kRejected);
  EXPECT_EQ(RunAndGet(context, module, "v"), 1234);
}

TEST_F(CodeCacheTest, GarbageCacheIsRefusedAndTheSourceIsCompiled) {
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  v8::Context::Scope context_scope(context);
  const std::string garbage(256, '\x5a');
  v8::Local<v8::Module> module;
  EXPECT_EQ(Compile("g.js", "export const v = 7;", garbage, &module), CacheUse::kRejected);
  EXPECT_EQ(RunAndGet(context, module, "v"), 7);
}

}  // namespace
}  // namespace edgerun::engine
