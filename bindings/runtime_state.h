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

#include "runtime/http/exchange.h"

namespace edgerun::assets {
class AssetServer;
}

namespace edgerun::bindings {

struct TimerTable;  // bindings/timers.cc

// One request being handled by JS. Owned by the RuntimeState; JS refers to it by id.
struct InflightRequest {
  uint32_t id = 0;
  std::shared_ptr<http::Exchange> exchange;
  bool responded = false;
  bool streaming = false;     // a streamed response was started (respondStart) and not ended
  uint64_t start_ns = 0;      // uv_hrtime() when the request reached the worker
  uint64_t responded_ns = 0;  // when the response was handed to HTTP (0: not yet)

  void MarkResponded() {
    responded = true;
    responded_ns = uv_hrtime();
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
  // microtask checkpoint.
  virtual void RunMacrotask(const std::function<void()>& fn) = 0;

  // Reports an exception that nobody caught (timer callbacks, listeners).
  virtual void ReportException(v8::Local<v8::Value> exception, const char* where) = 0;

  virtual InflightRequest* FindRequest(uint32_t id) = 0;
  // The request's context is over: forget it.
  virtual void FinishRequest(uint32_t id) = 0;

  virtual ErrorPageMode error_page_mode() const = 0;
  virtual const assets::AssetServer* asset_server() const = 0;

  // Per-isolate state of bindings/timers.cc; freed by CloseAllTimers().
  TimerTable* timers = nullptr;
};

// Installs every native function into the internal binding object template.
void InstallNatives(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> natives);

}  // namespace edgerun::bindings
