// Native half of setTimeout/setInterval (js/internal/timers.js): one uv_timer_t per timer on
// the isolate's loop. The async context current at scheduling time (continuation data) is
// restored around the callback, so AsyncLocalStorage and the request context follow timers.
#include "bindings/timers.h"

#include <tuple>
#include <unordered_map>

#include "bindings/binding.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"

namespace edgerun::bindings {

struct Timer {
  uv_timer_t handle;
  uint32_t id = 0;
  bool repeat = false;
  RuntimeState* state = nullptr;
  v8::Global<v8::Function> callback;
  v8::Global<v8::Value> continuation;
  uint32_t request_id = 0;  // the request that set it: its callbacks' time is charged there
};

struct TimerTable {
  uint32_t next_id = 1;
  std::unordered_map<uint32_t, Timer*> timers;
};

namespace {

TimerTable& Table(RuntimeState* state) {
  if (state->timers == nullptr) state->timers = new TimerTable();
  return *state->timers;
}

void CloseTimer(Timer* timer) {
  uv_timer_stop(&timer->handle);
  timer->callback.Reset();
  timer->continuation.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&timer->handle),
           [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
}

void OnTimer(uv_timer_t* handle) {
  auto* timer = static_cast<Timer*>(handle->data);
  RuntimeState* state = timer->state;
  const uint32_t id = timer->id;
  if (!timer->repeat) Table(state).timers.erase(id);
  state->RunMacrotask(
      [&] {
        v8::Isolate* isolate = state->isolate();
        v8::Local<v8::Context> context = state->context();
        v8::Local<v8::Function> fn = timer->callback.Get(isolate);
        context->SetContinuationPreservedEmbedderData(timer->continuation.Get(isolate));
        v8::TryCatch try_catch(isolate);
        std::ignore = fn->Call(context, v8::Undefined(isolate), 0, nullptr);
        if (try_catch.HasCaught() && !try_catch.HasTerminated()) {
          state->ReportException(try_catch.Exception(), "timer callback");
        }
        context->SetContinuationPreservedEmbedderData(v8::Undefined(isolate));
      },
      timer->request_id);
  if (!timer->repeat) CloseTimer(timer);
}

// Returns the timer's id (a positive integer, as setTimeout returns in Workers).
uint32_t TimerStart(CallInfo& call, v8::Local<v8::Function> callback, double delay_ms,
                    bool repeat) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  TimerTable& table = Table(state);
  auto* timer = new Timer();
  timer->id = table.next_id++;
  timer->repeat = repeat;
  timer->state = state;
  timer->callback.Reset(call.isolate, callback);
  timer->continuation.Reset(call.isolate, call.context->GetContinuationPreservedEmbedderData());
  timer->request_id = state->CurrentRequestId();
  uv_timer_init(state->loop(), &timer->handle);
  timer->handle.data = timer;
  // HTML timers clamp negative and NaN delays to 0; setInterval(fn, 0) must still yield.
  uint64_t ms = delay_ms > 0 && delay_ms <= 2147483647.0 ? static_cast<uint64_t>(delay_ms) : 0;
  if (delay_ms > 2147483647.0) ms = 1;  // HTML: overflow becomes 1 ms (TIMEOUT_MAX rule)
  uv_timer_start(&timer->handle, &OnTimer, ms, repeat ? (ms == 0 ? 1 : ms) : 0);
  table.timers.emplace(timer->id, timer);
  return timer->id;
}

void TimerClear(CallInfo& call, double id) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  TimerTable& table = Table(state);
  auto it = table.timers.find(static_cast<uint32_t>(id));
  if (it == table.timers.end()) return;
  Timer* timer = it->second;
  table.timers.erase(it);
  CloseTimer(timer);
}

}  // namespace

void CloseAllTimers(RuntimeState* state) {
  if (state->timers == nullptr) return;
  for (auto& [id, timer] : state->timers->timers) CloseTimer(timer);
  delete state->timers;
  state->timers = nullptr;
}

void InstallTimers(NativeObjectBuilder& natives) {
  natives.Function<&TimerStart>("timerStart").Function<&TimerClear>("timerClear");
}

}  // namespace edgerun::bindings
