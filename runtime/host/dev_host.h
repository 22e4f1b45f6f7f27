// Runs one worker project on N event-loop threads (`edgerun dev`): each thread owns a libuv
// loop, its own SO_REUSEPORT listener on the same address, its own isolate of the worker and a
// Dispatcher; the asset server is shared (immutable, thread-safe). The calling thread handles
// SIGINT/SIGTERM: the first stops accepting and lets in-flight requests finish within the grace
// period, the second exits at once. It also watches the files: assets are re-indexed, and the
// worker is reloaded on every thread when its code or config changes (worker_reloader.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "bindings/runtime_state.h"
#include "runtime/base/result.h"
#include "runtime/config/config.h"

namespace edgerun::host {

enum class AccessLogFormat { kPretty, kJson, kOff };

struct HostOptions {
  config::WorkerConfig config;
  std::string ip = "127.0.0.1";
  uint16_t port = 8787;
  int threads = 1;
  AccessLogFormat access_log = AccessLogFormat::kPretty;
  bool announce_ready = true;  // print "Ready on http://IP:PORT" (off for `edgerun test` samples)
  bool watch_assets = true;    // rebuild the asset index when files change (dev)
  // `edgerun dev`: loads the project again as at start (same flags). When set, the worker is
  // reloaded when its sources, config or .dev.vars change (worker_reloader.h).
  std::function<Result<HostOptions>()> reload;
  // main as written in the config, before TypeScript bundling (what the reloader watches).
  std::string source_main;
  bindings::ErrorPageMode error_page_mode = bindings::ErrorPageMode::kDev;
  // Called once every thread listens, with the bound port (tests use port 0) and a function
  // that stops the host as SIGTERM would (callable from any thread).
  std::function<void(uint16_t port, std::function<void()> stop)> on_ready;
};

// Blocks until the server has stopped. Returns the process exit code: 0 after a clean stop, 1
// when the worker or the listener could not start (the reason has been printed).
int RunHost(const HostOptions& options);

}  // namespace edgerun::host
