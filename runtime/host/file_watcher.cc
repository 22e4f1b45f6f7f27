#include "runtime/host/file_watcher.h"

#include <algorithm>
#include <filesystem>

namespace edgerun::host {

namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string NormalisePath(const std::string& path) {
  std::error_code ec;
  std::string out = fs::weakly_canonical(path, ec).string();
  if (ec || out.empty()) out = fs::path(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

bool PathIsUnder(const std::string& path, const std::string& dir) {
  if (path.compare(0, dir.size(), dir) != 0) return false;
  return path.size() == dir.size() || path[dir.size()] == '/' || dir == "/";
}

struct FileWatcher::Watch {
  uv_fs_event_t handle;  // handle.data points back here
  FileWatcher* owner;
  const WatchRoot* root;
  std::string dir;
};

bool WatchSpec::operator==(const WatchSpec& other) const {
  if (roots.size() != other.roots.size() || skip_dirs != other.skip_dirs ||
      skip_names != other.skip_names ||
      ignore_editor_temp_files != other.ignore_editor_temp_files) {
    return false;
  }
  for (size_t i = 0; i < roots.size(); ++i) {
    if (roots[i].dir != other.roots[i].dir || roots[i].recursive != other.roots[i].recursive) {
      return false;
    }
  }
  return true;
}

bool IsEditorTempName(std::string_view name) {
  return EndsWith(name, "~") || name.substr(0, 2) == ".#" || EndsWith(name, ".swp") ||
         EndsWith(name, ".swx") || EndsWith(name, ".swo") || name == "4913" ||
         EndsWith(name, "___");  // JetBrains' `x___jb_tmp___`
}

FileWatcher::FileWatcher(uv_loop_t* loop, WatchSpec spec, OnChange on_change)
    : loop_(loop), spec_(std::move(spec)), on_change_(std::move(on_change)) {
  for (WatchRoot& root : spec_.roots) root.dir = NormalisePath(root.dir);
  for (std::string& dir : spec_.skip_dirs) dir = NormalisePath(dir);
}

FileWatcher::~FileWatcher() { Close(); }

void FileWatcher::Start() {
  debounce_ = new uv_timer_t;
  uv_timer_init(loop_, debounce_);
  debounce_->data = this;
  WatchAll();
}

bool FileWatcher::Skipped(const std::string& path, std::string_view name) const {
  for (const std::string& skip : spec_.skip_names) {
    if (name == skip) return true;
  }
  for (const std::string& dir : spec_.skip_dirs) {
    if (PathIsUnder(path, dir)) return true;
  }
  return false;
}

void FileWatcher::WatchAll() {
  for (const WatchRoot& root : spec_.roots) {
    if (!root.recursive) {
      // A flat root inside a recursive one is covered by it (which reports every name).
      const bool covered = std::any_of(spec_.roots.begin(), spec_.roots.end(), [&](const auto& r) {
        return r.recursive && PathIsUnder(root.dir, r.dir) && !Skipped(root.dir, "");
      });
      if (!covered) WatchDir(root.dir, &root);
      continue;
    }
    if (Skipped(root.dir, "")) continue;
    WatchDir(root.dir, &root);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(
             root.dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
      const std::string path = it->path().string();
      if (Skipped(path, it->path().filename().string())) {
        it.disable_recursion_pending();
        continue;
      }
      WatchDir(path, &root);
    }
  }
}

void FileWatcher::WatchDir(const std::string& dir, const WatchRoot* root) {
  auto* watch = new Watch{{}, this, root, dir};
  uv_fs_event_init(loop_, &watch->handle);
  watch->handle.data = watch;
  if (uv_fs_event_start(&watch->handle, &FileWatcher::OnEvent, dir.c_str(), 0) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&watch->handle),
             [](uv_handle_t* h) { delete static_cast<Watch*>(h->data); });
    return;
  }
  watches_.push_back(watch);
}

void FileWatcher::UnwatchAll() {
  for (Watch* watch : watches_) {
    uv_fs_event_stop(&watch->handle);
    uv_close(reinterpret_cast<uv_handle_t*>(&watch->handle),
             [](uv_handle_t* h) { delete static_cast<Watch*>(h->data); });
  }
  watches_.clear();
}

void FileWatcher::OnEvent(uv_fs_event_t* handle, const char* filename, int, int) {
  auto* watch = static_cast<Watch*>(handle->data);
  FileWatcher* self = watch->owner;
  if (self->closed_) return;
  std::string path = watch->dir;
  if (filename != nullptr && *filename != '\0') {
    const std::string_view name(filename);
    if (self->spec_.ignore_editor_temp_files && IsEditorTempName(name)) return;
    if (!watch->root->recursive && watch->root->accept && !watch->root->accept(name)) return;
    path.append("/").append(name);
    if (self->Skipped(path, name)) return;
  }
  self->changed_.push_back(std::move(path));
  uv_timer_start(
      self->debounce_, [](uv_timer_t* timer) { static_cast<FileWatcher*>(timer->data)->Flush(); },
      kDebounceMs, 0);
}

void FileWatcher::Flush() {
  UnwatchAll();
  WatchAll();
  std::vector<std::string> changed;
  changed.swap(changed_);
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  OnChange callback = on_change_;  // a copy: the callback may close this watcher
  callback(changed);
}

void FileWatcher::Close() {
  if (closed_) return;
  closed_ = true;
  UnwatchAll();
  if (debounce_ != nullptr) {
    uv_timer_stop(debounce_);
    uv_close(reinterpret_cast<uv_handle_t*>(debounce_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    debounce_ = nullptr;
  }
}

}  // namespace edgerun::host
