#include "runtime/host/dev_host.h"

#include <signal.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/assets/asset_server.h"
#include "runtime/base/log.h"
#include "runtime/dispatch/dispatcher.h"
#include "runtime/engine/worker_isolate.h"
#include "runtime/host/access_log.h"
#include "runtime/host/file_watcher.h"
#include "runtime/host/worker_reloader.h"
#include "runtime/http/http_client.h"
#include "runtime/http/server.h"

namespace edgerun::host {

namespace {

// Shared by all threads; written before the threads start, read-only after.
struct Shared {
  const HostOptions* options = nullptr;
  std::shared_ptr<const WorkerVersion> first;  // the version every thread starts with
  WorkerReloader* reloader = nullptr;          // null unless options.reload is set
  uv_async_t* thread_done = nullptr;           // on the main loop: a thread has finished
  std::atomic<size_t> finished{0};
  size_t started = 0;  // written by the main thread before any stop request
};

// What one thread serves one version of the worker with. Members are destroyed bottom-up: the
// dispatcher (it borrows the isolate and the config) first, then the isolate (it borrows the
// config), then the version.
struct Generation {
  std::shared_ptr<const WorkerVersion> version;
  std::unique_ptr<engine::WorkerIsolate> worker;  // null: assets only
  std::unique_ptr<dispatch::Dispatcher> dispatcher;
};

class LoopThread final : public ReloadTarget {
 public:
  LoopThread(Shared* shared, int index) : shared_(shared), index_(index) {}

  // Starts the thread; the future yields the bound port or the start-up error.
  std::future<Result<uint16_t>> Start(uint16_t port) {
    port_ = port;
    auto future = ready_.get_future();
    thread_ = std::thread([this] { Run(); });
    return future;
  }

  void RequestStop() { uv_async_send(&stop_async_); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

  // ReloadTarget: called on the main thread, carried out on this thread's loop.
  void PrepareVersion(std::shared_ptr<const WorkerVersion> version) override {
    Post(Message{Op::kPrepare, std::move(version)});
  }
  void CommitVersion() override { Post(Message{Op::kCommit, nullptr}); }
  void AbortVersion() override { Post(Message{Op::kAbort, nullptr}); }

 private:
  enum class Op { kPrepare, kCommit, kAbort };
  struct Message {
    Op op;
    std::shared_ptr<const WorkerVersion> version;  // kPrepare
  };

  void Run() {
    uv_loop_init(&loop_);
    uv_async_init(&loop_, &stop_async_, &LoopThread::OnStop);
    stop_async_.data = this;
    uv_async_init(&loop_, &reload_async_, &LoopThread::OnReloadMessages);
    reload_async_.data = this;
    uv_timer_init(&loop_, &retire_timer_);
    retire_timer_.data = this;
    Status started = StartServing();
    if (!started.ok()) {
      ready_.set_value(started.error());
      Shutdown();
    } else {
      ready_.set_value(server_->port());
    }
    // A new version's isolate is made between two runs of the loop, never inside one of its
    // callbacks: running its top-level code may drive the loop (top-level await), and uv_run is
    // not reentrant.
    for (;;) {
      uv_run(&loop_, UV_RUN_DEFAULT);
      if (to_prepare_ == nullptr) break;
      Prepare(std::move(to_prepare_));
    }
    // Handles closed during the last turn need one more run for their close callbacks.
    uv_run(&loop_, UV_RUN_NOWAIT);
    uv_loop_close(&loop_);
    shared_->finished.fetch_add(1);
    uv_async_send(shared_->thread_done);
  }

  Status StartServing() {
    const HostOptions& options = *shared_->options;
    Result<std::unique_ptr<Generation>> first = MakeGeneration(shared_->first);
    if (!first.ok()) return first.error();
    Install(std::move(first.value()));
    http::ServerOptions server_options;
    server_options.ip = options.ip;
    server_options.port = port_;
    server_options.limits = options.config.limits;
    if (options.access_log == AccessLogFormat::kPretty) {
      server_options.access_log = &WritePrettyAccessLine;
    } else if (options.access_log == AccessLogFormat::kJson) {
      server_options.access_log = &WriteJsonAccessLine;
    }
    // The current version's dispatcher, read once per request: a reload swaps the pointer.
    Result<std::unique_ptr<http::Server>> server = http::Server::Listen(
        &loop_, server_options,
        [this](std::shared_ptr<http::Exchange> ex) { dispatcher_->Handle(std::move(ex)); });
    if (!server.ok()) return server.error();
    server_ = std::move(server.value());
    return Ok{};
  }

  Result<std::unique_ptr<Generation>> MakeGeneration(std::shared_ptr<const WorkerVersion> version) {
    const HostOptions& options = *shared_->options;
    const config::WorkerConfig& config = *version->config;
    auto generation = std::make_unique<Generation>();
    if (config.main) {
      engine::WorkerOptions worker_options;
      worker_options.config = &config;
      worker_options.error_page_mode = options.error_page_mode;
      worker_options.assets = version->assets;
      Result<std::unique_ptr<engine::WorkerIsolate>> worker =
          engine::WorkerIsolate::Create(&loop_, worker_options);
      if (!worker.ok()) return worker.error();
      generation->worker = std::move(worker.value());
    }
    if (config.dev.upstream && upstream_client_ == nullptr) {
      upstream_client_ = http::HttpClient::Create(&loop_);
    }
    generation->dispatcher = std::make_unique<dispatch::Dispatcher>(
        config, version->assets, generation->worker.get(), upstream_client_.get());
    generation->version = std::move(version);
    return generation;
  }

  // Makes `generation` the one new requests go to; the previous one is retired.
  void Install(std::unique_ptr<Generation> generation) {
    std::unique_ptr<Generation> previous = std::move(current_);
    current_ = std::move(generation);
    dispatcher_ = current_->dispatcher.get();
    const engine::WorkerIsolate* worker = current_->worker.get();
    if (index_ == 0 && worker != nullptr && !worker->handler_problem().empty()) {
      log::Warn(worker->handler_problem() + " Requests will get a 500.");
    }
    if (previous != nullptr) {
      retired_.push_back(std::move(previous));
      SweepRetired();
    }
  }

  // Destroys the retired generations whose requests (and their waitUntil work) are all done;
  // polls while some are not (the isolate has no completion callback of its own). The isolate's
  // own sweep bounds how long that can take (request timeout, waitUntil limit).
  void SweepRetired() {
    retired_.erase(std::remove_if(retired_.begin(), retired_.end(),
                                  [](const std::unique_ptr<Generation>& g) {
                                    return g->worker == nullptr || g->worker->inflight() == 0;
                                  }),
                   retired_.end());
    const bool active = uv_is_active(reinterpret_cast<uv_handle_t*>(&retire_timer_)) != 0;
    if (retired_.empty() && active) {
      uv_timer_stop(&retire_timer_);
    } else if (!retired_.empty() && !active) {
      uv_timer_start(
          &retire_timer_, [](uv_timer_t* t) { static_cast<LoopThread*>(t->data)->SweepRetired(); },
          kRetirePollMs, kRetirePollMs);
    }
  }

  size_t Inflight() const {
    size_t n = 0;
    if (current_ != nullptr && current_->worker != nullptr) n += current_->worker->inflight();
    for (const auto& g : retired_) {
      if (g->worker != nullptr) n += g->worker->inflight();
    }
    return n;
  }

  // -- Reload messages (worker_reloader.h) ---------------------------------------------------

  void Post(Message message) {
    std::lock_guard<std::mutex> lock(mailbox_mu_);
    if (mailbox_closed_) {
      Unanswered(message);
      return;
    }
    mailbox_.push_back(std::move(message));
    uv_async_send(&reload_async_);
  }

  // A message this thread will never carry out (it has stopped) still gets its answer, so the
  // reloader never waits for it.
  void Unanswered(const Message& message) {
    if (message.op == Op::kPrepare) {
      shared_->reloader->Report(index_, WorkerReloader::Phase::kPrepared,
                                Error{"the server is stopping"});
    } else if (message.op == Op::kCommit) {
      shared_->reloader->Report(index_, WorkerReloader::Phase::kCommitted, Ok{});
    }
  }

  static void OnReloadMessages(uv_async_t* handle) {
    auto* self = static_cast<LoopThread*>(handle->data);
    std::vector<Message> messages;
    {
      std::lock_guard<std::mutex> lock(self->mailbox_mu_);
      messages.swap(self->mailbox_);
    }
    for (Message& message : messages) {
      switch (message.op) {
        case Op::kPrepare:
          // Made in Run(), once this turn of the loop is over.
          self->to_prepare_ = std::move(message.version);
          uv_stop(&self->loop_);
          break;
        case Op::kCommit:
          if (self->pending_ != nullptr && !self->shut_down_) {
            self->Install(std::move(self->pending_));
          }
          self->shared_->reloader->Report(self->index_, WorkerReloader::Phase::kCommitted, Ok{});
          break;
        case Op::kAbort:
          self->pending_.reset();
          break;
      }
    }
  }

  void Prepare(std::shared_ptr<const WorkerVersion> version) {
    Result<std::unique_ptr<Generation>> made =
        shut_down_ ? Result<std::unique_ptr<Generation>>(Error{"the server is stopping"})
                   : MakeGeneration(std::move(version));
    if (made.ok() && shut_down_) made = Error{"the server is stopping"};  // stopped meanwhile
    if (!made.ok()) {
      shared_->reloader->Report(index_, WorkerReloader::Phase::kPrepared, made.error());
      return;
    }
    pending_ = std::move(made.value());
    shared_->reloader->Report(index_, WorkerReloader::Phase::kPrepared, Ok{});
  }

  // -- Stopping --------------------------------------------------------------------------------

  static void OnStop(uv_async_t* handle) {
    auto* self = static_cast<LoopThread*>(handle->data);
    if (self->stopping_) return;
    self->stopping_ = true;
    if (self->server_ == nullptr) return;
    uv_timer_init(&self->loop_, &self->grace_timer_);
    self->grace_timer_.data = self;
    uv_timer_start(
        &self->grace_timer_, [](uv_timer_t* t) { static_cast<LoopThread*>(t->data)->Shutdown(); },
        self->shared_->options->config.limits.shutdown_grace_ms, 0);
    self->grace_started_ = true;
    self->server_->StopAccepting([self] { self->ShutdownWhenWorkerIdle(); });
  }

  // In-flight HTTP is done; waitUntil work may still run, on the current isolate or a retired
  // one. Wait for it (the grace timer bounds the wait), polling: the worker has no completion
  // callback of its own.
  void ShutdownWhenWorkerIdle() {
    if (Inflight() == 0) {
      Shutdown();
      return;
    }
    if (!idle_poll_started_) {
      idle_poll_started_ = true;
      uv_timer_init(&loop_, &idle_poll_);
      idle_poll_.data = this;
      uv_timer_start(
          &idle_poll_,
          [](uv_timer_t* t) { static_cast<LoopThread*>(t->data)->ShutdownWhenWorkerIdle(); }, 20,
          20);
    }
  }

  // Closes everything this thread owns; the loop then runs out of handles and returns.
  void Shutdown() {
    if (shut_down_) return;
    shut_down_ = true;
    if (server_ != nullptr) server_->Close();
    // Isolates close their timers and task runner handles.
    dispatcher_ = nullptr;
    pending_.reset();
    retired_.clear();
    current_.reset();
    if (upstream_client_ != nullptr) upstream_client_->Close();
    if (grace_started_) uv_close(reinterpret_cast<uv_handle_t*>(&grace_timer_), nullptr);
    if (idle_poll_started_) uv_close(reinterpret_cast<uv_handle_t*>(&idle_poll_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&retire_timer_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&stop_async_), nullptr);
    std::vector<Message> unread;
    {
      std::lock_guard<std::mutex> lock(mailbox_mu_);
      mailbox_closed_ = true;
      unread.swap(mailbox_);
    }
    for (const Message& message : unread) Unanswered(message);
    uv_close(reinterpret_cast<uv_handle_t*>(&reload_async_), nullptr);
  }

  static constexpr uint64_t kRetirePollMs = 50;

  Shared* shared_;
  int index_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::promise<Result<uint16_t>> ready_;
  uv_loop_t loop_;
  uv_async_t stop_async_;
  uv_timer_t grace_timer_;
  bool grace_started_ = false;
  uv_timer_t idle_poll_;
  bool idle_poll_started_ = false;
  bool stopping_ = false;
  bool shut_down_ = false;
  std::unique_ptr<http::HttpClient> upstream_client_;  // once a version has an upstream origin
  std::unique_ptr<http::Server> server_;

  // The version serving new requests, the one being prepared, and those still finishing
  // requests they started. `dispatcher_` is current_'s, for the request path.
  std::unique_ptr<Generation> current_;
  std::unique_ptr<Generation> pending_;
  std::vector<std::unique_ptr<Generation>> retired_;
  dispatch::Dispatcher* dispatcher_ = nullptr;
  uv_timer_t retire_timer_;  // polls retired_ while it is not empty

  uv_async_t reload_async_;
  std::mutex mailbox_mu_;
  std::vector<Message> mailbox_;                     // guarded by mailbox_mu_
  bool mailbox_closed_ = false;                      // guarded by mailbox_mu_
  std::shared_ptr<const WorkerVersion> to_prepare_;  // set by a kPrepare, made in Run()
};

struct MainLoop {
  uv_loop_t loop;
  uv_signal_t sigint, sigterm;
  uv_async_t thread_done;
  uv_async_t stop_request;  // the on_ready stop function
  std::vector<std::unique_ptr<LoopThread>>* threads = nullptr;
  WorkerReloader* reloader = nullptr;  // null without reload
  Shared* shared = nullptr;
  int signals = 0;

  void StopAll() {
    if (reloader != nullptr) reloader->Stop();
    for (auto& t : *threads) t->RequestStop();
  }
};

void OnSignal(uv_signal_t* handle, int signum) {
  auto* main = static_cast<MainLoop*>(handle->data);
  if (++main->signals > 1) {
    // A second signal: the user means it. Leave now, without waiting for anything.
    log::Warn("second signal: exiting now");
    _exit(128 + signum);
  }
  main->StopAll();
}

std::string DisplayAddress(const std::string& ip, uint16_t port) {
  if (ip.find(':') != std::string::npos) return "http://[" + ip + "]:" + std::to_string(port);
  return "http://" + ip + ":" + std::to_string(port);
}

// Rebuilds `server`'s index when files in its folder change.
std::unique_ptr<FileWatcher> WatchAssets(uv_loop_t* loop,
                                         const std::shared_ptr<assets::AssetServer>& server) {
  WatchSpec spec;
  spec.roots.push_back({server->index()->root(), true, {}});
  spec.ignore_editor_temp_files = false;  // every file there is served
  auto watcher = std::make_unique<FileWatcher>(
      loop, std::move(spec), [server](const std::vector<std::string>&) {
        std::vector<Error> warnings;
        Status rebuilt = server->Rebuild(&warnings);
        for (const Error& w : warnings) log::Warn(w.ToString());
        if (!rebuilt.ok()) {
          log::Error("assets not reloaded: " + rebuilt.error().ToString());
        } else {
          log::Info("Assets reloaded (" + std::to_string(server->index()->size()) + " files)");
        }
      });
  watcher->Start();
  return watcher;
}

}  // namespace

int RunHost(const HostOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  Shared shared;
  shared.options = &options;
  std::shared_ptr<assets::AssetServer> asset_server;  // the main thread rebuilds it on changes
  if (options.config.assets) {
    std::vector<Error> warnings;
    Result<std::unique_ptr<assets::AssetServer>> server =
        assets::AssetServer::Create(options.config, &warnings);
    for (const Error& w : warnings) log::Warn(w.ToString());
    if (!server.ok()) {
      log::Error(server.error().ToString());
      return 1;
    }
    asset_server = std::move(server.value());
  }
  shared.first = std::make_shared<const WorkerVersion>(
      WorkerVersion{std::make_shared<const config::WorkerConfig>(options.config), asset_server});

  MainLoop main;
  uv_loop_init(&main.loop);
  uv_async_init(&main.loop, &main.thread_done, [](uv_async_t* handle) {
    // uv_async coalesces wake-ups, so count finished threads rather than calls.
    auto* m = static_cast<MainLoop*>(handle->data);
    if (m->shared->finished.load() >= m->shared->started) uv_stop(&m->loop);
  });
  main.thread_done.data = &main;
  main.shared = &shared;
  shared.thread_done = &main.thread_done;

  std::unique_ptr<FileWatcher> assets_watcher;
  std::unique_ptr<WorkerReloader> reloader;
  if (options.reload) {
    // A reload that changes the [assets] settings brings its own asset server: watch that one.
    reloader = std::make_unique<WorkerReloader>(
        &main.loop, options, shared.first,
        [&assets_watcher, &options, &main](const std::shared_ptr<assets::AssetServer>& server) {
          if (assets_watcher != nullptr) assets_watcher->Close();
          assets_watcher.reset();
          if (server != nullptr && options.watch_assets) {
            assets_watcher = WatchAssets(&main.loop, server);
          }
        });
    shared.reloader = reloader.get();
  }

  std::vector<std::unique_ptr<LoopThread>> threads;
  main.threads = &threads;
  const int n = options.threads < 1 ? 1 : options.threads;
  uint16_t port = options.port;
  bool failed = false;
  for (int i = 0; i < n && !failed; ++i) {
    threads.push_back(std::make_unique<LoopThread>(&shared, i));
    shared.started = threads.size();
    // Thread 0 binds first so that port 0 becomes a real port the others can share.
    Result<uint16_t> ready = threads.back()->Start(port).get();
    if (!ready.ok()) {
      log::Error(ready.error().ToString());
      failed = true;
      break;
    }
    port = ready.value();
  }

  if (failed) {
    for (auto& t : threads) t->RequestStop();
    for (auto& t : threads) t->Join();
    if (reloader != nullptr) reloader->Close();
    uv_close(reinterpret_cast<uv_handle_t*>(&main.thread_done), nullptr);
    uv_run(&main.loop, UV_RUN_DEFAULT);
    uv_loop_close(&main.loop);
    return 1;
  }

  // Watching starts before "Ready": a change made as soon as the server is up is seen.
  if (asset_server != nullptr && options.watch_assets) {
    assets_watcher = WatchAssets(&main.loop, asset_server);
  }
  if (reloader != nullptr) {
    std::vector<ReloadTarget*> targets;
    targets.reserve(threads.size());
    for (auto& t : threads) targets.push_back(t.get());
    reloader->Start(std::move(targets));
    main.reloader = reloader.get();
  }

  // Signals are ours before anyone is told we are ready: a SIGINT right after "Ready on" must
  // stop the server gracefully, not kill it with the default action.
  uv_signal_init(&main.loop, &main.sigint);
  uv_signal_init(&main.loop, &main.sigterm);
  main.sigint.data = main.sigterm.data = &main;
  uv_signal_start(&main.sigint, &OnSignal, SIGINT);
  uv_signal_start(&main.sigterm, &OnSignal, SIGTERM);

  if (options.announce_ready) {
    std::string ready_line = "Ready on " + DisplayAddress(options.ip, port) + "\n";
    (void)!::write(STDOUT_FILENO, ready_line.data(), ready_line.size());
  }
  uv_async_init(&main.loop, &main.stop_request,
                [](uv_async_t* handle) { static_cast<MainLoop*>(handle->data)->StopAll(); });
  main.stop_request.data = &main;
  if (options.on_ready) {
    uv_async_t* stop = &main.stop_request;
    options.on_ready(port, [stop] { uv_async_send(stop); });
  }

  // Runs until every thread has finished (after a signal), then joins them.
  while (shared.finished.load() < shared.started) uv_run(&main.loop, UV_RUN_DEFAULT);
  for (auto& t : threads) t->Join();
  if (assets_watcher != nullptr) assets_watcher->Close();
  if (reloader != nullptr) reloader->Close();
  uv_close(reinterpret_cast<uv_handle_t*>(&main.sigint), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.sigterm), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.thread_done), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.stop_request), nullptr);
  uv_run(&main.loop, UV_RUN_DEFAULT);
  uv_loop_close(&main.loop);
  return 0;
}

}  // namespace edgerun::host
