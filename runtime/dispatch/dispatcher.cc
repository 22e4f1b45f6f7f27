#include "runtime/dispatch/dispatcher.h"

#include "runtime/base/url.h"
#include "runtime/http/upstream_proxy.h"

namespace edgerun::dispatch {

namespace {

// Characters that the URL parser leaves unchanged in a path (no percent-encoding, no
// normalisation), so a target made only of them is already its own pathname.
bool IsPlainPathChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
         c == '-' || c == '_' || c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' ||
         c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' ||
         c == ':' || c == '@' || c == '.';
}

bool NeedsFullParse(std::string_view path) {
  if (path.empty() || path[0] != '/') return true;
  size_t segment_start = 1;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      std::string_view seg = path.substr(segment_start, i - segment_start);
      if (seg == "." || seg == "..") return true;
      segment_start = i + 1;
      continue;
    }
    if (!IsPlainPathChar(static_cast<unsigned char>(path[i]))) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> NormalizedPath(std::string_view target, std::string* storage) {
  std::string_view path = target;
  size_t q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  if (!NeedsFullParse(path)) return path;
  std::string input;
  if (!target.empty() && target[0] == '/') {
    input = "http://localhost";
    input.append(path);
  } else {
    input.assign(target);  // absolute-form
  }
  std::optional<url::Url> parsed = url::Parse(input);
  if (!parsed) return std::nullopt;
  storage->assign(parsed->pathname());
  return std::string_view(*storage);
}

assets::AssetRequest MakeAssetRequest(const http::RequestHead& head, std::string_view path) {
  assets::AssetRequest req;
  req.method = head.method;
  req.path = path;
  req.query = head.Query();
  req.host = head.Host();
  for (const http::Header& h : head.headers) {
    const std::string& n = h.name;
    if (http::HeaderNameEquals(n, "if-none-match"))
      req.if_none_match = h.value;
    else if (http::HeaderNameEquals(n, "range")) {
      req.range = h.value;
      req.has_range = true;
    } else if (http::HeaderNameEquals(n, "accept-encoding"))
      req.accept_encoding = h.value;
    else if (http::HeaderNameEquals(n, "sec-fetch-mode"))
      req.sec_fetch_mode = h.value;
    else if (http::HeaderNameEquals(n, "authorization"))
      req.has_authorization = true;
  }
  return req;
}

void SendAssetResponse(http::Exchange& exchange, assets::AssetResponse response) {
  if (response.bytes != nullptr) {
    exchange.RespondShared(response.status, std::move(response.headers), std::move(response.bytes),
                           response.offset, response.length);
  } else if (!response.file_path.empty()) {
    exchange.RespondFile(
        response.status, std::move(response.headers),
        http::FileRange{std::move(response.file_path), response.offset, response.length});
  } else {
    exchange.Respond(response.status, std::move(response.headers), std::string());
  }
}

Dispatcher::Dispatcher(const config::WorkerConfig& config,
                       std::shared_ptr<const assets::AssetServer> assets,
                       engine::WorkerIsolate* worker, http::HttpClient* upstream_client)
    : config_(config),
      assets_(std::move(assets)),
      worker_(worker),
      upstream_client_(upstream_client) {}

void Dispatcher::Handle(std::shared_ptr<http::Exchange> exchange) {
  if (assets_ == nullptr) {
    if (worker_ != nullptr) {
      worker_->HandleRequest(
          std::move(exchange),
          [this](const std::shared_ptr<http::Exchange>& ex) { PassThrough(ex); });
    } else {
      exchange->Respond(404, {}, std::string());
    }
    return;
  }
  const http::RequestHead& head = exchange->head();
  std::string path_storage;
  std::optional<std::string_view> path = NormalizedPath(head.target, &path_storage);
  if (!path) {
    exchange->Respond(400, {{"content-type", "text/plain; charset=utf-8"}},
                      "Bad Request: the request target is not a valid URL path\n");
    return;
  }
  assets::AssetRequest request = MakeAssetRequest(head, *path);
  if (worker_ == nullptr || assets_->Decide(request, true) == assets::AssetServer::Route::kAssets) {
    SendAssetResponse(*exchange, assets_->Fetch(request));
    return;
  }
  worker_->HandleRequest(std::move(exchange),
                         [this](const std::shared_ptr<http::Exchange>& ex) { PassThrough(ex); });
}

void Dispatcher::PassThrough(const std::shared_ptr<http::Exchange>& exchange) {
  if (config_.dev.upstream && upstream_client_ != nullptr) {
    http::ProxyToUpstream(*upstream_client_, exchange, *config_.dev.upstream);
    return;
  }
  const http::RequestHead& head = exchange->head();
  std::string path_storage;
  std::optional<std::string_view> path = NormalizedPath(head.target, &path_storage);
  if (assets_ == nullptr || !path) {
    exchange->Respond(500, {}, std::string());
    return;
  }
  SendAssetResponse(*exchange, assets_->Fetch(MakeAssetRequest(head, *path)));
}

}  // namespace edgerun::dispatch
