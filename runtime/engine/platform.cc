#include "runtime/engine/platform.h"

#include <libplatform/libplatform.h>
#include <v8-initialization.h>
#include <v8-isolate.h>

#include <cstring>
#include <mutex>

#include "runtime/engine/startup_trace.h"

namespace edgerun::engine {

struct LoopTaskRunner::Delayed {
  uv_timer_t timer;
  std::unique_ptr<v8::Task> task;
  LoopTaskRunner* runner = nullptr;
};

namespace {
void DeleteDelayedOnClose(uv_handle_t* h);
}

namespace {
void DeleteDelayedOnClose(uv_handle_t* h) { delete static_cast<LoopTaskRunner::Delayed*>(h->data); }
}  // namespace

LoopTaskRunner::LoopTaskRunner(uv_loop_t* loop) : loop_(loop), async_(new uv_async_t) {
  uv_async_init(loop_, async_, &LoopTaskRunner::OnAsync);
  async_->data = this;
  // V8's own housekeeping must never keep a draining loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
}

LoopTaskRunner::~LoopTaskRunner() { Shutdown(); }

void LoopTaskRunner::Shutdown() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shut_down_) return;
  shut_down_ = true;
  queue_.clear();
  delayed_incoming_.clear();
  // Delayed tasks not yet due are dropped with the isolate (Shutdown runs on the loop thread).
  for (Delayed* d : delayed_) {
    uv_timer_stop(&d->timer);
    uv_close(reinterpret_cast<uv_handle_t*>(&d->timer), &DeleteDelayedOnClose);
  }
  delayed_.clear();
  async_->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(async_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
}

void LoopTaskRunner::PostTask(std::unique_ptr<v8::Task> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shut_down_) return;
  queue_.push_back(std::move(task));
  uv_async_send(async_);
}

void LoopTaskRunner::PostNonNestableTask(std::unique_ptr<v8::Task> task) {
  PostTask(std::move(task));  // tasks only ever run from the loop, never nested inside V8
}

void LoopTaskRunner::PostDelayedTask(std::unique_ptr<v8::Task> task, double delay_in_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shut_down_) return;
  // Timers may only be created on the loop thread: hand them over through the async handle.
  delayed_incoming_.emplace_back(std::move(task), delay_in_seconds);
  uv_async_send(async_);
}

void LoopTaskRunner::PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task,
                                                double delay_in_seconds) {
  PostDelayedTask(std::move(task), delay_in_seconds);
}

void LoopTaskRunner::PostIdleTask(std::unique_ptr<v8::IdleTask> task) {
  // IdleTasksEnabled() is false, so V8 never posts these.
}

void LoopTaskRunner::OnAsync(uv_async_t* handle) {
  auto* self = static_cast<LoopTaskRunner*>(handle->data);
  if (self != nullptr) self->RunPending();
}

void LoopTaskRunner::RunPending() {
  std::deque<std::unique_ptr<v8::Task>> tasks;
  std::deque<std::pair<std::unique_ptr<v8::Task>, double>> delayed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return;
    tasks.swap(queue_);
    delayed.swap(delayed_incoming_);
  }
  for (auto& [task, delay] : delayed) {
    auto* d = new Delayed{};
    d->task = std::move(task);
    d->runner = this;
    delayed_.insert(d);
    uv_timer_init(loop_, &d->timer);
    d->timer.data = d;
    uv_unref(reinterpret_cast<uv_handle_t*>(&d->timer));
    uv_timer_start(
        &d->timer,
        [](uv_timer_t* t) {
          auto* self = static_cast<Delayed*>(t->data);
          self->runner->delayed_.erase(self);
          self->task->Run();
          uv_close(reinterpret_cast<uv_handle_t*>(t), &DeleteDelayedOnClose);
        },
        static_cast<uint64_t>(delay * 1000), 0);
  }
  for (auto& task : tasks) task->Run();
}

Platform::Platform()
    : default_(v8::platform::NewDefaultPlatform(2, v8::platform::IdleTaskSupport::kDisabled,
                                                v8::platform::InProcessStackDumping::kDisabled,
                                                nullptr)) {}

Platform::~Platform() = default;

void Platform::RegisterIsolate(v8::Isolate* isolate, std::shared_ptr<LoopTaskRunner> runner) {
  std::lock_guard<std::mutex> lock(mutex_);
  runners_[isolate] = std::move(runner);
}

void Platform::UnregisterIsolate(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(mutex_);
  runners_.erase(isolate);
}

int Platform::NumberOfWorkerThreads() { return default_->NumberOfWorkerThreads(); }

std::shared_ptr<v8::TaskRunner> Platform::GetForegroundTaskRunner(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runners_.find(isolate);
  if (it != runners_.end()) return it->second;
  // An isolate that is not ours (never expected): fall back to the default platform's queue.
  return default_->GetForegroundTaskRunner(isolate);
}

void Platform::CallOnWorkerThread(std::unique_ptr<v8::Task> task) {
  default_->CallOnWorkerThread(std::move(task));
}

void Platform::CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) {
  default_->CallDelayedOnWorkerThread(std::move(task), delay);
}

std::unique_ptr<v8::JobHandle> Platform::PostJob(v8::TaskPriority priority,
                                                 std::unique_ptr<v8::JobTask> job_task) {
  return default_->PostJob(priority, std::move(job_task));
}

double Platform::MonotonicallyIncreasingTime() { return uv_hrtime() / 1e9; }

double Platform::CurrentClockTimeMillis() { return default_->CurrentClockTimeMillis(); }

v8::TracingController* Platform::GetTracingController() { return default_->GetTracingController(); }

v8::PageAllocator* Platform::GetPageAllocator() { return default_->GetPageAllocator(); }

Platform& InitializeV8() {
  static Platform* platform = [] {
    // Harmony features workerd ships by default in this V8 generation.
    const char flags[] = "--harmony-array-find-last";
    v8::V8::SetFlagsFromString(flags, std::strlen(flags));
    auto* p = new Platform();  // lives for the whole process: V8 may use it until exit
    v8::V8::InitializePlatform(p);
    v8::V8::Initialize();
    TraceStartup("V8 initialised");
    return p;
  }();
  return *platform;
}

}  // namespace edgerun::engine
