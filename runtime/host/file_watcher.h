// Watches folders in `edgerun dev` and reports which files changed, debounced, so the host can
// rebuild the asset index or reload the worker without a restart.
//
// What it is for: "something under these folders changed; here are the paths", once per burst
// (an editor's save often writes, renames and touches several times within a few ms). What it
// is not for: deciding what a change means (the caller does), or portability beyond Linux.
//
// How: one inotify watch (uv_fs_event_t) per directory, since Linux watches are not recursive.
// A recursive root watches its whole tree except skipped folders; a flat root watches only its
// own entries and reports only the names it accepts (a config file in the project folder). The
// set of watched directories is re-synced after every burst, so new folders get watched too.
//
// Ownership and threads: used on one loop thread (the host's main loop). Close() before the
// loop ends; the uv handles are freed by their close callbacks.
#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace edgerun::host {

// `path` made absolute and normal (symlinks resolved where they exist), without a trailing '/':
// the form WatchSpec paths and reported paths are compared in.
std::string NormalisePath(const std::string& path);
// `path` is `dir` or inside it (both normalised).
bool PathIsUnder(const std::string& path, const std::string& dir);

struct WatchRoot {
  std::string dir;  // absolute
  bool recursive = true;
  // Which entry names count (flat roots); empty: every name.
  std::function<bool(std::string_view name)> accept;
};

struct WatchSpec {
  std::vector<WatchRoot> roots;
  // Folders never watched nor reported, by absolute path (the assets folder, a bundle output).
  std::vector<std::string> skip_dirs;
  // Folder names never watched nor reported, wherever they are (node_modules, .git).
  std::vector<std::string> skip_names;
  // Editor droppings (IsEditorTempName) are not reported: they never change a module.
  bool ignore_editor_temp_files = true;

  bool operator==(const WatchSpec& other) const;  // roots compared by dir and recursive only
};

// Editor droppings that never mean a change of content: `x~`, `.x.swp`, `.#x`, vim's `4913`.
bool IsEditorTempName(std::string_view name);

class FileWatcher {
 public:
  // `on_change` gets the absolute paths reported during one burst (sorted, no duplicates).
  using OnChange = std::function<void(const std::vector<std::string>& changed)>;

  FileWatcher(uv_loop_t* loop, WatchSpec spec, OnChange on_change);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  void Start();
  void Close();

  const WatchSpec& spec() const { return spec_; }

  static constexpr uint64_t kDebounceMs = 100;

 private:
  struct Watch;  // one directory: its uv handle, root and path

  static void OnEvent(uv_fs_event_t* handle, const char* filename, int events, int status);
  bool Skipped(const std::string& path, std::string_view name) const;
  void WatchAll();
  void WatchDir(const std::string& dir, const WatchRoot* root);
  void UnwatchAll();
  void Flush();

  uv_loop_t* loop_;
  WatchSpec spec_;
  OnChange on_change_;
  std::vector<Watch*> watches_;       // owned; freed in their close callbacks
  std::vector<std::string> changed_;  // this burst's paths
  uv_timer_t* debounce_ = nullptr;    // owned; freed in its close callback
  bool closed_ = false;
};

}  // namespace edgerun::host
