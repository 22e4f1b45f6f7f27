#include "runtime/host/dev_host.h"

#include <signal.h>
#include <uv.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "runtime/assets/asset_server.h"
#include "runtime/base/log.h"
#include "runtime/dispatch/dispatcher.h"
#include "runtime/engine/worker_isolate.h"
#include "runtime/host/access_log.h"
#include "runtime/host/asset_watcher.h"
#include "runtime/http/http_client.h"
#include "runtime/http/server.h"

namespace edgerun::host {

namespace {

// Shared by all threads; written before the threads start, read-only after.
struct Shared {
  const HostOptions* options = nullptr;
  std::shared_ptr<const assets::AssetServer> assets;
  uv_async_t* thread_done = nullptr;  // on the main loop: a thread has finished
  std::atomic<size_t> finished{0};
  size_t started = 0;  // written by the main thread before any stop request
};

class LoopThread {
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

 private:
  void Run() {
    uv_loop_init(&loop_);
    uv_async_init(&loop_, &stop_async_, &LoopThread::OnStop);
    stop_async_.data = this;
    Status started = StartServing();
    if (!started.ok()) {
      ready_.set_value(started.error());
      Shutdown();
    } else {
      ready_.set_value(server_->port());
    }
    uv_run(&loop_, UV_RUN_DEFAULT);
    // Handles closed during the last turn need one more run for their close callbacks.
    uv_run(&loop_, UV_RUN_NOWAIT);
    uv_loop_close(&loop_);
    shared_->finished.fetch_add(1);
    uv_async_send(shared_->thread_done);
  }

  Status StartServing() {
    const HostOptions& options = *shared_->options;
    if (options.config.main) {
      engine::WorkerOptions worker_options;
      worker_options.config = &options.config;
      worker_options.error_page_mode = options.error_page_mode;
      worker_options.assets = shared_->assets;
      Result<std::unique_ptr<engine::WorkerIsolate>> worker =
          engine::WorkerIsolate::Create(&loop_, worker_options);
      if (!worker.ok()) return worker.error();
      worker_ = std::move(worker.value());
      if (index_ == 0 && !worker_->handler_problem().empty()) {
        log::Warn(worker_->handler_problem() + " Requests will get a 500.");
      }
    }
    if (options.config.dev.upstream) upstream_client_ = http::HttpClient::Create(&loop_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(options.config, shared_->assets,
                                                         worker_.get(), upstream_client_.get());
    http::ServerOptions server_options;
    server_options.ip = options.ip;
    server_options.port = port_;
    server_options.limits = options.config.limits;
    if (options.access_log == AccessLogFormat::kPretty) {
      server_options.access_log = &WritePrettyAccessLine;
    } else if (options.access_log == AccessLogFormat::kJson) {
      server_options.access_log = &WriteJsonAccessLine;
    }
    Result<std::unique_ptr<http::Server>> server = http::Server::Listen(
        &loop_, server_options,
        [d = dispatcher_.get()](std::shared_ptr<http::Exchange> ex) { d->Handle(std::move(ex)); });
    if (!server.ok()) return server.error();
    server_ = std::move(server.value());
    return Ok{};
  }

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

  // In-flight HTTP is done; waitUntil work may still run. Wait for it (the grace timer bounds
  // the wait), polling: the worker has no completion callback of its own.
  void ShutdownWhenWorkerIdle() {
    if (worker_ == nullptr || worker_->inflight() == 0) {
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
    worker_.reset();  // closes the isolate's timers and task runner handles
    if (upstream_client_ != nullptr) upstream_client_->Close();
    if (grace_started_) uv_close(reinterpret_cast<uv_handle_t*>(&grace_timer_), nullptr);
    if (idle_poll_started_) uv_close(reinterpret_cast<uv_handle_t*>(&idle_poll_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&stop_async_), nullptr);
  }

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
  std::unique_ptr<engine::WorkerIsolate> worker_;
  std::unique_ptr<http::HttpClient> upstream_client_;  // only with an upstream origin
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
};

struct MainLoop {
  uv_loop_t loop;
  uv_signal_t sigint, sigterm;
  uv_async_t thread_done;
  uv_async_t stop_request;  // the on_ready stop function
  std::vector<std::unique_ptr<LoopThread>>* threads = nullptr;
  Shared* shared = nullptr;
  int signals = 0;
};

void OnSignal(uv_signal_t* handle, int signum) {
  auto* main = static_cast<MainLoop*>(handle->data);
  if (++main->signals > 1) {
    // A second signal: the user means it. Leave now, without waiting for anything.
    log::Warn("second signal: exiting now");
    _exit(128 + signum);
  }
  for (auto& t : *main->threads) t->RequestStop();
}

std::string DisplayAddress(const std::string& ip, uint16_t port) {
  if (ip.find(':') != std::string::npos) return "http://[" + ip + "]:" + std::to_string(port);
  return "http://" + ip + ":" + std::to_string(port);
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
    shared.assets = asset_server;
  }

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
    uv_close(reinterpret_cast<uv_handle_t*>(&main.thread_done), nullptr);
    uv_run(&main.loop, UV_RUN_DEFAULT);
    uv_loop_close(&main.loop);
    return 1;
  }

  if (options.announce_ready) {
    std::string ready_line = "Ready on " + DisplayAddress(options.ip, port) + "\n";
    (void)!::write(STDOUT_FILENO, ready_line.data(), ready_line.size());
  }
  uv_async_init(&main.loop, &main.stop_request, [](uv_async_t* handle) {
    auto* m = static_cast<MainLoop*>(handle->data);
    for (auto& t : *m->threads) t->RequestStop();
  });
  main.stop_request.data = &main;
  if (options.on_ready) {
    uv_async_t* stop = &main.stop_request;
    options.on_ready(port, [stop] { uv_async_send(stop); });
  }

  uv_signal_init(&main.loop, &main.sigint);
  uv_signal_init(&main.loop, &main.sigterm);
  main.sigint.data = main.sigterm.data = &main;
  uv_signal_start(&main.sigint, &OnSignal, SIGINT);
  uv_signal_start(&main.sigterm, &OnSignal, SIGTERM);

  std::unique_ptr<AssetWatcher> watcher;
  if (asset_server != nullptr && options.watch_assets) {
    watcher =
        std::make_unique<AssetWatcher>(&main.loop, asset_server->index()->root(), [asset_server] {
          std::vector<Error> warnings;
          Status rebuilt = asset_server->Rebuild(&warnings);
          for (const Error& w : warnings) log::Warn(w.ToString());
          if (!rebuilt.ok()) {
            log::Error("assets not reloaded: " + rebuilt.error().ToString());
          } else {
            log::Info("Assets reloaded (" + std::to_string(asset_server->index()->size()) +
                      " files)");
          }
        });
    watcher->Start();
  }

  // Runs until every thread has finished (after a signal), then joins them.
  while (shared.finished.load() < shared.started) uv_run(&main.loop, UV_RUN_DEFAULT);
  for (auto& t : threads) t->Join();
  if (watcher != nullptr) watcher->Close();
  uv_close(reinterpret_cast<uv_handle_t*>(&main.sigint), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.sigterm), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.thread_done), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&main.stop_request), nullptr);
  uv_run(&main.loop, UV_RUN_DEFAULT);
  uv_loop_close(&main.loop);
  return 0;
}

}  // namespace edgerun::host
