// One request, from the HTTP front end to its answer (DESIGN.md "One request"): the static-first
// router decides between the asset server and the worker; a static hit never enters V8.
//
// Ownership: one Dispatcher per event-loop thread. It borrows the config, the shared asset
// server (thread-safe, may be null) and this thread's worker isolate (may be null: assets only).
#pragma once

#include <memory>
#include <string>

#include "runtime/assets/asset_server.h"
#include "runtime/config/config.h"
#include "runtime/engine/worker_isolate.h"
#include "runtime/http/exchange.h"
#include "runtime/http/http_client.h"

namespace edgerun::dispatch {

class Dispatcher {
 public:
  // `upstream_client` (this thread's outbound client) is used when config.dev.upstream is set;
  // it may be null otherwise.
  Dispatcher(const config::WorkerConfig& config, std::shared_ptr<const assets::AssetServer> assets,
             engine::WorkerIsolate* worker, http::HttpClient* upstream_client);

  void Handle(std::shared_ptr<http::Exchange> exchange);

 private:
  // The origin behind the worker, for ctx.passThroughOnException(): the upstream when one is
  // configured, else the asset router, else 500.
  void PassThrough(const std::shared_ptr<http::Exchange>& exchange);

  const config::WorkerConfig& config_;
  std::shared_ptr<const assets::AssetServer> assets_;
  engine::WorkerIsolate* worker_;
  http::HttpClient* upstream_client_;
};

// Writes an asset server answer to the exchange (shared bytes, a file range, or empty).
void SendAssetResponse(http::Exchange& exchange, assets::AssetResponse response);

// The request-target's pathname after WHATWG URL parsing (dot segments resolved, backslashes
// as slashes, still percent-encoded), or nullopt when the target is not a valid URL path. The
// view is into `target` when parsing would give its path back unchanged (nearly every request:
// no copy), else into `storage`, which then holds the parsed pathname.
std::optional<std::string_view> NormalizedPath(std::string_view target, std::string* storage);

// The AssetRequest view of an HTTP request head; `path` must outlive the result.
assets::AssetRequest MakeAssetRequest(const http::RequestHead& head, std::string_view path);

}  // namespace edgerun::dispatch
