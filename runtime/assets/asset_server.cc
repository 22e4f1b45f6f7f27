#include "runtime/assets/asset_server.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "runtime/assets/byte_range.h"
#include "runtime/assets/compression.h"
#include "runtime/assets/html_handling.h"
#include "runtime/assets/path_encoding.h"
#include "runtime/base/log.h"

namespace edgerun::assets {
namespace {

constexpr std::string_view kDefaultCompatibilityDate = "2021-11-02";
constexpr std::string_view kNavigationFlagOnFrom = "2025-04-01";
constexpr std::string_view kNavigationEnable = "assets_navigation_prefers_asset_serving";
constexpr std::string_view kNavigationDisable = "assets_navigation_has_no_effect";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return http::HeaderNameEquals(a, b);  // ASCII case-insensitive
}

// Root-level rule file, or nothing when it is absent (a directory or unreadable file counts as
// absent).
std::optional<std::string> ReadRuleFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

void AddWarnings(const std::vector<ParseMessage>& messages, const std::string& file,
                 std::vector<Error>* warnings) {
  if (warnings == nullptr) return;
  for (const ParseMessage& m : messages) warnings->push_back(Error{m.message, file, m.line});
}

// A Location built from a decoded path is always a path on this site; refuse anything that
// could read as another origin (never expected: decoding collapsed every "//").
bool IsSameSitePath(std::string_view location) {
  return !location.empty() && location[0] == '/' && (location.size() == 1 || location[1] != '/');
}

}  // namespace

bool NavigationPrefersAssets(std::string_view date, const std::vector<std::string>& flags) {
  bool enable = std::find(flags.begin(), flags.end(), kNavigationEnable) != flags.end();
  bool disable = std::find(flags.begin(), flags.end(), kNavigationDisable) != flags.end();
  if (enable) return true;  // both listed: enable wins
  if (date.empty()) date = kDefaultCompatibilityDate;
  return date >= kNavigationFlagOnFrom && !disable;
}

Result<std::unique_ptr<AssetServer>> AssetServer::Create(const config::WorkerConfig& config,
                                                         std::vector<Error>* warnings) {
  return Create(config, warnings, IndexOptions{});
}

Result<std::unique_ptr<AssetServer>> AssetServer::Create(const config::WorkerConfig& config,
                                                         std::vector<Error>* warnings,
                                                         const IndexOptions& index_options) {
  if (!config.assets) return Error{"the worker has no [assets] section", ""};
  const config::AssetsConfig& assets = *config.assets;
  std::unique_ptr<AssetServer> server(new AssetServer());
  server->directory_ = assets.directory;
  server->index_options_ = index_options;
  server->pages_ = config.pages;
  server->index_options_.pages_mode = config.pages;
  server->html_handling_ = assets.html_handling;
  server->not_found_handling_ = assets.not_found_handling;
  server->run_worker_first_all_ = assets.run_worker_first.all;
  if (assets.run_worker_first.is_array) {
    Result<StaticRouting> routing = StaticRouting::Parse(assets.run_worker_first.patterns);
    if (!routing.ok()) {
      Error e = routing.error();
      e.file = assets.source_file;
      e.line = assets.run_worker_first_line;
      e.column = assets.run_worker_first_column;
      return e;
    }
    server->static_routing_ = std::move(routing).value();
  }
  server->navigation_prefers_assets_ =
      NavigationPrefersAssets(config.compatibility_date, config.compatibility_flags);
  Result<std::shared_ptr<const State>> state = server->BuildState(nullptr, warnings);
  if (!state.ok()) return state.error();
  server->state_.store(std::move(state).value());
  return server;
}

Result<std::shared_ptr<const AssetServer::State>> AssetServer::BuildState(
    const AssetIndex* previous, std::vector<Error>* warnings) const {
  Result<std::shared_ptr<const AssetIndex>> index =
      AssetIndex::Build(directory_, index_options_, previous);
  if (!index.ok()) return index.error();
  auto state = std::make_shared<State>();
  state->index = std::move(index).value();
  const std::string& root = state->index->root();
  if (pages_) {
    if (std::optional<std::string> text = ReadRuleFile(root + "/_routes.json")) {
      Result<PagesRoutes> routes = PagesRoutes::Parse(*text);
      if (routes.ok()) {
        state->routes = std::move(routes).value();
      } else if (warnings != nullptr) {
        warnings->push_back(
            Error{routes.error().message + "; every path runs the worker", root + "/_routes.json"});
      }
    }
  }
  std::string headers_path = root + "/_headers";
  if (std::optional<std::string> text = ReadRuleFile(headers_path)) {
    std::vector<ParseMessage> messages;
    state->headers = HeadersRules::Parse(*text, &messages);
    state->has_headers = !state->headers.rules().empty();
    AddWarnings(messages, headers_path, warnings);
  }
  std::string redirects_path = root + "/_redirects";
  if (std::optional<std::string> text = ReadRuleFile(redirects_path)) {
    std::vector<ParseMessage> messages;
    state->redirects =
        RedirectsRules::Parse(*text, html_handling_ == config::HtmlHandling::kNone, &messages);
    state->has_redirects = state->redirects.rule_count() > 0;
    AddWarnings(messages, redirects_path, warnings);
  }
  return std::shared_ptr<const State>(std::move(state));
}

Status AssetServer::Rebuild(std::vector<Error>* warnings) {
  std::lock_guard<std::mutex> lock(rebuild_mu_);
  std::shared_ptr<const State> current = state_.load();
  Result<std::shared_ptr<const State>> next = BuildState(current->index.get(), warnings);
  if (!next.ok()) return next.error();
  state_.store(std::move(next).value());
  return Ok{};
}

void AssetServer::Finish(const State& state, const AssetRequest& request,
                         AssetResponse& response) const {
  if (state.has_headers) {
    std::string_view raw_path = request.path.empty() ? std::string_view("/") : request.path;
    state.headers.Apply(request.host, raw_path, response.headers);
  }
}

bool AssetServer::CanFetch(const AssetRequest& request, bool keep_not_found_fallback) const {
  std::shared_ptr<const State> state = state_.load();
  std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  // Any `_redirects` match answers, a 200 rewrite too, whether its target exists or not.
  if (state->has_redirects && state->redirects.Matches(path)) return true;
  std::string decoded_storage;
  std::string_view decoded = path;
  if (!DecodeIsIdentity(path)) {
    decoded_storage = DecodePath(path);
    decoded = decoded_storage;
  }
  Resolution r =
      ResolveHtml(*state->index, decoded, html_handling_,
                  keep_not_found_fallback ? not_found_handling_ : config::NotFoundHandling::kNone);
  return r.kind != Resolution::Kind::kMiss;
}

AssetServer::Route AssetServer::Decide(const AssetRequest& request, bool has_worker) const {
  if (!has_worker) return Route::kAssets;
  std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  if (pages_) {
    // The Pages worker runs for every path _routes.json includes (all paths without one) and
    // reaches assets through env.ASSETS; excluded paths are served as assets directly.
    std::shared_ptr<const State> state = state_.load();
    if (state->routes && !state->routes->RunsWorker(path)) return Route::kAssets;
    return Route::kWorker;
  }
  if (static_routing_) {
    switch (static_routing_->Match(path)) {
      case StaticRouting::Decision::kAssets:
        return Route::kAssets;
      case StaticRouting::Decision::kWorker:
        return Route::kWorker;
      case StaticRouting::Decision::kNoMatch:
        break;
    }
  } else if (run_worker_first_all_) {
    return Route::kWorker;
  }
  bool keep = static_routing_.has_value() ||
              (navigation_prefers_assets_ && request.sec_fetch_mode == "navigate");
  return CanFetch(request, keep) ? Route::kAssets : Route::kWorker;
}

AssetResponse AssetServer::Fetch(const AssetRequest& request) const {
  std::shared_ptr<const State> state = state_.load();
  AssetResponse response;
  std::string_view path = request.path.empty() ? std::string_view("/") : request.path;

  // 1. _redirects: a 3xx answers at once; a 200 rewrites the path (not chained).
  std::string rewritten;
  if (state->has_redirects) {
    if (std::optional<RedirectMatch> m = state->redirects.Match(path)) {
      if (m->status != 200) {
        response.status = m->status;
        response.headers.push_back(
            {"Location", RedirectsRules::Location(*m, request.host, request.query)});
        Finish(*state, request, response);
        return response;
      }
      rewritten = RedirectsRules::RewritePath(*m);
      path = rewritten;
    }
  }

  // 2. Decode per segment and collapse "//".
  std::string decoded_storage;
  std::string_view decoded = path;
  if (!DecodeIsIdentity(path)) {
    decoded_storage = DecodePath(path);
    decoded = decoded_storage;
  }

  // 3-4. html_handling, then not_found_handling.
  Resolution r = ResolveHtml(*state->index, decoded, html_handling_, not_found_handling_);
  if (r.kind == Resolution::Kind::kMiss) {
    response.status = 404;
    Finish(*state, request, response);
    return response;
  }

  // 5. Only GET and HEAD from here on (the method check comes before any redirect).
  bool is_head = EqualsIgnoreCase(request.method, "HEAD");
  if (!is_head && !EqualsIgnoreCase(request.method, "GET")) {
    response.status = 405;
    Finish(*state, request, response);
    return response;
  }

  // 6. html_handling redirect, or canonical-encoding redirect (also when only a fallback
  // resolved: recorded reference behaviour 1, 4).
  bool html_redirect = r.kind == Resolution::Kind::kRedirect;
  if (html_redirect || !EncodesTo(decoded, path)) {
    std::string location = EncodePath(html_redirect ? std::string_view(r.redirect) : decoded);
    if (!IsSameSitePath(location)) {
      response.status = 404;
      Finish(*state, request, response);
      return response;
    }
    location.append(request.query);
    response.status = (html_redirect && pages_) ? 308 : 307;
    response.headers.push_back({"Location", std::move(location)});
    Finish(*state, request, response);
    return response;
  }

  const AssetEntry& entry = *r.asset;
  bool cacheable = !request.has_authorization && !request.has_range;
  const http::HeaderList& base = cacheable ? entry.headers : entry.headers_no_cache;

  // 7. If-None-Match: exactly "<hash>" or W/"<hash>" (no lists, no `*`).
  std::string_view inm = request.if_none_match;
  if (!inm.empty() &&
      (inm == entry.etag || (inm.size() == entry.etag.size() + 2 && inm.starts_with("W/") &&
                             inm.substr(2) == entry.etag))) {
    response.status = 304;
    response.headers = base;
    Finish(*state, request, response);
    return response;
  }

  // 8. The body: Range (GET, 200 only), then Accept-Encoding.
  EncodingChoice choice = NegotiateEncoding(request.accept_encoding, entry.compressible,
                                            entry.size > kMinCompressBytes);
  if (!is_head && r.status == 200 && request.has_range && choice.identity_acceptable) {
    ByteRange range = ParseByteRange(request.range, entry.size);
    if (range.kind == ByteRange::Kind::kUnsatisfiable) {
      response.status = 416;
      response.headers.push_back({"Content-Range", "bytes */" + std::to_string(entry.size)});
      Finish(*state, request, response);
      return response;
    }
    if (range.kind == ByteRange::Kind::kSatisfiable) {
      response.status = 206;
      response.headers = entry.headers_no_cache;
      response.headers.push_back(
          {"Content-Range", "bytes " + std::to_string(range.offset) + "-" +
                                std::to_string(range.offset + range.length - 1) + "/" +
                                std::to_string(entry.size)});
      response.headers.push_back({"Accept-Ranges", "bytes"});
      response.offset = range.offset;
      response.length = range.length;
      if (entry.bytes) {
        response.bytes = entry.bytes;
      } else {
        response.file_path = entry.file_path;
      }
      Finish(*state, request, response);
      return response;
    }
  }
  if (!choice.acceptable) {
    response.status = 415;
    if (entry.varies_by_encoding()) response.headers.push_back({"Vary", "Accept-Encoding"});
    Finish(*state, request, response);
    return response;
  }

  response.status = r.status;
  response.headers = base;
  if (choice.encoding != Encoding::kIdentity) {
    std::shared_ptr<const std::string> compressed = entry.Compressed(choice.encoding);
    if (!compressed) {
      response = AssetResponse{};
      response.status = 500;
      Finish(*state, request, response);
      return response;
    }
    response.headers.push_back({"Content-Encoding", std::string(EncodingName(choice.encoding))});
    response.length = compressed->size();
    response.bytes = std::move(compressed);
  } else if (entry.bytes) {
    response.bytes = entry.bytes;
    response.length = entry.size;
  } else {
    // Served from disk by the sender: check it is still there and unchanged, so a removed file
    // is a 500 with a log line rather than a broken response.
    struct stat st;
    if (::stat(entry.file_path.c_str(), &st) != 0 ||
        static_cast<uint64_t>(st.st_size) != entry.size) {
      log::Error("assets: cannot read " + entry.file_path + " (removed or changed since indexed)");
      response = AssetResponse{};
      response.status = 500;
      Finish(*state, request, response);
      return response;
    }
    response.file_path = entry.file_path;
    response.length = entry.size;
  }
  Finish(*state, request, response);
  return response;
}

}  // namespace edgerun::assets
