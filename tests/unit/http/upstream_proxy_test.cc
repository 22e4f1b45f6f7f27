// ProxyToUpstream end to end: a client speaks to the edgerun http::Server, whose handler proxies
// to a raw upstream server on loopback.
#include "runtime/http/upstream_proxy.h"

#include <gtest/gtest.h>

#include "tests/unit/http/raw_http_server.h"
#include "tests/unit/http/test_server.h"

namespace edgerun::http {
namespace {

using testing::Client;
using testing::RawConnection;
using testing::RawHttpServer;
using testing::RawRequest;
using testing::Response;
using testing::TestServer;

void Reply(RawConnection& c, std::string_view status_line, std::string_view headers,
           std::string_view body) {
  std::string out = std::string(status_line) + "\r\n" + std::string(headers) +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  c.Send(out);
}

uint16_t ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// The edgerun server with a proxying handler; the HttpClient lives on the server's loop.
class Proxy {
 public:
  explicit Proxy(std::string upstream_base)
      : base_(std::move(upstream_base)),
        server_([this](std::shared_ptr<Exchange> ex) { ProxyToUpstream(*client_, ex, base_); }) {
    server_.Run([this] { client_ = HttpClient::Create(server_.loop()); });
  }
  ~Proxy() {
    server_.Run([this] { client_.reset(); });
  }
  uint16_t port() const { return server_.port(); }
  size_t active_transfers() {
    size_t n = 0;
    server_.Run([&] { n = client_->active_transfers(); });
    return n;
  }

 private:
  std::string base_;
  std::unique_ptr<HttpClient> client_;  // used on the server's loop thread only
  TestServer server_;
};

std::string Request(std::string_view start, std::string_view headers = "Host: site.test\r\n") {
  return std::string(start) + " HTTP/1.1\r\n" + std::string(headers) + "\r\n";
}

TEST(UpstreamProxy, ForwardsStatusHeadersAndBodyKeepingEverySetCookie) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest&) {
    Reply(c, "HTTP/1.1 418 I'm a teapot",
          "Set-Cookie: a=1; Path=/\r\nX-Up: yes\r\nSet-Cookie: b=2\r\nContent-Type: text/x-tea\r\n",
          "from upstream");
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /x"));
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, "from upstream");
  EXPECT_EQ(r.Get("x-up"), "yes");
  EXPECT_EQ(r.Get("content-type"), "text/x-tea");
  EXPECT_EQ(r.Get("content-length"), "13");
  ASSERT_EQ(r.Count("set-cookie"), 2);
  EXPECT_NE(r.head.find("Set-Cookie: a=1; Path=/\r\n"), std::string::npos);
  EXPECT_NE(r.head.find("Set-Cookie: b=2\r\n"), std::string::npos);
}

TEST(UpstreamProxy, ForwardsMethodPathAndQueryString) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest& r) {
    Reply(c, "HTTP/1.1 200 OK", "", r.method + " " + r.target);
  });
  Proxy proxy(upstream.url("/"));
  Client c(proxy.port());
  c.Send(Request("DELETE /a/b%20c?x=1&y=%2F&z"));
  Response r = c.Read();
  EXPECT_EQ(r.body, "DELETE /a/b%20c?x=1&y=%2F&z");
}

TEST(UpstreamProxy, PathIsResolvedAgainstTheUpstreamBaseDirectory) {
  RawHttpServer upstream(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.target); });
  Proxy proxy(upstream.url("/app/"));
  Client c(proxy.port());
  c.Send(Request("GET /page?q=1"));
  EXPECT_EQ(c.Read().body, "/app/page?q=1");
}

TEST(UpstreamProxy, UpstreamUrlResolvesTheRequestPathLikeARelativeUrl) {
  EXPECT_EQ(UpstreamUrl("http://origin:8080", "/a", "?b"), "http://origin:8080/a?b");
  EXPECT_EQ(UpstreamUrl("http://origin:8080/", "/a", "?b"), "http://origin:8080/a?b");
  EXPECT_EQ(UpstreamUrl("https://origin/app/", "/a/b", ""), "https://origin/app/a/b");
  EXPECT_EQ(UpstreamUrl("https://origin/app", "/a", ""), "https://origin/a");
  EXPECT_EQ(UpstreamUrl("https://origin:443/x?drop#me", "/", "?q"), "https://origin/?q");
  EXPECT_EQ(UpstreamUrl("http://origin", "//evil.test/p", ""), "http://origin//evil.test/p");
  EXPECT_EQ(UpstreamUrl("ftp://origin/", "/a", ""), "");
  EXPECT_EQ(UpstreamUrl("not a url", "/a", ""), "");
}

TEST(UpstreamProxy, HopByHopRequestHeadersAreDroppedAndHostIsTheUpstreams) {
  RawHttpServer upstream(
      [](RawConnection& c, const RawRequest&) { Reply(c, "HTTP/1.1 204 No Content", "", ""); });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /",
                 "Host: site.test\r\n"
                 "Connection: keep-alive, X-Conn-Only\r\n"
                 "X-Conn-Only: 1\r\n"
                 "Keep-Alive: timeout=5\r\n"
                 "TE: trailers\r\n"
                 "Trailer: X-T\r\n"
                 "Proxy-Authorization: Basic eDp5\r\n"
                 "Proxy-Connection: keep-alive\r\n"
                 "X-Keep: kept\r\n"
                 "Cookie: c=1\r\n"));
  Response r = c.Read();
  ASSERT_EQ(r.status, 204);
  auto reqs = upstream.requests();
  ASSERT_EQ(reqs.size(), 1u);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Host", "127.0.0.1:" + std::to_string(upstream.port())},
      {"X-Keep", "kept"},
      {"Cookie", "c=1"},
      {"X-Forwarded-Host", "site.test"},
      {"X-Forwarded-Proto", "http"}};
  EXPECT_EQ(reqs[0].headers, expected);
}

TEST(UpstreamProxy, ClientsOwnForwardedHeadersAreKept) {
  RawHttpServer upstream(
      [](RawConnection& c, const RawRequest&) { Reply(c, "HTTP/1.1 200 OK", "", ""); });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /", "Host: site.test\r\nX-Forwarded-Proto: https\r\n"));
  c.Read();
  auto reqs = upstream.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Get("x-forwarded-proto"), "https");
  int n = 0;
  for (auto& h : reqs[0].headers) n += HeaderNameEquals(h.first, "x-forwarded-proto");
  EXPECT_EQ(n, 1);
}

TEST(UpstreamProxy, HopByHopResponseHeadersAreDropped) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest&) {
    Reply(c, "HTTP/1.1 200 OK",
          "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
          "Proxy-Authenticate: Basic\r\nUpgrade: h2c\r\nX-Stay: 1\r\n",
          "ok");
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /"));
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.Get("x-stay"), "1");
  EXPECT_FALSE(r.Get("x-hop"));
  EXPECT_FALSE(r.Get("keep-alive"));
  EXPECT_FALSE(r.Get("proxy-authenticate"));
  EXPECT_FALSE(r.Get("upgrade"));
  EXPECT_FALSE(r.Get("connection"));
}

TEST(UpstreamProxy, RequestBodyIsStreamedToTheUpstreamWithItsLength) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest& r) {
    Reply(c, "HTTP/1.1 200 OK", "",
          std::to_string(r.body.size()) + " " + r.Get("content-length").value_or("none"));
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  std::string body(300000, 'b');
  c.Send(Request("POST /upload",
                 "Host: site.test\r\nContent-Type: application/octet-stream\r\n"
                 "Content-Length: 300000\r\n") +
         body);
  Response r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "300000 300000");
  ASSERT_EQ(upstream.requests().size(), 1u);
  EXPECT_EQ(upstream.requests()[0].body, body);
  EXPECT_EQ(upstream.requests()[0].Get("content-type"), "application/octet-stream");
}

TEST(UpstreamProxy, ChunkedRequestBodyIsForwardedChunked) {
  RawHttpServer upstream(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.body); });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("PUT /", "Host: site.test\r\nTransfer-Encoding: chunked\r\n") +
         "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
  Response r = c.Read();
  EXPECT_EQ(r.body, "abcdefg");
  ASSERT_EQ(upstream.requests().size(), 1u);
  EXPECT_TRUE(upstream.requests()[0].chunked);
}

TEST(UpstreamProxy, ChunkedUpstreamResponseReachesTheClientWhole) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    c.Send("6\r\n world\r\n0\r\n\r\n");
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /"));
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(r.Get("transfer-encoding"), "chunked");
}

TEST(UpstreamProxy, RedirectFromTheUpstreamIsPassedBackNotFollowed) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest&) {
    Reply(c, "HTTP/1.1 301 Moved Permanently", "Location: /elsewhere\r\n", "");
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /old"));
  Response r = c.Read();
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Get("location"), "/elsewhere");
  EXPECT_EQ(upstream.requests().size(), 1u);
}

TEST(UpstreamProxy, UnreachableUpstreamAnswers502WithPlainTextReason) {
  Proxy proxy("http://127.0.0.1:" + std::to_string(ClosedPort()));
  Client c(proxy.port());
  c.Send(Request("GET /x"));
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.Get("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body.rfind("Bad Gateway: upstream http://127.0.0.1:", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("Couldn't connect"), std::string::npos) << r.body;
}

TEST(UpstreamProxy, InvalidUpstreamBaseAnswers502) {
  Proxy proxy("ftp://nowhere/");
  Client c(proxy.port());
  c.Send(Request("GET /x"));
  Response r = c.Read();
  EXPECT_EQ(r.status, 502);
  EXPECT_NE(r.body.find("not an http(s) URL"), std::string::npos);
}

TEST(UpstreamProxy, ClientGoingAwayCancelsTheUpstreamTransfer) {
  std::atomic<bool> upstream_saw_close{false};
  RawHttpServer upstream([&](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nstart");
    upstream_saw_close = c.WaitPeerClosed(3000);
    c.Close();
  });
  Proxy proxy(upstream.url(""));
  {
    Client c(proxy.port());
    c.Send(Request("GET /stream"));
    EXPECT_NE(c.ReadRaw(12), "");  // the head has started to arrive
    c.Reset();
  }
  EXPECT_TRUE(testing::WaitFor([&] { return upstream_saw_close.load(); }));
  EXPECT_TRUE(testing::WaitFor([&] { return proxy.active_transfers() == 0; }));
}

TEST(UpstreamProxy, SlowClientPausesTheUpstreamAndStillGetsEveryByte) {
  constexpr size_t kSize = 48 << 20;
  constexpr size_t kPiece = 64 << 10;
  std::atomic<size_t> sent{0};
  RawHttpServer upstream([&](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kSize) + "\r\n\r\n");
    std::string piece(kPiece, '\0');
    for (size_t off = 0; off < kSize; off += kPiece) {
      for (size_t i = 0; i < kPiece; ++i) piece[i] = static_cast<char>('a' + (off + i) % 26);
      if (!c.Send(piece)) return;
      sent += kPiece;
    }
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("GET /big"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // not reading yet
  size_t sent_while_stalled = sent;
  EXPECT_LT(sent_while_stalled, kSize / 2) << "the proxy buffered instead of pausing";
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.body.size(), kSize);
  bool intact = true;
  for (size_t i = 0; i < kSize && intact; ++i)
    intact = r.body[i] == static_cast<char>('a' + i % 26);
  EXPECT_TRUE(intact);
}

TEST(UpstreamProxy, HeadRequestGetsTheUpstreamsContentLengthAndNoBody) {
  RawHttpServer upstream([](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 777\r\n\r\n");
  });
  Proxy proxy(upstream.url(""));
  Client c(proxy.port());
  c.Send(Request("HEAD /file"));
  Response r = c.Read(/*head_request=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Get("content-length"), "777");
  // The connection stays usable: nothing followed the head.
  c.Send(Request("HEAD /file"));
  EXPECT_EQ(c.Read(true).status, 200);
}

}  // namespace
}  // namespace edgerun::http
