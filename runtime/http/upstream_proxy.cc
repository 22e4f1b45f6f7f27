#include "runtime/http/upstream_proxy.h"

#include <utility>
#include <vector>

#include "runtime/base/url.h"

namespace edgerun::http {
namespace {

// Headers that describe one connection, not the message (RFC 9110 section 7.6.1), plus the
// framing headers that the client and the server set for their own hop.
bool IsHopByHop(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "connection", "keep-alive", "transfer-encoding", "te",
      "trailer",    "upgrade",    "content-length",    "proxy-connection"};
  for (std::string_view n : kNames) {
    if (HeaderNameEquals(name, n)) return true;
  }
  return name.size() >= 6 && HeaderNameEquals(name.substr(0, 6), "proxy-");
}

// The names listed in Connection headers ("Connection: close, X-Foo" -> "X-Foo" is hop-by-hop).
std::vector<std::string> ConnectionTokens(const HeaderList& headers) {
  std::vector<std::string> out;
  for (const Header& h : headers) {
    if (!HeaderNameEquals(h.name, "connection")) continue;
    std::string_view v = h.value;
    while (!v.empty()) {
      size_t comma = v.find(',');
      std::string_view token = v.substr(0, comma);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) {
        token.remove_prefix(1);
      }
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) {
        token.remove_suffix(1);
      }
      if (!token.empty()) out.emplace_back(token);
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return out;
}

HeaderList EndToEnd(HeaderList headers, std::initializer_list<std::string_view> also_drop) {
  std::vector<std::string> named = ConnectionTokens(headers);
  HeaderList out;
  out.reserve(headers.size());
  for (Header& h : headers) {
    bool drop = IsHopByHop(h.name);
    for (std::string_view n : also_drop) drop = drop || HeaderNameEquals(h.name, n);
    for (const std::string& n : named) drop = drop || HeaderNameEquals(h.name, n);
    if (!drop) out.push_back(std::move(h));
  }
  return out;
}

bool Has(const HeaderList& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (HeaderNameEquals(h.name, name)) return true;
  }
  return false;
}

std::optional<uint64_t> ContentLength(const HeaderList& headers) {
  for (const Header& h : headers) {
    if (!HeaderNameEquals(h.name, "content-length")) continue;
    uint64_t n = 0;
    if (h.value.empty()) return std::nullopt;
    for (char c : h.value) {
      if (c < '0' || c > '9' || n > (UINT64_MAX - 9) / 10) return std::nullopt;
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
  }
  return std::nullopt;
}

void BadGateway(Exchange& ex, std::string_view why) {
  std::string body = "Bad Gateway: ";
  body += why;
  body += '\n';
  ex.Respond(502, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body));
}

// What one proxied exchange keeps between callbacks. Owned by the transfer's callbacks; the
// exchange's abort and drain callbacks only point at it weakly, so nothing cycles.
struct ProxyState {
  std::shared_ptr<Exchange> exchange;
  FetchHandle transfer;
  bool head_sent = false;
};

}  // namespace

std::string UpstreamUrl(std::string_view upstream_base_url, std::string_view path,
                        std::string_view query) {
  std::optional<url::Url> base = url::Parse(upstream_base_url);
  if (!base || (base->scheme_type() != url::SchemeType::kHttp &&
                base->scheme_type() != url::SchemeType::kHttps)) {
    return "";
  }
  // Resolve "path minus its leading slash" against the base, as a relative URL would be.
  std::string_view base_path = base->pathname();
  size_t last_slash = base_path.rfind('/');
  std::string out = base->origin();
  if (last_slash == std::string_view::npos) {
    out += '/';
  } else {
    out += base_path.substr(0, last_slash + 1);
  }
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  out += path;
  out += query;
  return out;
}

void ProxyToUpstream(HttpClient& client, const std::shared_ptr<Exchange>& exchange,
                     const std::string& upstream_base_url) {
  if (exchange->aborted() || exchange->responded()) return;
  const RequestHead& head = exchange->head();
  OutboundRequest request;
  request.method = head.method;
  request.url = UpstreamUrl(upstream_base_url, head.Path(), head.Query());
  if (request.url.empty()) {
    BadGateway(*exchange, "upstream \"" + upstream_base_url + "\" is not an http(s) URL");
    return;
  }
  request.headers = EndToEnd(head.headers, {"host", "expect"});
  std::string_view host = head.Host();
  if (!host.empty() && !Has(request.headers, "x-forwarded-host")) {
    request.headers.push_back({"X-Forwarded-Host", std::string(host)});
  }
  if (!Has(request.headers, "x-forwarded-proto")) {
    request.headers.push_back({"X-Forwarded-Proto", "http"});
  }
  if (head.has_body) {
    request.body_length = head.content_length;
    std::weak_ptr<Exchange> weak_ex = exchange;
    request.body_reader = [weak_ex](std::function<void(BodyChunk)> on_chunk) {
      if (auto ex = weak_ex.lock()) {
        ex->ReadBody(std::move(on_chunk));
      } else {
        on_chunk({.error = "the client went away"});
      }
    };
  }
  request.connect_timeout = std::chrono::seconds(10);

  auto state = std::make_shared<ProxyState>();
  state->exchange = exchange;
  std::weak_ptr<ProxyState> weak = state;

  FetchCallbacks callbacks;
  callbacks.on_head = [state](int status, const std::string& /*reason*/, HeaderList headers) {
    Exchange& ex = *state->exchange;
    if (ex.aborted()) return state->transfer.Cancel();
    std::optional<uint64_t> length = ContentLength(headers);
    bool chunked = Has(headers, "transfer-encoding");
    ex.StartResponse(status, EndToEnd(std::move(headers), {}), chunked ? std::nullopt : length);
    state->head_sent = true;
  };
  callbacks.on_data = [state](std::string_view chunk) {
    if (state->exchange->aborted()) {
      state->transfer.Cancel();
      return false;
    }
    return state->exchange->WriteBody(std::string(chunk));
  };
  callbacks.on_complete = [state, url = request.url](std::string error) {
    Exchange& ex = *state->exchange;
    ex.SetDrainCallback(nullptr);
    ex.SetAbortCallback(nullptr);
    if (ex.aborted()) return;
    if (!state->head_sent) {
      if (error.empty()) error = "no response";
      BadGateway(ex, "upstream " + url + " failed: " + error);
      return;
    }
    // A body cut short by the upstream: with a Content-Length the server closes the connection
    // so the client can tell; a chunked body ends normally (Exchange offers no abort).
    ex.EndResponse();
  };

  exchange->SetDrainCallback([weak] {
    if (auto s = weak.lock()) s->transfer.Resume();
  });
  exchange->SetAbortCallback([weak] {
    if (auto s = weak.lock()) s->transfer.Cancel();
  });
  state->transfer = client.Fetch(std::move(request), std::move(callbacks));
}

}  // namespace edgerun::http
