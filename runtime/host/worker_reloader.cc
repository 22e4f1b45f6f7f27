#include "runtime/host/worker_reloader.h"

#include <filesystem>

#include "runtime/base/log.h"

namespace edgerun::host {

namespace fs = std::filesystem;

namespace {

// The settings an AssetServer is built from (AssetServer::Create): when equal, the running
// asset server (kept fresh by the asset watcher) serves the new version too.
bool SameAssetSettings(const config::WorkerConfig& a, const config::WorkerConfig& b) {
  if (a.assets.has_value() != b.assets.has_value() || a.pages != b.pages) return false;
  if (!a.assets) return true;
  const config::AssetsConfig& x = *a.assets;
  const config::AssetsConfig& y = *b.assets;
  return x.directory == y.directory && x.html_handling == y.html_handling &&
         x.not_found_handling == y.not_found_handling &&
         x.run_worker_first.all == y.run_worker_first.all &&
         x.run_worker_first.is_array == y.run_worker_first.is_array &&
         x.run_worker_first.patterns == y.run_worker_first.patterns &&
         a.compatibility_date == b.compatibility_date &&
         a.compatibility_flags == b.compatibility_flags;
}

// The listener's limits: the HTTP server reads them once, when it starts.
bool SameServerLimits(const config::HttpLimits& a, const config::HttpLimits& b) {
  return a.max_head_bytes == b.max_head_bytes && a.max_header_count == b.max_header_count &&
         a.max_body_bytes == b.max_body_bytes && a.header_timeout_ms == b.header_timeout_ms &&
         a.idle_timeout_ms == b.idle_timeout_ms && a.body_timeout_ms == b.body_timeout_ms &&
         a.write_buffer_bytes == b.write_buffer_bytes && a.shutdown_grace_ms == b.shutdown_grace_ms;
}

bool IsConfigOrDevVarsName(std::string_view name, std::string_view config_name) {
  return name == config_name || name == "wrangler.toml" || name == "wrangler.json" ||
         name == "wrangler.jsonc" || name.substr(0, 9) == ".dev.vars" || name == ".env" ||
         name.substr(0, 5) == ".env.";
}

}  // namespace

WatchSpec WorkerReloader::SpecFor(const config::WorkerConfig& config,
                                  const std::string& source_main) {
  WatchSpec spec;
  spec.skip_names = {"node_modules", ".git", ".wrangler", ".edgerun"};
  const std::string main = !source_main.empty() ? source_main : config.main.value_or("");
  const std::string assets_dir = config.assets ? NormalisePath(config.assets->directory) : "";
  if (!main.empty()) {
    const std::string main_dir = NormalisePath(fs::path(main).parent_path().string());
    if (!assets_dir.empty() && PathIsUnder(main_dir, assets_dir)) {
      // Pages: _worker.js lives among the assets. A `_worker.js/` folder is its own tree; a
      // single `_worker.js` file is watched alone (the asset watcher covers its neighbours).
      if (main_dir == assets_dir) {
        std::string file = fs::path(main).filename().string();
        spec.roots.push_back(
            {main_dir, false, [file](std::string_view name) { return name == file; }});
      } else {
        spec.roots.push_back({main_dir, true, {}});
      }
    } else {
      spec.roots.push_back({main_dir, true, {}});
      if (!assets_dir.empty()) spec.skip_dirs.push_back(assets_dir);
    }
  }
  const std::string config_dir = config.config_path.empty()
                                     ? config.base_dir
                                     : fs::path(config.config_path).parent_path().string();
  if (!config_dir.empty()) {
    std::string config_name = fs::path(config.config_path).filename().string();
    spec.roots.push_back({NormalisePath(config_dir), false, [config_name](std::string_view name) {
                            return IsConfigOrDevVarsName(name, config_name);
                          }});
  }
  return spec;
}

WorkerReloader::WorkerReloader(
    uv_loop_t* loop, const HostOptions& started, std::shared_ptr<const WorkerVersion> current,
    std::function<void(std::shared_ptr<assets::AssetServer>)> on_new_assets)
    : loop_(loop),
      started_(started),
      current_(std::move(current)),
      on_new_assets_(std::move(on_new_assets)),
      source_main_(started.source_main) {
  answers_async_ = new uv_async_t;
  uv_async_init(loop_, answers_async_,
                [](uv_async_t* h) { static_cast<WorkerReloader*>(h->data)->OnAnswers(); });
  answers_async_->data = this;
}

WorkerReloader::~WorkerReloader() { Close(); }

void WorkerReloader::Start(std::vector<ReloadTarget*> targets) {
  targets_ = std::move(targets);
  watcher_ = std::make_unique<FileWatcher>(
      loop_, SpecFor(*current_->config, source_main_),
      [this](const std::vector<std::string>& changed) { OnFilesChanged(changed); });
  watcher_->Start();
}

void WorkerReloader::Stop() {
  stopped_ = true;
  if (watcher_ != nullptr) watcher_->Close();
}

void WorkerReloader::Close() {
  Stop();
  if (answers_async_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(answers_async_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
    answers_async_ = nullptr;
  }
}

void WorkerReloader::Report(size_t target, Phase phase, Status status) {
  {
    std::lock_guard<std::mutex> lock(answers_mu_);
    answers_.push_back(Answer{target, phase, std::move(status)});
  }
  uv_async_send(answers_async_);
}

void WorkerReloader::OnFilesChanged(const std::vector<std::string>& changed) {
  if (stopped_) return;
  queued_.insert(queued_.end(), changed.begin(), changed.end());
  if (!busy_) Begin();
}

void WorkerReloader::Begin() {
  changed_.swap(queued_);
  queued_.clear();
  start_ns_ = uv_hrtime();
  // Everything LoadProjectFromArgs does at start: the config, .dev.vars, flags, the bundle.
  Result<HostOptions> loaded = started_.reload();
  if (!loaded.ok()) {
    log::Error(loaded.error().ToString());
    log::Warn("Worker not reloaded (" + Describe(changed_) +
              "); still serving the last good version.");
    changed_.clear();
    return;
  }
  WarnIfRestartNeeded(loaded.value());
  auto config = std::make_shared<const config::WorkerConfig>(std::move(loaded->config));
  next_source_main_ = loaded->source_main;

  std::shared_ptr<const assets::AssetServer> assets = current_->assets;
  next_assets_changed_ = !SameAssetSettings(*current_->config, *config);
  next_assets_.reset();
  if (next_assets_changed_ && config->assets) {
    std::vector<Error> warnings;
    Result<std::unique_ptr<assets::AssetServer>> server =
        assets::AssetServer::Create(*config, &warnings);
    for (const Error& w : warnings) log::Warn(w.ToString());
    if (!server.ok()) {
      log::Error(server.error().ToString());
      log::Warn("Worker not reloaded (" + Describe(changed_) +
                "); still serving the last good version.");
      changed_.clear();
      return;
    }
    next_assets_ = std::move(server.value());
  }
  if (next_assets_changed_) assets = next_assets_;

  next_ = std::make_shared<const WorkerVersion>(WorkerVersion{std::move(config), assets});
  busy_ = true;
  prepared_ = committed_ = 0;
  failure_.reset();
  for (ReloadTarget* target : targets_) target->PrepareVersion(next_);
}

void WorkerReloader::OnAnswers() {
  std::vector<Answer> answers;
  {
    std::lock_guard<std::mutex> lock(answers_mu_);
    answers.swap(answers_);
  }
  for (Answer& answer : answers) {
    if (stopped_ || !busy_) return;
    if (answer.phase == Phase::kPrepared) {
      ++prepared_;
      if (!answer.status.ok() && (!failure_ || answer.target < failure_target_)) {
        failure_ = answer.status.error();
        failure_target_ = answer.target;
      }
      if (prepared_ < targets_.size()) continue;
      if (failure_) {
        for (ReloadTarget* target : targets_) target->AbortVersion();
        log::Error(failure_->ToString());
        log::Warn("Worker not reloaded (" + Describe(changed_) +
                  "); still serving the last good version.");
        Finish();
      } else {
        for (ReloadTarget* target : targets_) target->CommitVersion();
      }
    } else if (++committed_ == targets_.size()) {
      current_ = next_;
      if (next_assets_changed_) on_new_assets_(next_assets_);
      source_main_ = next_source_main_;
      WatchSpec spec = SpecFor(*current_->config, source_main_);
      if (!(spec == watcher_->spec())) {
        watcher_->Close();
        watcher_ = std::make_unique<FileWatcher>(
            loop_, std::move(spec),
            [this](const std::vector<std::string>& changed) { OnFilesChanged(changed); });
        watcher_->Start();
      }
      const uint64_t ms = (uv_hrtime() - start_ns_) / 1'000'000;
      log::Info("Reloaded worker (" + Describe(changed_) + ") in " + std::to_string(ms) + " ms");
      Finish();
    }
  }
}

void WorkerReloader::Finish() {
  busy_ = false;
  next_.reset();
  next_assets_.reset();
  changed_.clear();
  if (!queued_.empty() && !stopped_) Begin();
}

void WorkerReloader::WarnIfRestartNeeded(const HostOptions& loaded) {
  std::string what;
  auto add = [&what](const std::string& item) {
    if (!what.empty()) what += ", ";
    what += item;
  };
  if (loaded.ip != started_.ip) add("ip " + started_.ip + " -> " + loaded.ip);
  if (loaded.port != started_.port) {
    add("port " + std::to_string(started_.port) + " -> " + std::to_string(loaded.port));
  }
  if (loaded.threads != started_.threads) {
    add("threads " + std::to_string(started_.threads) + " -> " + std::to_string(loaded.threads));
  }
  if (!SameServerLimits(loaded.config.limits, started_.config.limits)) add("server limits");
  std::string note;
  if (!what.empty()) {
    note = "Config change needs a restart to apply (" + what +
           "); the rest is reloaded, the server keeps its address and settings.";
  }
  if (note == restart_note_) return;
  restart_note_ = note;
  if (!note.empty()) log::Warn(note);
}

std::string WorkerReloader::Describe(const std::vector<std::string>& changed) const {
  if (changed.empty()) return "files changed";
  const fs::path base = NormalisePath(current_->config->base_dir);
  std::string out;
  const size_t shown = changed.size() > 3 ? 2 : changed.size();
  for (size_t i = 0; i < shown; ++i) {
    fs::path rel = fs::path(changed[i]).lexically_relative(base);
    std::string name = rel.empty() || rel.native().rfind("..", 0) == 0 ? changed[i] : rel.string();
    if (!out.empty()) out += ", ";
    out += name;
  }
  if (shown < changed.size()) out += " and " + std::to_string(changed.size() - shown) + " more";
  return out + " changed";
}

}  // namespace edgerun::host
