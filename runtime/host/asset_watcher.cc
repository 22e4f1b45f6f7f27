#include "runtime/host/asset_watcher.h"

#include <filesystem>

namespace edgerun::host {

namespace fs = std::filesystem;

namespace {
constexpr uint64_t kDebounceMs = 100;

void FreeOnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_fs_event_t*>(handle); }
}  // namespace

AssetWatcher::AssetWatcher(uv_loop_t* loop, std::string root, std::function<void()> on_change)
    : loop_(loop), root_(std::move(root)), on_change_(std::move(on_change)) {}

AssetWatcher::~AssetWatcher() { Close(); }

void AssetWatcher::Start() {
  debounce_ = new uv_timer_t;
  uv_timer_init(loop_, debounce_);
  debounce_->data = this;
  WatchTree();
}

void AssetWatcher::WatchTree() {
  std::vector<std::string> dirs = {root_};
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(
           root_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) dirs.push_back(it->path().string());
  }
  for (const std::string& dir : dirs) {
    auto* watch = new uv_fs_event_t;
    uv_fs_event_init(loop_, watch);
    watch->data = this;
    if (uv_fs_event_start(watch, &AssetWatcher::OnEvent, dir.c_str(), 0) != 0) {
      uv_close(reinterpret_cast<uv_handle_t*>(watch), &FreeOnClose);
      continue;
    }
    watches_.push_back(watch);
  }
}

void AssetWatcher::UnwatchAll() {
  for (uv_fs_event_t* watch : watches_) {
    uv_fs_event_stop(watch);
    uv_close(reinterpret_cast<uv_handle_t*>(watch), &FreeOnClose);
  }
  watches_.clear();
}

void AssetWatcher::OnEvent(uv_fs_event_t* handle, const char*, int, int) {
  auto* self = static_cast<AssetWatcher*>(handle->data);
  if (self->closed_) return;
  uv_timer_start(
      self->debounce_,
      [](uv_timer_t* timer) {
        auto* watcher = static_cast<AssetWatcher*>(timer->data);
        watcher->UnwatchAll();
        watcher->WatchTree();
        watcher->on_change_();
      },
      kDebounceMs, 0);
}

void AssetWatcher::Close() {
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
