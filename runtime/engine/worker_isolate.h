// One worker's V8 isolate on one event-loop thread: the context with the Web APIs installed, the
// loaded main module, `env`, and the requests it is serving right now.
//
// What it is for: turning an http::Exchange into a call of the worker's fetch handler and its
// Response back into bytes. What it is not for: routing (runtime/dispatch decides whether the
// worker runs at all) or owning sockets.
//
// Ownership and threads: created and used on one loop thread only. It owns the isolate, the
// context, the module loader and every in-flight request (by id). Destroy it on the same thread,
// while the loop is still alive (its timers and task runner close their handles).
#pragma once

#include <uv.h>
#include <v8.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "bindings/runtime_state.h"
#include "runtime/base/result.h"
#include "runtime/config/config.h"
#include "runtime/engine/resident_entry.h"
#include "runtime/http/exchange.h"

namespace edgerun::engine {

class LoopTaskRunner;
class ModuleLoader;

struct WorkerOptions {
  const config::WorkerConfig* config = nullptr;  // borrowed; must outlive the isolate
  bindings::ErrorPageMode error_page_mode = bindings::ErrorPageMode::kDev;
  std::shared_ptr<const assets::AssetServer> assets;  // may be null
  size_t heap_limit_mb = 128;
};

class WorkerIsolate final : public bindings::RuntimeState {
 public:
  // Creates the isolate and runs the worker's main module. Load errors (syntax, missing import,
  // top-level throw) come back with the file:line:column they name.
  static Result<std::unique_ptr<WorkerIsolate>> Create(uv_loop_t* loop,
                                                       const WorkerOptions& options);
  ~WorkerIsolate() override;

  WorkerIsolate(const WorkerIsolate&) = delete;
  WorkerIsolate& operator=(const WorkerIsolate&) = delete;

  // Runs the fetch handler for this exchange. `pass_through` is the origin to use when the
  // handler fails after ctx.passThroughOnException() (may be empty).
  void HandleRequest(std::shared_ptr<http::Exchange> exchange,
                     std::function<void(std::shared_ptr<http::Exchange>)> pass_through);

  // `edgerun test`: runs every test export of the main module (objects with a test() method),
  // driving the loop until each settles or `timeout_ms` passes.
  struct TestResult {
    std::string name;
    bool passed = false;
    std::string message;  // the failure, with its stack
  };
  std::vector<TestResult> RunTestExports(uint64_t timeout_ms);

  // Requests whose context is not over yet (response pending or waitUntil work running).
  size_t inflight() const { return requests_.size(); }
  // Why the worker has no usable fetch handler ("" when it has one); printed at start-up.
  const std::string& handler_problem() const { return handler_problem_; }

  // RuntimeState
  v8::Isolate* isolate() override { return isolate_; }
  uv_loop_t* loop() override { return loop_; }
  v8::Local<v8::Context> context() override { return context_.Get(isolate_); }
  void RunMacrotask(const std::function<void()>& fn, uint32_t request_id = 0) override;
  uint32_t CurrentRequestId() override;
  void SetRequestKey(v8::Local<v8::Value> key) override { request_key_.Reset(isolate_, key); }
  void AnnotateExchange(bindings::InflightRequest* request) override;
  void ReportException(v8::Local<v8::Value> exception, const char* where) override;
  bindings::InflightRequest* FindRequest(uint32_t id) override;
  void FinishRequest(uint32_t id) override;
  bindings::ErrorPageMode error_page_mode() const override { return options_.error_page_mode; }
  const assets::AssetServer* asset_server() const override { return options_.assets.get(); }

 private:
  WorkerIsolate(uv_loop_t* loop, const WorkerOptions& options);
  Status Initialize();
  // RunMacrotask's body, once the isolate is current.
  void RunEnteredMacrotask(const std::function<void()>& fn, uint32_t request_id);
  v8::Local<v8::Object> BuildEnv(v8::Local<v8::Context> context);
  void ReportUnhandledRejections();
  // Enforces the request timeout (no response) and the waitUntil limit (after the response).
  void SweepRequests();
  static void OnPromiseReject(v8::PromiseRejectMessage message);

  uv_loop_t* loop_;
  WorkerOptions options_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  std::shared_ptr<LoopTaskRunner> task_runner_;
  v8::Isolate* isolate_ = nullptr;
  std::unique_ptr<ResidentEntry> resident_;  // reset before the isolate is disposed
  v8::Global<v8::Context> context_;
  std::unique_ptr<ModuleLoader> loader_;
  v8::Global<v8::Function> dispatch_;  // js/internal/dispatch.js dispatch()
  v8::Global<v8::Module> bootstrap_;
  v8::Global<v8::Module> main_;
  std::string handler_problem_;
  int depth_ = 0;
  uv_timer_t* sweep_timer_ = nullptr;  // owned; freed in its close callback  // nesting of
                                       // RunMacrotask / calls into JS; microtasks run at depth 0

  // The outermost macrotask running now and the request it is charged to (0: none).
  uint32_t task_request_ = 0;
  uint64_t task_start_ns_ = 0;
  // Charges the running macrotask's time so far to its request (ChargeTo when the caller holds
  // that request already).
  void ChargeRunningTask();
  void ChargeTo(bindings::InflightRequest* request);
  v8::Global<v8::Value> request_key_;  // async_context.js kRequestKey

  std::unordered_map<uint32_t, std::unique_ptr<bindings::InflightRequest>> requests_;

  struct Rejection {
    v8::Global<v8::Promise> promise;
    v8::Global<v8::Value> reason;
    // Whose code rejected it, copied: the request may be over by the time this is reported.
    uint32_t request_id = 0;
    std::string method;
    std::string path;
  };
  std::vector<Rejection> rejections_;

  // Strings made once per isolate for the hot path.
  v8::Global<v8::String> method_get_;
};

}  // namespace edgerun::engine
