// Answers an incoming request by forwarding it to an upstream origin (`--upstream URL`): what
// `ctx.passThroughOnException()` falls back to when the worker fails and an upstream is set.
//
// The request goes to the upstream URL resolved the way Miniflare/wrangler dev do it: the
// request's path (without its leading "/") and query, relative to the upstream base. So
// "http://origin:8080" and "http://origin:8080/" forward "/a?b" to "http://origin:8080/a?b",
// "http://origin/app/" forwards it to "http://origin/app/a?b", and "http://origin/app" (no
// trailing slash) to "http://origin/a?b".
//
// Request headers are forwarded in order, except the hop-by-hop ones (Connection and the
// headers it names, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade, Proxy-*), Host (set to
// the upstream's host), Content-Length (set from the body) and Expect (the server already
// answered 100-continue). Added: X-Forwarded-Host (the Host the client asked for) and
// X-Forwarded-Proto: http, unless the client sent them. No X-Forwarded-For: the exchange does
// not carry the peer address. The body is streamed through as it arrives.
//
// The response is streamed back with the upstream's status, headers (less hop-by-hop ones) and
// body, with backpressure: the upstream is paused while the client is slow. Redirects are
// passed back, not followed, and the body is not decoded. If the upstream cannot be reached (or
// fails before its head), the answer is 502 text/plain naming the reason. If the client goes
// away, the upstream transfer is cancelled.
#pragma once

#include <memory>
#include <string>

#include "runtime/http/exchange.h"
#include "runtime/http/http_client.h"

namespace edgerun::http {

void ProxyToUpstream(HttpClient& client, const std::shared_ptr<Exchange>& exchange,
                     const std::string& upstream_base_url);

// The URL a request for `path_and_query` ("/a?b") goes to; "" when the base is not an absolute
// http(s) URL.
std::string UpstreamUrl(std::string_view upstream_base_url, std::string_view path,
                        std::string_view query);

}  // namespace edgerun::http
