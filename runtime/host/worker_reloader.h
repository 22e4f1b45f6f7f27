// Reloads the worker in `edgerun dev` when its code or config changes, without a restart and
// without dropping a request.
//
// What it is for: watching the worker's sources (the main module's folder tree), its config file
// and `.dev.vars` / `.env`; on a change, loading the project again exactly as at start (same
// flags) and switching every loop thread to a new isolate of it at once. The switch is two-phase:
// each thread first prepares the new isolate beside the current one (isolates are bound to their
// thread, so each makes its own); only when all succeeded do they commit, so a broken edit
// (syntax error, missing import, top-level throw, bad config) is reported once with its
// file:line:column and the last good version keeps serving everywhere. In-flight requests finish
// on the isolate they started on (the loop thread retires it when they are done).
// What it is not for: listening address, port, thread count and server limits, which need a
// restart (one log line says so), nor the asset index of an unchanged `[assets]` section (the
// host's asset watcher rebuilds that).
//
// Threads: lives on the host's main loop. Loop threads answer through Report() (any thread),
// which wakes the main loop with a uv_async.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/assets/asset_server.h"
#include "runtime/base/result.h"
#include "runtime/config/config.h"
#include "runtime/host/dev_host.h"
#include "runtime/host/file_watcher.h"

namespace edgerun::host {

// One version of the worker: the config its isolates borrow and the asset server they and the
// dispatcher use. Immutable; shared by every thread's generation made from it, which keeps it
// alive while an isolate of it still runs.
struct WorkerVersion {
  std::shared_ptr<const config::WorkerConfig> config;
  std::shared_ptr<const assets::AssetServer> assets;  // null without [assets]
};

// A loop thread as the reloader drives it. Called on the main loop; each call posts to the
// thread's own loop, which answers with WorkerReloader::Report from there.
class ReloadTarget {
 public:
  virtual ~ReloadTarget() = default;
  // Make an isolate of `version` beside the current one (it serves nothing yet); answer kPrepared.
  virtual void PrepareVersion(std::shared_ptr<const WorkerVersion> version) = 0;
  // New requests go to the prepared isolate from now on; answer kCommitted.
  virtual void CommitVersion() = 0;
  // Drop the prepared isolate.
  virtual void AbortVersion() = 0;
};

class WorkerReloader {
 public:
  // `started`: the options the host runs with (its `reload` loads the project again).
  // `on_new_assets`: a committed version brought a new asset server (its [assets] settings
  // changed), which the host's asset watcher should now rebuild on file changes.
  WorkerReloader(uv_loop_t* loop, const HostOptions& started,
                 std::shared_ptr<const WorkerVersion> current,
                 std::function<void(std::shared_ptr<assets::AssetServer>)> on_new_assets);
  ~WorkerReloader();
  WorkerReloader(const WorkerReloader&) = delete;
  WorkerReloader& operator=(const WorkerReloader&) = delete;

  // Starts watching. The targets must outlive the reloader.
  void Start(std::vector<ReloadTarget*> targets);
  // Stops watching and reloading (the host is shutting down); answers still arriving are ignored.
  void Stop();
  // Closes the uv handles; call once no loop thread can Report any more.
  void Close();

  enum class Phase { kPrepared, kCommitted };
  // A loop thread's answer; callable from any thread until Close().
  void Report(size_t target, Phase phase, Status status);

  // What to watch for this project: the main module's folder tree (less node_modules, .git,
  // .wrangler, .edgerun and the assets folder) and, in the config's folder, the config file and
  // .dev.vars / .env files. `source_main` is main before TypeScript bundling.
  static WatchSpec SpecFor(const config::WorkerConfig& config, const std::string& source_main);

 private:
  struct Answer {
    size_t target;
    Phase phase;
    Status status;
  };

  void OnFilesChanged(const std::vector<std::string>& changed);
  void Begin();
  void OnAnswers();
  void Finish();
  void WarnIfRestartNeeded(const HostOptions& loaded);
  std::string Describe(const std::vector<std::string>& changed) const;

  uv_loop_t* loop_;
  const HostOptions& started_;
  std::shared_ptr<const WorkerVersion> current_;
  std::function<void(std::shared_ptr<assets::AssetServer>)> on_new_assets_;
  std::vector<ReloadTarget*> targets_;
  std::unique_ptr<FileWatcher> watcher_;
  std::string source_main_;  // main before bundling, for the watch list
  bool stopped_ = false;

  // The reload under way (one at a time; changes meanwhile wait in `queued_`).
  bool busy_ = false;
  std::vector<std::string> queued_;
  std::vector<std::string> changed_;
  uint64_t start_ns_ = 0;
  std::shared_ptr<const WorkerVersion> next_;
  bool next_assets_changed_ = false;                  // next_ has other [assets] settings
  std::shared_ptr<assets::AssetServer> next_assets_;  // their asset server (null: none)
  std::string next_source_main_;
  size_t prepared_ = 0, committed_ = 0;
  std::optional<Error> failure_;  // the first failure among the threads (thread 0 first)
  size_t failure_target_ = 0;
  std::string restart_note_;  // the last "needs a restart" line, so it is not repeated

  uv_async_t* answers_async_ = nullptr;  // owned; freed in its close callback
  std::mutex answers_mu_;
  std::vector<Answer> answers_;  // guarded by answers_mu_
};

}  // namespace edgerun::host
