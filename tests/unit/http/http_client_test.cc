// The outbound client against a raw loopback server: what goes on the wire, what comes back,
// backpressure, failures, cancellation.
#include "runtime/http/http_client.h"

#include <gtest/gtest.h>

#include "tests/unit/http/raw_http_server.h"

namespace edgerun::http {
namespace {

using testing::After;
using testing::RawConnection;
using testing::RawHttpServer;
using testing::RawRequest;
using testing::TestLoop;

struct Outcome {
  int heads = 0;
  int status = 0;
  std::string reason;
  HeaderList headers;
  std::string body;
  int chunks = 0;
  bool done = false;
  std::string error;

  std::optional<std::string> Get(std::string_view name) const {
    for (auto& h : headers) {
      if (HeaderNameEquals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }
};

FetchCallbacks Record(Outcome* out) {
  FetchCallbacks cb;
  cb.on_head = [out](int status, std::string reason, HeaderList headers) {
    ++out->heads;
    out->status = status;
    out->reason = std::move(reason);
    out->headers = std::move(headers);
  };
  cb.on_data = [out](std::string_view chunk) {
    ++out->chunks;
    out->body += chunk;
    return true;
  };
  cb.on_complete = [out](std::string error) {
    out->done = true;
    out->error = std::move(error);
  };
  return cb;
}

void Reply(RawConnection& c, std::string_view status_line, std::string_view headers,
           std::string_view body) {
  std::string out = std::string(status_line) + "\r\n" + std::string(headers) +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  c.Send(out);
}

// A port nothing listens on.
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

class HttpClientTest : public ::testing::Test {
 protected:
  Outcome Run(OutboundRequest request, int ms = 5000) {
    Outcome out;
    client->Fetch(std::move(request), Record(&out));
    loop.RunUntil([&] { return out.done; }, ms);
    return out;
  }

  TestLoop loop;
  std::unique_ptr<HttpClient> client = HttpClient::Create(loop.get());
};

TEST_F(HttpClientTest, GetSendsOnlyTheCallersHeadersAndReceivesStatusReasonHeadersBody) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    Reply(c, "HTTP/1.1 201 Made It", "X-Reply: yes\r\n", "hello");
  });
  OutboundRequest req;
  req.url = server.url("/path/x?q=1&r=%20");
  req.headers = {{"X-One", "1"}, {"X-Dup", "a"}, {"X-Dup", "b"}, {"X-Empty", ""}};
  Outcome out = Run(std::move(req));
  ASSERT_TRUE(out.done);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.heads, 1);
  EXPECT_EQ(out.status, 201);
  EXPECT_EQ(out.reason, "Made It");
  EXPECT_EQ(out.Get("x-reply"), "yes");
  EXPECT_EQ(out.Get("content-length"), "5");
  EXPECT_EQ(out.body, "hello");

  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const RawRequest& r = reqs[0];
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/path/x?q=1&r=%20");
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Host", "127.0.0.1:" + std::to_string(server.port())},
      {"X-One", "1"},
      {"X-Dup", "a"},
      {"X-Dup", "b"},
      {"X-Empty", ""}};
  EXPECT_EQ(r.headers, expected);  // no Accept, User-Agent or Accept-Encoding of curl's own
}

TEST_F(HttpClientTest, PostSendsStringBodyWithContentLengthAndNoDefaultContentType) {
  RawHttpServer server([](RawConnection& c, const RawRequest& r) {
    Reply(c, "HTTP/1.1 200 OK", "", "got " + r.body);
  });
  OutboundRequest req;
  req.method = "POST";
  req.url = server.url("/submit");
  req.body = std::string(100000, 'p') + "end";
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.body.size(), 4 + 100003u);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].Get("content-length"), "100003");
  EXPECT_FALSE(reqs[0].Get("content-type"));
  EXPECT_FALSE(reqs[0].Get("expect"));
  EXPECT_EQ(reqs[0].body.substr(100000), "end");
}

TEST_F(HttpClientTest, CustomMethodWithBodyIsSentAsGiven) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest&) { Reply(c, "HTTP/1.1 204 No Content", "", ""); });
  OutboundRequest req;
  req.method = "PATCH";
  req.url = server.url("/p");
  req.headers = {{"Content-Type", "application/json"}};
  req.body = "{}";
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.status, 204);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "PATCH");
  EXPECT_EQ(reqs[0].body, "{}");
  EXPECT_EQ(reqs[0].Get("content-type"), "application/json");
}

TEST_F(HttpClientTest, PulledBodyOfUnknownLengthIsSentChunked) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.body); });
  std::vector<std::string> parts = {"one,", "two,", std::string(70000, 'x'), "three"};
  size_t next = 0;
  OutboundRequest req;
  req.method = "PUT";
  req.url = server.url("/up");
  // Each chunk arrives a little later, as from a slow client.
  req.body_reader = [&](std::function<void(BodyChunk)> on_chunk) {
    After(loop.get(), 2, [&, on_chunk] {
      BodyChunk c;
      if (next < parts.size()) {
        c.data = parts[next++];
      } else {
        c.done = true;
      }
      on_chunk(std::move(c));
    });
  };
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_TRUE(reqs[0].chunked);
  EXPECT_EQ(reqs[0].body, "one,two," + std::string(70000, 'x') + "three");
  EXPECT_EQ(out.body, reqs[0].body);
}

TEST_F(HttpClientTest, PulledBodyWithKnownLengthIsSentWithContentLength) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.body); });
  bool sent = false;
  OutboundRequest req;
  req.method = "POST";
  req.url = server.url("/");
  req.body_length = 5;
  req.body_reader = [&](std::function<void(BodyChunk)> on_chunk) {  // answers at once
    BodyChunk c;
    if (!sent) c.data = "hello";
    c.done = sent;
    sent = true;
    on_chunk(std::move(c));
  };
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].Get("content-length"), "5");
  EXPECT_EQ(out.body, "hello");
}

TEST_F(HttpClientTest, BodyReaderErrorFailsTheTransfer) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest&) { Reply(c, "HTTP/1.1 200 OK", "", ""); });
  OutboundRequest req;
  req.method = "POST";
  req.url = server.url("/");
  req.body_reader = [&](std::function<void(BodyChunk)> on_chunk) {
    After(loop.get(), 1, [on_chunk] { on_chunk({.error = "client went away"}); });
  };
  Outcome out = Run(std::move(req));
  ASSERT_TRUE(out.done);
  EXPECT_EQ(out.error, "request body: client went away");
}

TEST_F(HttpClientTest, ChunkedResponseIsDeliveredDechunkedWithItsHeadersAsReceived) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    c.Send(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1\r\nSet-Cookie: "
        "b=2\r\n\r\n");
    c.Send("5\r\nhello\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    c.Send("7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
  });
  OutboundRequest req;
  req.url = server.url();
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.body, "hello, world");
  EXPECT_GE(out.chunks, 2);
  EXPECT_EQ(out.Get("transfer-encoding"), "chunked");
  HeaderList cookies;
  for (auto& h : out.headers) {
    if (HeaderNameEquals(h.name, "set-cookie")) cookies.push_back(h);
  }
  ASSERT_EQ(cookies.size(), 2u);
  EXPECT_EQ(cookies[0].value, "a=1");
  EXPECT_EQ(cookies[1].value, "b=2");
  EXPECT_FALSE(out.Get("x-trailer"));  // trailers are not part of the head
}

TEST_F(HttpClientTest, OnDataReturningFalsePausesUntilResume) {
  constexpr size_t kSize = 8 << 20;
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    std::string body(kSize, '\0');
    for (size_t i = 0; i < kSize; ++i) body[i] = static_cast<char>('a' + i % 26);
    Reply(c, "HTTP/1.1 200 OK", "", body);
  });
  Outcome out;
  size_t received = 0;
  bool paused = false;
  int calls_while_paused = 0;
  int pauses = 0;
  bool order_ok = true;
  FetchHandle handle;
  FetchCallbacks cb = Record(&out);
  cb.on_data = [&](std::string_view chunk) {
    if (paused) ++calls_while_paused;
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (chunk[i] != static_cast<char>('a' + (received + i) % 26)) order_ok = false;
    }
    received += chunk.size();
    if (received < kSize) {
      // Pause after every chunk and resume from the loop a moment later.
      paused = true;
      ++pauses;
      After(loop.get(), 1, [&] {
        paused = false;
        handle.Resume();
      });
      return false;
    }
    return true;
  };
  OutboundRequest req;
  req.url = server.url("/big");
  handle = client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return out.done; }, 20000));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(received, kSize);
  EXPECT_TRUE(order_ok);
  EXPECT_EQ(calls_while_paused, 0);
  EXPECT_GT(pauses, 10);
}

TEST_F(HttpClientTest, PausedTransferReceivesNothingUntilResumed) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    Reply(c, "HTTP/1.1 200 OK", "", std::string(4 << 20, 'z'));
  });
  Outcome out;
  size_t received = 0;
  FetchCallbacks cb = Record(&out);
  cb.on_data = [&](std::string_view chunk) {
    received += chunk.size();
    return false;  // pause at once, every time
  };
  OutboundRequest req;
  req.url = server.url();
  FetchHandle handle = client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return received > 0; }));
  loop.RunFor(200);
  size_t while_paused = received;
  EXPECT_LT(while_paused, size_t{1} << 20);
  EXPECT_FALSE(out.done);
  handle.Resume();
  loop.RunUntil([&] { return received > while_paused; });
  EXPECT_GT(received, while_paused);
  // Resume repeatedly until everything arrived.
  ASSERT_TRUE(loop.RunUntil(
      [&] {
        handle.Resume();
        return out.done;
      },
      20000));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(received, size_t{4} << 20);
}

TEST_F(HttpClientTest, ConnectionRefusedCompletesWithErrorAndNoHead) {
  OutboundRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/";
  Outcome out = Run(std::move(req));
  ASSERT_TRUE(out.done);
  EXPECT_EQ(out.heads, 0);
  EXPECT_NE(out.error.find("Couldn't connect"), std::string::npos) << out.error;
}

TEST_F(HttpClientTest, TimeoutCompletesWithTimeoutError) {
  RawHttpServer server([&](RawConnection& c, const RawRequest&) {
    c.WaitPeerClosed(3000);  // never answers
    c.Close();
  });
  OutboundRequest req;
  req.url = server.url();
  req.timeout = std::chrono::milliseconds(200);
  auto start = std::chrono::steady_clock::now();
  Outcome out = Run(std::move(req));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(out.done);
  EXPECT_NE(out.error.find("Timeout"), std::string::npos) << out.error;
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

TEST_F(HttpClientTest, CancelMidBodyStopsCallbacksAndClosesTheConnection) {
  std::atomic<bool> peer_closed{false};
  RawHttpServer server([&](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nfirst part");
    peer_closed = c.WaitPeerClosed(3000);
    c.Close();
  });
  Outcome out;
  FetchHandle handle;
  FetchCallbacks cb = Record(&out);
  cb.on_data = [&](std::string_view chunk) {
    out.body += chunk;
    handle.Cancel();  // from inside the callback
    return true;
  };
  OutboundRequest req;
  req.url = server.url();
  handle = client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return !out.body.empty(); }));
  EXPECT_FALSE(handle.active());
  loop.RunUntil([&] { return peer_closed.load(); }, 3000);
  EXPECT_TRUE(peer_closed);
  EXPECT_FALSE(out.done);  // on_complete never runs for a cancelled transfer
  EXPECT_EQ(client->active_transfers(), 0u);
}

TEST_F(HttpClientTest, CancelFromOutsideBeforeAnyResponseRunsNoCallback) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    c.WaitPeerClosed(3000);
    c.Close();
  });
  Outcome out;
  OutboundRequest req;
  req.url = server.url();
  FetchHandle handle = client->Fetch(std::move(req), Record(&out));
  loop.RunUntil([&] { return server.requests().size() == 1; });
  handle.Cancel();
  loop.RunFor(50);
  EXPECT_FALSE(out.done);
  EXPECT_EQ(out.heads, 0);
  EXPECT_EQ(client->active_transfers(), 0u);
}

TEST_F(HttpClientTest, RedirectsAreReturnedUnlessFollowIsAsked) {
  RawHttpServer server([](RawConnection& c, const RawRequest& r) {
    if (r.target == "/old") {
      Reply(c, "HTTP/1.1 302 Found", "Location: /new\r\n", "moved");
    } else {
      Reply(c, "HTTP/1.1 200 OK", "", "at " + r.target);
    }
  });
  OutboundRequest req;
  req.url = server.url("/old");
  Outcome plain = Run(req);
  EXPECT_EQ(plain.status, 302);
  EXPECT_EQ(plain.Get("location"), "/new");
  EXPECT_EQ(plain.body, "moved");

  req.follow_redirects = true;
  Outcome followed = Run(req);
  EXPECT_EQ(followed.error, "");
  EXPECT_EQ(followed.heads, 1);
  EXPECT_EQ(followed.status, 200);
  EXPECT_EQ(followed.body, "at /new");
}

TEST_F(HttpClientTest, HeadRequestGetsHeadWithoutBody) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
  });
  OutboundRequest req;
  req.method = "HEAD";
  req.url = server.url();
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.Get("content-length"), "1234");
  EXPECT_EQ(out.body, "");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "HEAD");
}

TEST_F(HttpClientTest, ContentEncodingIsNotDecodedUnlessAsked) {
  RawHttpServer server([](RawConnection& c, const RawRequest& r) {
    Reply(c, "HTTP/1.1 200 OK", "Content-Encoding: gzip\r\n",
          r.Get("accept-encoding") ? "asked" : "raw-bytes");
  });
  OutboundRequest req;
  req.url = server.url();
  Outcome out = Run(std::move(req));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.body, "raw-bytes");
  EXPECT_EQ(out.Get("content-encoding"), "gzip");
}

TEST_F(HttpClientTest, SequentialRequestsToOneOriginReuseTheConnection) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.target); });
  for (int i = 0; i < 3; ++i) {
    OutboundRequest req;
    req.url = server.url("/" + std::to_string(i));
    EXPECT_EQ(Run(std::move(req)).body, "/" + std::to_string(i));
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(HttpClientTest, ManyConcurrentTransfersAllComplete) {
  RawHttpServer server([](RawConnection& c, const RawRequest& r) {
    Reply(c, "HTTP/1.1 200 OK", "", std::string(50000, r.target[1]));
  });
  std::vector<Outcome> outs(20);
  for (int i = 0; i < 20; ++i) {
    OutboundRequest req;
    req.url = server.url("/" + std::string(1, static_cast<char>('a' + i)));
    client->Fetch(std::move(req), Record(&outs[i]));
  }
  ASSERT_TRUE(loop.RunUntil([&] {
    for (auto& o : outs) {
      if (!o.done) return false;
    }
    return true;
  }));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(outs[i].error, "");
    EXPECT_EQ(outs[i].body, std::string(50000, static_cast<char>('a' + i)));
  }
}

TEST_F(HttpClientTest, InvalidHeaderValueFailsThroughOnCompleteNotSynchronously) {
  Outcome out;
  OutboundRequest req;
  req.url = "http://127.0.0.1:1/";
  req.headers = {{"X-Bad", "a\r\nInjected: 1"}};
  client->Fetch(std::move(req), Record(&out));
  EXPECT_FALSE(out.done);
  ASSERT_TRUE(loop.RunUntil([&] { return out.done; }));
  EXPECT_EQ(out.error, "invalid value for header \"X-Bad\"");
}

TEST_F(HttpClientTest, NonHttpSchemeIsRefused) {
  OutboundRequest req;
  req.url = "file:///etc/passwd";
  Outcome out = Run(std::move(req));
  ASSERT_TRUE(out.done);
  EXPECT_NE(out.error, "");
  EXPECT_EQ(out.body, "");
}

TEST_F(HttpClientTest, CloseEndsInFlightTransfersWithAnError) {
  RawHttpServer server([](RawConnection& c, const RawRequest&) {
    c.WaitPeerClosed(3000);
    c.Close();
  });
  Outcome out;
  OutboundRequest req;
  req.url = server.url();
  client->Fetch(std::move(req), Record(&out));
  loop.RunUntil([&] { return server.requests().size() == 1; });
  client->Close();
  EXPECT_TRUE(out.done);
  EXPECT_EQ(out.error, "HttpClient is closed");
  Outcome late;
  client->Fetch(OutboundRequest{.url = server.url()}, Record(&late));
  EXPECT_EQ(late.error, "HttpClient is closed");
}

TEST_F(HttpClientTest, FetchFromOnCompleteStartsTheNextTransfer) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.target); });
  Outcome first, second;
  FetchCallbacks cb = Record(&first);
  cb.on_complete = [&](std::string error) {
    first.done = true;
    first.error = error;
    OutboundRequest next;
    next.url = server.url("/second");
    client->Fetch(std::move(next), Record(&second));
  };
  OutboundRequest req;
  req.url = server.url("/first");
  client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return second.done; }));
  EXPECT_EQ(first.body, "/first");
  EXPECT_EQ(second.body, "/second");
}

TEST_F(HttpClientTest, FetchFromOnDataStartsTheNextTransfer) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest& r) { Reply(c, "HTTP/1.1 200 OK", "", r.target); });
  Outcome first, second;
  FetchCallbacks cb = Record(&first);
  cb.on_data = [&](std::string_view chunk) {
    first.body += chunk;
    OutboundRequest next;
    next.url = server.url("/second");
    client->Fetch(std::move(next), Record(&second));
    return true;
  };
  OutboundRequest req;
  req.url = server.url("/first");
  client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return first.done && second.done; }));
  EXPECT_EQ(first.body, "/first");
  EXPECT_EQ(second.body, "/second");
}

TEST_F(HttpClientTest, CancelWhilePausedReleasesTheTransferAndItsConnection) {
  std::atomic<bool> peer_closed{false};
  RawHttpServer server([&](RawConnection& c, const RawRequest&) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
    std::string piece(1 << 16, 'x');
    while (c.Send(piece)) {
    }
    peer_closed = true;
    c.Close();
  });
  Outcome out;
  FetchCallbacks cb = Record(&out);
  cb.on_data = [&](std::string_view chunk) {
    out.body += chunk;
    return false;
  };
  OutboundRequest req;
  req.url = server.url();
  FetchHandle handle = client->Fetch(std::move(req), std::move(cb));
  ASSERT_TRUE(loop.RunUntil([&] { return !out.body.empty(); }));
  loop.RunFor(50);
  handle.Cancel();
  EXPECT_EQ(client->active_transfers(), 0u);
  loop.RunUntil([&] { return peer_closed.load(); });
  EXPECT_TRUE(peer_closed);
  EXPECT_FALSE(out.done);
}

TEST_F(HttpClientTest, ClientMayBeDestroyedFromOnComplete) {
  RawHttpServer server(
      [](RawConnection& c, const RawRequest&) { Reply(c, "HTTP/1.1 200 OK", "", "x"); });
  Outcome a, b;
  FetchCallbacks cb = Record(&a);
  cb.on_complete = [&](std::string) {
    a.done = true;
    client.reset();
  };
  OutboundRequest req;
  req.url = server.url();
  client->Fetch(req, std::move(cb));
  client->Fetch(req, Record(&b));  // still in flight when the client goes: told it closed
  ASSERT_TRUE(loop.RunUntil([&] { return a.done; }));
  EXPECT_EQ(client, nullptr);
  EXPECT_TRUE(b.done);  // completed first, or told the client closed
  EXPECT_TRUE(b.error.empty() || b.error == "HttpClient is closed") << b.error;
}

}  // namespace
}  // namespace edgerun::http
