// The V8 platform of edgerun: foreground tasks of an isolate run on the libuv loop of the thread
// that owns it; background tasks go to V8's default worker pool.
//
// What it is for: letting V8 (GC finalisation, Atomics.waitAsync, wasm tier-up callbacks ...)
// post work to "the isolate's thread" when that thread is busy in uv_run, not in V8.
// Ownership: one Platform per process (engine::InitializeV8). Each isolate registers a
// LoopTaskRunner (owned by the isolate holder) before use and unregisters it before disposal.
#pragma once

#include <uv.h>
#include <v8-platform.h>

#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace edgerun::engine {

// Runs tasks posted from any thread on one libuv loop. Created on the loop's thread.
class LoopTaskRunner : public v8::TaskRunner, public std::enable_shared_from_this<LoopTaskRunner> {
 public:
  explicit LoopTaskRunner(uv_loop_t* loop);
  ~LoopTaskRunner() override;

  void PostTask(std::unique_ptr<v8::Task> task) override;
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override;
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delay_in_seconds) override;
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delay_in_seconds) override;
  void PostIdleTask(std::unique_ptr<v8::IdleTask> task) override;
  bool IdleTasksEnabled() override { return false; }
  bool NonNestableTasksEnabled() const override { return true; }
  bool NonNestableDelayedTasksEnabled() const override { return true; }

  // Closes the loop handles; tasks still queued are dropped. Call on the loop thread before the
  // loop is closed.
  void Shutdown();

  // Runs queued tasks now (used after each macrotask boundary when V8 is idle).
  void RunPending();

  struct Delayed;  // a delayed task's timer (platform.cc)

 private:
  static void OnAsync(uv_async_t* handle);

  uv_loop_t* loop_;
  uv_async_t* async_;  // owned; freed in its close callback
  std::mutex mutex_;
  std::deque<std::unique_ptr<v8::Task>> queue_;
  std::deque<std::pair<std::unique_ptr<v8::Task>, double>> delayed_incoming_;
  bool shut_down_ = false;
  std::unordered_set<Delayed*> delayed_;  // pending delayed tasks (loop thread only); owned
};

class Platform : public v8::Platform {
 public:
  Platform();
  ~Platform() override;

  void RegisterIsolate(v8::Isolate* isolate, std::shared_ptr<LoopTaskRunner> runner);
  void UnregisterIsolate(v8::Isolate* isolate);

  int NumberOfWorkerThreads() override;
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate) override;
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override;
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay_in_seconds) override;
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority,
                                         std::unique_ptr<v8::JobTask> job_task) override;
  double MonotonicallyIncreasingTime() override;
  double CurrentClockTimeMillis() override;
  v8::TracingController* GetTracingController() override;
  v8::PageAllocator* GetPageAllocator() override;

 private:
  std::unique_ptr<v8::Platform> default_;  // background pool, tracing, page allocator
  std::mutex mutex_;
  std::unordered_map<v8::Isolate*, std::shared_ptr<LoopTaskRunner>> runners_;
};

// Initialises V8 once per process (flags, ICU, platform). Thread-safe; later calls are no-ops.
Platform& InitializeV8();

}  // namespace edgerun::engine
