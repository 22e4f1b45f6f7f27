#include "runtime/engine/worker_isolate.h"

#include <atomic>
#include <filesystem>
#include <tuple>

#include "bindings/binding.h"
#include "bindings/error_page.h"
#include "bindings/timers.h"
#include "bindings/url.h"
#include "runtime/base/log.h"
#include "runtime/base/url_canonical.h"
#include "runtime/engine/module_loader.h"
#include "runtime/engine/platform.h"

namespace edgerun::engine {

using bindings::NewString;
using bindings::ToStdString;

namespace {

// Request ids are unique in the process (not only per isolate), so log lines of different
// threads never share one. They stay below 2^30 so JS keeps them as small integers.
uint32_t NextRequestId() {
  static std::atomic<uint32_t> next{1};
  uint32_t id = next.fetch_add(1, std::memory_order_relaxed) & ((1u << 30) - 1);
  return id == 0 ? NextRequestId() : id;
}

v8::Local<v8::Value> GetExport(v8::Isolate* isolate, v8::Local<v8::Context> context,
                               v8::Local<v8::Module> module, const char* name) {
  auto ns = module->GetModuleNamespace().As<v8::Object>();
  return ns->Get(context, NewString(isolate, name)).ToLocalChecked();
}

std::string RootDirFor(const config::WorkerConfig& config) {
  std::error_code ec;
  std::string main_dir =
      config.main ? std::filesystem::path(*config.main).parent_path().string() : config.base_dir;
  std::string base = config.base_dir.empty() ? main_dir : config.base_dir;
  // A Pages `_worker.js/` folder is its own root; otherwise the project folder, or the main
  // module's folder when main lives outside it.
  if (config.pages) base = main_dir;
  std::string canonical = std::filesystem::weakly_canonical(base, ec).string();
  std::string main_canonical = std::filesystem::weakly_canonical(main_dir, ec).string();
  if (main_canonical.rfind(canonical, 0) != 0) return main_canonical;
  return canonical;
}

}  // namespace

WorkerIsolate::WorkerIsolate(uv_loop_t* loop, const WorkerOptions& options)
    : loop_(loop), options_(options) {}

Result<std::unique_ptr<WorkerIsolate>> WorkerIsolate::Create(uv_loop_t* loop,
                                                             const WorkerOptions& options) {
  std::unique_ptr<WorkerIsolate> worker(new WorkerIsolate(loop, options));
  Status status = worker->Initialize();
  if (!status.ok()) return status.error();
  return worker;
}

Status WorkerIsolate::Initialize() {
  Platform& platform = InitializeV8();
  const config::WorkerConfig& config = *options_.config;

  allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = allocator_.get();
  params.constraints.ConfigureDefaultsFromHeapSize(0, options_.heap_limit_mb << 20);
  task_runner_ = std::make_shared<LoopTaskRunner>(loop_);
  isolate_ = v8::Isolate::Allocate();
  platform.RegisterIsolate(isolate_, task_runner_);
  v8::Isolate::Initialize(isolate_, params);
  resident_ = std::make_unique<ResidentEntry>(loop_, isolate_);
  isolate_->SetData(0, static_cast<bindings::RuntimeState*>(this));
  isolate_->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  isolate_->SetPromiseRejectCallback(&WorkerIsolate::OnPromiseReject);
  isolate_->SetCaptureStackTraceForUncaughtExceptions(true, 20);

  // V8 finds "the current isolate" through a thread-local that Isolate::Scope sets (used by
  // v8::Exception::*, among others), so every entry into this isolate opens one.
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  // Workers forbid eval() and new Function(): they throw EvalError.
  context->AllowCodeGenerationFromStrings(false);
  context->SetErrorMessageForCodeGenerationFromStrings(
      NewString(isolate_, "Code generation from strings disallowed for this context"));
  context_.Reset(isolate_, context);
  v8::Context::Scope context_scope(context);

  auto natives_template = v8::ObjectTemplate::New(isolate_);
  bindings::InstallNatives(isolate_, natives_template);
  v8::Local<v8::Object> natives = natives_template->NewInstance(context).ToLocalChecked();

  ModuleLoaderOptions loader_options;
  loader_options.root_dir = RootDirFor(config);
  loader_options.nodejs_compat =
      config.HasFlag("nodejs_compat") || config.HasFlag("nodejs_compat_v2");
  loader_options.node_async_hooks = loader_options.nodejs_compat || config.HasFlag("nodejs_als");
  loader_ = std::make_unique<ModuleLoader>(isolate_, loader_options);
  loader_->SetNatives(natives);

  Result<v8::Global<v8::Module>> bootstrap = loader_->RunBuiltin(context, "internal/bootstrap.js");
  if (!bootstrap.ok()) {
    return Error{"internal error while loading the runtime's builtins: " +
                 bootstrap.error().ToString()};
  }
  v8::Local<v8::Module> bootstrap_module = bootstrap->Get(isolate_);
  bootstrap_.Reset(isolate_, bootstrap_module);
  dispatch_.Reset(isolate_,
                  GetExport(isolate_, context, bootstrap_module, "dispatch").As<v8::Function>());
  auto set_env = GetExport(isolate_, context, bootstrap_module, "setEnv").As<v8::Function>();
  auto configure = GetExport(isolate_, context, bootstrap_module, "configure").As<v8::Function>();
  method_get_.Reset(isolate_, bindings::NewOneByteInternalized(isolate_, "GET"));

  v8::Local<v8::Object> env = BuildEnv(context);
  if (config.assets && (config.assets->binding || config.pages)) {
    // Pages always binds ASSETS; a Workers project only under the name `assets.binding` gives.
    auto make =
        GetExport(isolate_, context, bootstrap_module, "makeAssetsBinding").As<v8::Function>();
    v8::Local<v8::Value> fetcher;
    if (!make->Call(context, v8::Undefined(isolate_), 0, nullptr).ToLocal(&fetcher)) {
      return Error{"internal error while creating the assets binding"};
    }
    const std::string name = config.assets->binding.value_or("ASSETS");
    std::ignore = env->Set(context, NewString(isolate_, name), fetcher);
  }
  v8::Local<v8::Value> env_value = env;
  std::ignore = set_env->Call(context, v8::Undefined(isolate_), 1, &env_value);

  sweep_timer_ = new uv_timer_t;
  uv_timer_init(loop_, sweep_timer_);
  sweep_timer_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(sweep_timer_));  // housekeeping never keeps a loop alive
  uv_timer_start(
      sweep_timer_, [](uv_timer_t* t) { static_cast<WorkerIsolate*>(t->data)->SweepRequests(); },
      250, 250);

  if (!config.main) {
    handler_problem_ = "no main module";
    return Ok{};
  }
  ++depth_;  // microtasks of top-level code run inside RunMain's own checkpoints
  Result<v8::Global<v8::Module>> main =
      loader_->RunMain(context, *config.main, [this] { return uv_run(loop_, UV_RUN_ONCE) != 0; });
  --depth_;
  if (!main.ok()) return main.error();
  main_.Reset(isolate_, main->Get(isolate_));
  v8::Local<v8::Value> ns = main->Get(isolate_)->GetModuleNamespace();
  v8::Local<v8::Value> problem;
  if (!configure->Call(context, v8::Undefined(isolate_), 1, &ns).ToLocal(&problem)) {
    return Error{"internal error while configuring the worker's entry point"};
  }
  handler_problem_ = ToStdString(isolate_, problem);
  ReportUnhandledRejections();
  return Ok{};
}

v8::Local<v8::Object> WorkerIsolate::BuildEnv(v8::Local<v8::Context> context) {
  v8::Local<v8::Object> env = v8::Object::New(isolate_);
  for (const auto& [name, var] : options_.config->vars) {
    v8::Local<v8::Value> value;
    if (var.is_string) {
      value = NewString(isolate_, var.text);
    } else if (!v8::JSON::Parse(context, NewString(isolate_, var.text)).ToLocal(&value)) {
      value = NewString(isolate_, var.text);
    }
    std::ignore = env->Set(context, NewString(isolate_, name), value);
  }
  return env;
}

WorkerIsolate::~WorkerIsolate() {
  if (sweep_timer_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(sweep_timer_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
  }
  if (isolate_ == nullptr) return;
  resident_.reset();
  {
    v8::Isolate::Scope isolate_scope(isolate_);
    v8::HandleScope handle_scope(isolate_);
    requests_.clear();
    bindings::CloseAllTimers(this);
    rejections_.clear();
    dispatch_.Reset();
    bootstrap_.Reset();
    main_.Reset();
    method_get_.Reset();
    request_key_.Reset();
    request_url_offsets.Reset();
    request_url_offsets_data = nullptr;
    loader_.reset();
    context_.Reset();
  }
  isolate_->Dispose();
  InitializeV8().UnregisterIsolate(isolate_);
  task_runner_->Shutdown();
}

void WorkerIsolate::RunMacrotask(const std::function<void()>& fn, uint32_t request_id) {
  // Stays entered after the task when it can (resident_entry.h): no Isolate::Scope here.
  const bool exit_after = resident_->EnterForTask();
  RunEnteredMacrotask(fn, request_id);
  if (exit_after) isolate_->Exit();
}

void WorkerIsolate::RunEnteredMacrotask(const std::function<void()>& fn, uint32_t request_id) {
  v8::HandleScope handle_scope(isolate_);
  v8::Context::Scope context_scope(context());
  const bool outermost = depth_ == 0;
  if (outermost) {
    task_request_ = request_id;
    task_start_ns_ = request_id != 0 ? uv_hrtime() : 0;
  }
  ++depth_;
  fn();
  --depth_;
  if (depth_ == 0) {
    isolate_->PerformMicrotaskCheckpoint();
    ReportUnhandledRejections();
  }
  if (outermost) {
    ChargeRunningTask();
    task_request_ = 0;
  }
}

void WorkerIsolate::ChargeRunningTask() {
  if (task_request_ == 0) return;
  // A request that ended inside the task was charged when it answered: no clock read then.
  if (bindings::InflightRequest* request = FindRequest(task_request_)) ChargeTo(request);
}

void WorkerIsolate::ChargeTo(bindings::InflightRequest* request) {
  const uint64_t now = uv_hrtime();
  request->cpu_ns += now - task_start_ns_;
  task_start_ns_ = now;
}

void WorkerIsolate::AnnotateExchange(bindings::InflightRequest* request) {
  if (task_request_ == request->id) ChargeTo(request);
  request->exchange->Annotate({request->id, request->cpu_ns, request->subrequests});
}

uint32_t WorkerIsolate::CurrentRequestId() {
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> ctx = context();
  v8::Local<v8::Value> frame = ctx->GetContinuationPreservedEmbedderData();
  if (frame->IsUint32()) return frame.As<v8::Uint32>()->Value();
  if (frame->IsMap() && !request_key_.IsEmpty()) {
    v8::Local<v8::Value> id;
    if (frame.As<v8::Map>()->Get(ctx, request_key_.Get(isolate_)).ToLocal(&id) && id->IsUint32()) {
      return id.As<v8::Uint32>()->Value();
    }
  }
  return 0;
}

void WorkerIsolate::HandleRequest(
    std::shared_ptr<http::Exchange> exchange,
    std::function<void(std::shared_ptr<http::Exchange>)> pass_through) {
  const uint32_t id = NextRequestId();
  auto request = std::make_unique<bindings::InflightRequest>();
  request->id = id;
  request->exchange = exchange;
  request->start_ms = uv_now(loop_);
  request->pass_through = std::move(pass_through);
  requests_.emplace(id, std::move(request));

  const http::RequestHead& head = exchange->head();
  RunMacrotask(
      [&] {
        v8::Local<v8::Context> ctx = context();
        // Reused from one request to the next: no allocation for the URL.
        thread_local std::string url;
        std::string_view target = head.target;
        if (!target.empty() && target[0] == '/') {
          std::string_view host = head.Host();
          url.assign("http://")
              .append(host.empty() ? std::string_view("localhost") : host)
              .append(target);
        } else {
          url.assign(target);
        }
        // Whether the URL is already canonical (url_canonical.h): `new URL(request.url)` in JS
        // then takes it as it is, with no call back into C++. The scan (~400 instructions) is
        // paid by every request, parsed or not: less than the parse nearly every worker does.
        url::UrlOffsets canonical_offsets;
        const bool canonical = url::ScanCanonicalHttpUrl(url, &canonical_offsets);
        if (canonical) bindings::WriteRequestUrlOffsets(this, canonical_offsets);
        v8::Local<v8::Value> args[5] = {
            v8::Integer::NewFromUnsigned(isolate_, id),
            head.method == "GET" ? method_get_.Get(isolate_).As<v8::Value>()
                                 : NewString(isolate_, head.method).As<v8::Value>(),
            NewString(isolate_, url),
            v8::Boolean::New(isolate_, head.has_body),
            v8::Boolean::New(isolate_, canonical),
        };
        v8::TryCatch try_catch(isolate_);
        // The request's async context frame is its bare id (js/internal/async_context.js):
        // set here rather than by two native calls from dispatch().
        ctx->SetContinuationPreservedEmbedderData(args[0]);
        const bool threw =
            dispatch_.Get(isolate_)->Call(ctx, v8::Undefined(isolate_), 5, args).IsEmpty();
        ctx->SetContinuationPreservedEmbedderData(v8::Undefined(isolate_));
        if (threw) {
          if (try_catch.HasCaught()) ReportException(try_catch.Exception(), "request dispatch");
          if (!exchange->responded()) exchange->Respond(500, {}, "");
          FinishRequest(id);
        }
      },
      id);
}

std::vector<WorkerIsolate::TestResult> WorkerIsolate::RunTestExports(uint64_t timeout_ms) {
  std::vector<TestResult> results;
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Context> ctx = context();
  v8::Context::Scope context_scope(ctx);
  if (main_.IsEmpty()) return results;
  v8::Local<v8::Module> bootstrap = bootstrap_.Get(isolate_);
  auto list = GetExport(isolate_, ctx, bootstrap, "listTests").As<v8::Function>();
  auto run = GetExport(isolate_, ctx, bootstrap, "runTest").As<v8::Function>();
  v8::Local<v8::Value> ns = main_.Get(isolate_)->GetModuleNamespace();
  v8::Local<v8::Value> names_value;
  if (!list->Call(ctx, v8::Undefined(isolate_), 1, &ns).ToLocal(&names_value)) return results;
  auto names = names_value.As<v8::Array>();
  for (uint32_t i = 0; i < names->Length(); ++i) {
    v8::Local<v8::Value> name = names->Get(ctx, i).ToLocalChecked();
    TestResult result;
    result.name = ToStdString(isolate_, name);
    v8::Local<v8::Value> args[2] = {ns, name};
    v8::Local<v8::Value> promise_value;
    {
      v8::TryCatch try_catch(isolate_);
      if (!run->Call(ctx, v8::Undefined(isolate_), 2, args).ToLocal(&promise_value)) {
        result.message = "internal error starting the test";
        results.push_back(std::move(result));
        continue;
      }
    }
    auto promise = promise_value.As<v8::Promise>();
    const uint64_t deadline = uv_now(loop_) + timeout_ms;
    isolate_->PerformMicrotaskCheckpoint();
    ReportUnhandledRejections();
    while (promise->State() == v8::Promise::kPending && uv_now(loop_) < deadline) {
      // One turn of the loop, bounded so a test waiting on nothing still times out.
      uv_timer_t tick;
      uv_timer_init(loop_, &tick);
      uv_timer_start(
          &tick, [](uv_timer_t*) {}, 50, 0);
      uv_run(loop_, UV_RUN_ONCE);
      uv_close(reinterpret_cast<uv_handle_t*>(&tick), nullptr);
      uv_run(loop_, UV_RUN_NOWAIT);
      isolate_->PerformMicrotaskCheckpoint();
      ReportUnhandledRejections();
    }
    if (promise->State() == v8::Promise::kFulfilled) {
      result.passed = true;
    } else if (promise->State() == v8::Promise::kRejected) {
      result.message = bindings::DescribeException(isolate_, ctx, promise->Result()).stack;
    } else {
      result.message = "timed out after " + std::to_string(timeout_ms) + " ms";
    }
    results.push_back(std::move(result));
  }
  return results;
}

void WorkerIsolate::SweepRequests() {
  const uint64_t now = uv_now(loop_);
  const config::HttpLimits& limits = options_.config->limits;
  std::vector<uint32_t> expired;
  for (auto& [id, request] : requests_) {
    if (!request->responded) {
      if (request->exchange->aborted()) {
        // The client is gone; nobody will read an answer. Keep the context for waitUntil.
        request->MarkResponded(loop_);
      } else if (now - request->start_ms > limits.request_timeout_ms) {
        const log::RequestTag tag = request->Tag();
        log::Write(log::Level::kError,
                   "The worker did not respond within " +
                       std::to_string(limits.request_timeout_ms) + " ms; answered 504.",
                   &tag);
        request->MarkResponded(loop_);
        if (!request->exchange->responded()) {
          AnnotateExchange(request.get());
          request->exchange->Respond(504, {{"content-type", "text/plain; charset=utf-8"}},
                                     "Gateway Timeout: the worker did not respond in time\n");
        }
      }
    } else if (now - request->responded_ms > limits.wait_until_limit_ms) {
      const log::RequestTag tag = request->Tag();
      log::Write(log::Level::kWarn,
                 "waitUntil() work was cancelled: still pending " +
                     std::to_string(limits.wait_until_limit_ms) + " ms after the response.",
                 &tag);
      expired.push_back(id);
    }
  }
  for (uint32_t id : expired) FinishRequest(id);
}

bindings::InflightRequest* WorkerIsolate::FindRequest(uint32_t id) {
  auto it = requests_.find(id);
  return it == requests_.end() ? nullptr : it->second.get();
}

void WorkerIsolate::FinishRequest(uint32_t id) { requests_.erase(id); }

void WorkerIsolate::ReportException(v8::Local<v8::Value> exception, const char* where) {
  bindings::ErrorReport report = bindings::DescribeException(isolate_, context(), exception);
  bindings::InflightRequest* request = FindRequest(CurrentRequestId());
  const log::RequestTag tag = request != nullptr ? request->Tag() : log::RequestTag{};
  log::Write(log::Level::kError, "Uncaught " + report.stack + " (in " + where + ")",
             request != nullptr ? &tag : nullptr);
}

void WorkerIsolate::OnPromiseReject(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  auto* self = static_cast<WorkerIsolate*>(bindings::RuntimeState::From(isolate));
  if (message.GetEvent() == v8::kPromiseRejectWithNoHandler) {
    Rejection r;
    r.promise.Reset(isolate, promise);
    r.reason.Reset(isolate, message.GetValue());
    if (bindings::InflightRequest* request = self->FindRequest(self->CurrentRequestId())) {
      r.request_id = request->id;
      r.method = request->exchange->head().method;
      r.path = request->exchange->head().target;
    }
    self->rejections_.push_back(std::move(r));
  } else if (message.GetEvent() == v8::kPromiseHandlerAddedAfterReject) {
    auto& list = self->rejections_;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].promise.Get(isolate) == promise) {
        list.erase(list.begin() + static_cast<long>(i));
        break;
      }
    }
  }
}

void WorkerIsolate::ReportUnhandledRejections() {
  if (rejections_.empty()) return;
  std::vector<Rejection> list;
  list.swap(rejections_);
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  for (Rejection& r : list) {
    bindings::ErrorReport report =
        bindings::DescribeException(isolate_, context(), r.reason.Get(isolate_));
    const log::RequestTag tag{r.request_id, r.method, r.path};
    log::Write(log::Level::kError, "Uncaught (in promise) " + report.stack,
               r.request_id != 0 ? &tag : nullptr);
  }
}

}  // namespace edgerun::engine
