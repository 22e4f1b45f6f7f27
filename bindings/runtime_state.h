// What a native binding may ask of the isolate it runs in: the event loop, the context, the
// in-flight requests, the assets. One RuntimeState per isolate, implemented by
// engine::WorkerIsolate and reached through RuntimeState::From(isolate) (isolate data slot 0).
//
// Why an interface: bindings/ sits below runtime/engine in the layering, so the natives see the
// engine only through this page.
#pragma once

#include <uv.h>
#include <v8.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/base/log.h"
#include "runtime/http/exchange.h"

namespace edgerun::assets {
class AssetServer;
}

namespace edgerun::bindings {

struct TimerTable;  // bindings/timers.cc

// One request being handled by JS: the native half of its RequestContext (DESIGN.md). Owned by
// the RuntimeState; JS refers to it by id, and any continuation finds it through the request id
// in its async context frame (RuntimeState::CurrentRequestId).
struct InflightRequest {
  uint32_t id = 0;  // unique in the process while it lives; also its id in the logs
  std::shared_ptr<http::Exchange> exchange;
  bool responded = false;
  bool streaming = false;  // a streamed response was started (respondStart) and not ended
  // Loop time (uv_now, ms: cached by the loop, no clock read) when the request reached the worker
  // and when its response was handed to HTTP (0: not yet). The timeouts are checked against them.
  uint64_t start_ms = 0;
  uint64_t responded_ms = 0;
  // Time the isolate's thread spent running this request's tasks (the handler, its timers, its
  // I/O callbacks, and the microtasks after each): what a CPU limit will be measured against.
  uint64_t cpu_ns = 0;
  uint32_t subrequests = 0;  // env.ASSETS.fetch() and (later) fetch() calls made by the request

  // How the request's log lines name it.
  log::RequestTag Tag() const {
    const http::RequestHead& head = exchange->head();
    return log::RequestTag{id, head.method, head.target};
  }

  void MarkResponded(uv_loop_t* loop) {
    responded = true;
    responded_ms = uv_now(loop);
  }
  // Called when the handler failed after ctx.passThroughOnException(): send the request on to
  // the origin. Set by dispatch; may be empty (then 500).
  std::function<void(std::shared_ptr<http::Exchange>)> pass_through;
};

enum class ErrorPageMode { kDev, kServe };

class RuntimeState {
 public:
  virtual ~RuntimeState() = default;

  static RuntimeState* From(v8::Isolate* isolate) {
    return static_cast<RuntimeState*>(isolate->GetData(0));
  }

  virtual v8::Isolate* isolate() = 0;
  virtual uv_loop_t* loop() = 0;
  virtual v8::Local<v8::Context> context() = 0;

  // Runs `fn` as a macrotask: handle scope, context scope, uncaught exceptions reported, then a
  // microtask checkpoint. The time it takes is charged to `request_id` (0: to nobody) when that
  // request is still in flight.
  virtual void RunMacrotask(const std::function<void()>& fn, uint32_t request_id = 0) = 0;

  // The id of the request whose code is running (from the async context frame), 0 for none.
  virtual uint32_t CurrentRequestId() = 0;
  // js/internal/async_context.js hands over the key under which a frame Map holds the request id.
  virtual void SetRequestKey(v8::Local<v8::Value> key) = 0;
  // Brings `request->cpu_ns` up to now when the running macrotask is charged to it, and writes
  // the request's id, CPU time and subrequests into its exchange's access-log annotations. Call
  // right before the response completes.
  virtual void AnnotateExchange(InflightRequest* request) = 0;

  // Reports an exception that nobody caught (timer callbacks, listeners).
  virtual void ReportException(v8::Local<v8::Value> exception, const char* where) = 0;

  virtual InflightRequest* FindRequest(uint32_t id) = 0;
  // The request's context is over: forget it.
  virtual void FinishRequest(uint32_t id) = 0;

  // Counts a subrequest (env.ASSETS.fetch(), and later fetch()) for the request whose code made
  // it; its access-log line reports the count, and a subrequest limit will check it.
  void CountSubrequest() {
    if (InflightRequest* request = FindRequest(CurrentRequestId())) ++request->subrequests;
  }

  virtual ErrorPageMode error_page_mode() const = 0;
  virtual const assets::AssetServer* asset_server() const = 0;

  // Per-isolate state of bindings/timers.cc; freed by CloseAllTimers().
  TimerTable* timers = nullptr;
  // js/internal/url.js's Int32Array(8) for the current request URL's components (UrlOffsets
  // order), written by the engine when the URL is canonical, so `new URL(request.url)` reads
  // them with no call into C++. `request_url_offsets_data` points into its backing store.
  v8::Global<v8::Int32Array> request_url_offsets;
  int32_t* request_url_offsets_data = nullptr;
};

// Installs every native function into the internal binding object template.
void InstallNatives(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> natives);

}  // namespace edgerun::bindings
