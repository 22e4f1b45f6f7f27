// The asset server and the static-first router decision (spec/assets.md): everything a request
// to a worker with `[assets]` needs that is not JavaScript.
//
// What it is for:
//  - Decide(): the router in one paragraph (run_worker_first array / true, the navigation flag,
//    has_worker) -> serve from assets or run the worker.
//  - CanFetch(): the router's probe: would the asset server answer this path (a `_redirects`
//    rule, an asset after html_handling, or a kept not_found_handling fallback)? Method ignored.
//  - Fetch(): the asset server's whole pipeline: `_redirects` (3xx at once; 200 rewrites the
//    path, not chained) -> decode + collapse `//` -> html_handling -> not_found_handling -> miss:
//    empty 404 -> not GET/HEAD: 405 -> canonical-encoding or html redirect: 307 (308 in Pages
//    mode for html redirects) -> If-None-Match: 304 -> 200 / 206 / 416 / 415, or 404 with a 404
//    page -> `_headers` applied on the raw request pathname, whatever was produced.
//  - Rebuild(): re-index after file changes (`edgerun dev`).
// What it is not for: sockets, JS Response objects, following redirects for `env.ASSETS.fetch`
// (the caller loops), or `_routes.json`.
//
// Threads: Create once; then CanFetch/Fetch/Decide from any number of threads at once. The
// index and the parsed `_headers` / `_redirects` live in one immutable State behind an atomic
// shared_ptr: a request loads it once and keeps it alive while it uses it; Rebuild builds a new
// State off to the side and swaps it in, so requests see either the old or the new files, never
// a mix. AssetResponse bodies own shared references: they stay valid after a Rebuild.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/assets/asset_index.h"
#include "runtime/assets/headers_rules.h"
#include "runtime/assets/pages_routes.h"
#include "runtime/assets/redirects_rules.h"
#include "runtime/assets/static_routing.h"
#include "runtime/base/result.h"
#include "runtime/config/config.h"
#include "runtime/http/exchange.h"

namespace edgerun::assets {

struct AssetRequest {
  std::string_view method;
  // Raw pathname after WHATWG URL parsing: dot segments resolved, '\' already '/', still
  // percent-encoded. Empty is read as "/".
  std::string_view path;
  std::string_view query;  // "" or "?..."
  std::string_view host;   // Host header (may carry a port); for absolute `_headers` rules
  std::string_view if_none_match, range, accept_encoding, sec_fetch_mode;
  bool has_authorization = false, has_range = false;
};

struct AssetResponse {
  int status = 404;
  http::HeaderList headers;
  // In-memory body (the file, or a compressed variant), [offset, offset + length).
  std::shared_ptr<const std::string> bytes;
  uint64_t offset = 0, length = 0;
  // Or a file body (offset/length apply); opened by whoever sends it.
  std::string file_path;
  // For HEAD the body source is still set, so the sender can announce Content-Length; it must
  // not send the bytes (runtime/http never sends a HEAD body).
  bool has_body() const { return bytes != nullptr || !file_path.empty(); }
};

class AssetServer {
 public:
  // Indexes `config.assets->directory` and parses its root `_headers` / `_redirects`. Errors:
  // no assets section, an index limit or `_worker.js` error (asset_index.h), an invalid
  // run_worker_first array (with the config's file:line:column). Rule-file problems are not
  // errors: they are appended to `warnings` (may be null) with file and line.
  static Result<std::unique_ptr<AssetServer>> Create(const config::WorkerConfig& config,
                                                     std::vector<Error>* warnings,
                                                     const IndexOptions& index_options);
  static Result<std::unique_ptr<AssetServer>> Create(const config::WorkerConfig& config,
                                                     std::vector<Error>* warnings);

  // The router's probe (spec sections 3, 5; checklist 36-41). With keep_not_found_fallback
  // false, not_found_handling counts as `none`.
  bool CanFetch(const AssetRequest& request, bool keep_not_found_fallback) const;

  // The full pipeline, not_found_handling always applied (as `env.ASSETS.fetch`).
  AssetResponse Fetch(const AssetRequest& request) const;

  enum class Route { kWorker, kAssets };
  // The router decision: no worker -> assets; run_worker_first array: a negative match ->
  // assets, a positive one -> worker; run_worker_first = true -> worker; otherwise assets when
  // CanFetch (fallback kept under static routing, or when the navigation flag is on and
  // Sec-Fetch-Mode is `navigate`), else the worker. Pages mode with a worker: the worker.
  Route Decide(const AssetRequest& request, bool has_worker) const;

  // Re-walks the folder and re-reads `_headers` / `_redirects`; on error the old state stays.
  // Safe to call while other threads serve; Rebuilds are serialised among themselves.
  Status Rebuild(std::vector<Error>* warnings = nullptr);

  // assets_navigation_prefers_asset_serving, resolved from compatibility date and flags.
  bool navigation_prefers_assets() const { return navigation_prefers_assets_; }
  std::shared_ptr<const AssetIndex> index() const { return state_.load()->index; }

 private:
  struct State {
    std::shared_ptr<const AssetIndex> index;
    HeadersRules headers;
    bool has_headers = false;
    RedirectsRules redirects;
    bool has_redirects = false;
    std::optional<PagesRoutes> routes;  // Pages mode: a valid _routes.json
  };

  AssetServer() = default;
  Result<std::shared_ptr<const State>> BuildState(const AssetIndex* previous,
                                                  std::vector<Error>* warnings) const;
  void Finish(const State& state, const AssetRequest& request, AssetResponse& response) const;

  std::string directory_;
  IndexOptions index_options_;
  config::HtmlHandling html_handling_ = config::HtmlHandling::kAutoTrailingSlash;
  config::NotFoundHandling not_found_handling_ = config::NotFoundHandling::kNone;
  std::optional<StaticRouting> static_routing_;
  bool run_worker_first_all_ = false;
  bool navigation_prefers_assets_ = false;
  bool pages_ = false;

  std::atomic<std::shared_ptr<const State>> state_;
  std::mutex rebuild_mu_;
};

// The navigation flag: `assets_navigation_prefers_asset_serving` listed, or a compatibility date
// on or after 2025-04-01 (none: 2021-11-02) without `assets_navigation_has_no_effect`.
bool NavigationPrefersAssets(std::string_view compatibility_date,
                             const std::vector<std::string>& compatibility_flags);

}  // namespace edgerun::assets
