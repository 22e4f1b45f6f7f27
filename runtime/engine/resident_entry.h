// Keeps an isolate entered on its loop thread from its first task until the loop is about to
// wait for I/O, so the tasks of one loop iteration (under load, dozens of requests) share one
// Isolate::Enter/Exit instead of paying one each: V8 looks up its per-thread data and resets its
// thread-locals on every outermost entry (~570 instructions a task, 3 % of a hello request).
//
// V8 keeps entries as a stack (Exit restores the isolate entered before), so the resident entry
// is only made when no isolate is current on the thread; a task of another isolate meanwhile
// (dev reload keeps the old and the new isolate on one thread) enters and leaves above it as
// before. The entry is left in a uv_prepare callback, which the loop runs just before it blocks
// (no scope is open then), and when the owner goes away (before the isolate is disposed).
#pragma once

#include <uv.h>
#include <v8.h>

namespace edgerun::engine {

class ResidentEntry {
 public:
  ResidentEntry(uv_loop_t* loop, v8::Isolate* isolate);
  ~ResidentEntry();
  ResidentEntry(const ResidentEntry&) = delete;
  ResidentEntry& operator=(const ResidentEntry&) = delete;

  // Makes the isolate current for a task. True when the caller must call isolate->Exit() after
  // the task (the entry sits above another isolate's and cannot stay).
  bool EnterForTask();

 private:
  void Leave();
  static void OnPrepare(uv_prepare_t* prepare);

  v8::Isolate* isolate_;
  uv_prepare_t* prepare_;  // owned; freed in its close callback
  bool resident_ = false;
};

}  // namespace edgerun::engine
