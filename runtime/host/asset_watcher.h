// Watches an asset folder in `edgerun dev` and reports changes, so the asset index is rebuilt
// without a restart. One inotify watch (uv_fs_event_t) per directory, since Linux watches are
// not recursive; events are debounced (a save often touches a file several times) and the set of
// watched directories is re-synced after every change (new folders get watched too).
//
// Owned by the host's main loop thread; Close() before the loop ends.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace edgerun::host {

class AssetWatcher {
 public:
  AssetWatcher(uv_loop_t* loop, std::string root, std::function<void()> on_change);
  ~AssetWatcher();
  AssetWatcher(const AssetWatcher&) = delete;
  AssetWatcher& operator=(const AssetWatcher&) = delete;

  void Start();
  void Close();

 private:
  static void OnEvent(uv_fs_event_t* handle, const char* filename, int events, int status);
  void WatchTree();
  void UnwatchAll();

  uv_loop_t* loop_;
  std::string root_;
  std::function<void()> on_change_;
  std::vector<uv_fs_event_t*> watches_;  // owned; freed in their close callbacks
  uv_timer_t* debounce_ = nullptr;       // owned; freed in its close callback
  bool closed_ = false;
};

}  // namespace edgerun::host
