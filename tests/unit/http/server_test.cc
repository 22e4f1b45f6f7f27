// The server over real sockets: connection handling, framing, pipelining, listeners.
#include "runtime/http/server.h"

#include <gtest/gtest.h>

#include "tests/unit/http/test_server.h"

namespace edgerun::http {
namespace {

using testing::Client;
using testing::Get;
using testing::Later;
using testing::Response;
using testing::TestServer;
using testing::WaitFor;

Handler Hello() {
  return [](std::shared_ptr<Exchange> ex) {
    ex->Respond(200, {{"Content-Type", "text/plain"}}, "hello " + std::string(ex->head().Path()));
  };
}

TEST(Server, AnswersAndKeepsHttp11ConnectionsAlive) {
  TestServer s(Hello());
  ASSERT_TRUE(s.ok()) << s.error();
  Client c(s.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(Get("/x")));
    Response r = c.Read();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello /x");
    EXPECT_EQ(r.Get("content-length"), "8");
    EXPECT_FALSE(r.Get("connection"));
  }
}

TEST(Server, ThousandSequentialRequestsOnOneConnection) {
  TestServer s(Hello());
  Client c(s.port());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(c.Send(Get("/" + std::to_string(i))));
    Response r = c.Read();
    ASSERT_TRUE(r.ok) << i;
    ASSERT_EQ(r.body, "hello /" + std::to_string(i));
  }
}

TEST(Server, EveryResponseHasDateAndServer) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.Get("server"), "edgerun");
  ASSERT_TRUE(r.Get("date"));
  EXPECT_EQ(r.Get("date")->size(), 29u);
  EXPECT_NE(r.Get("date")->find(" GMT"), std::string::npos);
}

TEST(Server, ApplicationServerHeaderIsKept) {
  TestServer s([](std::shared_ptr<Exchange> ex) { ex->Respond(200, {{"Server", "mine"}}, ""); });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.Get("server"), "mine");
  EXPECT_EQ(r.Count("server"), 1);
}

TEST(Server, RepeatedSetCookieHeadersStaySeparate) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->Respond(200, {{"Set-Cookie", "a=1; Path=/"}, {"Set-Cookie", "b=2"}}, "");
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  ASSERT_EQ(r.Count("set-cookie"), 2);
  EXPECT_NE(r.head.find("Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\n"), std::string::npos);
}

TEST(Server, HeaderValuesWithNewlinesAreNotWritten) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->Respond(200, {{"X-Evil", "a\r\nInjected: yes"}, {"X-Ok", "fine"}}, "");
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_FALSE(r.Get("injected"));
  EXPECT_FALSE(r.Get("x-evil"));
  EXPECT_EQ(r.Get("x-ok"), "fine");
}

TEST(Server, ClientConnectionCloseIsHonoured) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send(Get("/", "Connection: close\r\n"));
  Response r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
}

TEST(Server, ApplicationConnectionHeaderIsReplacedByTheServers) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->Respond(200, {{"Connection", "close"}, {"Content-Length", "99"}}, "ab");
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.Get("content-length"), "2");
  EXPECT_FALSE(r.Get("connection"));
  c.Send(Get("/"));
  EXPECT_TRUE(c.Read().ok);  // still alive
}

TEST(Server, Http10ClosesUnlessKeepAliveAsked) {
  TestServer s(Hello());
  {
    Client c(s.port());
    c.Send("GET / HTTP/1.0\r\n\r\n");
    Response r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Get("connection"), "close");
    EXPECT_TRUE(c.ReadsEof());
  }
  {
    Client c(s.port());
    c.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Response r = c.Read();
    EXPECT_EQ(r.Get("connection"), "keep-alive");
    EXPECT_EQ(r.Get("content-length"), "8");
    c.Send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(c.Read().body, "hello /b");
  }
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  // /slow answers later than /fast; the handler for a request runs only after the previous
  // response is finished.
  std::vector<std::string> events;  // loop thread only
  TestServer* sp = nullptr;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    std::string path(ex->head().Path());
    events.push_back("start " + path);
    if (path == "/slow") {
      Later(sp->loop(), 50, [ex, path, &events] {
        events.push_back("end " + path);
        ex->Respond(200, {}, path);
      });
    } else {
      events.push_back("end " + path);
      ex->Respond(200, {}, path);
    }
  });
  sp = &s;
  Client c(s.port());
  c.Send(Get("/slow") + Get("/fast") + Get("/slow") + Get("/fast"));
  std::vector<std::string> bodies;
  for (int i = 0; i < 4; ++i) bodies.push_back(c.Read().body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"/slow", "/fast", "/slow", "/fast"}));
  std::vector<std::string> seen;
  s.Run([&] { seen = events; });
  EXPECT_EQ(seen,
            (std::vector<std::string>{"start /slow", "end /slow", "start /fast", "end /fast",
                                      "start /slow", "end /slow", "start /fast", "end /fast"}));
}

TEST(Server, PipelinedRequestsInOneWriteSynchronousHandler) {
  TestServer s(Hello());
  Client c(s.port());
  std::string all;
  for (int i = 0; i < 50; ++i) all += Get("/" + std::to_string(i));
  c.Send(all);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(c.Read().body, "hello /" + std::to_string(i));
}

TEST(Server, HeadResponseKeepsContentLengthWithoutBody) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send("HEAD /abc HTTP/1.1\r\nHost: t\r\n\r\n");
  Response r = c.Read(/*head_request=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Get("content-length"), "10");
  // No body bytes: the next response starts right away.
  c.Send(Get("/n"));
  EXPECT_EQ(c.Read().body, "hello /n");
}

TEST(Server, HeadResponseKeepsApplicationContentLength) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->StartResponse(200, {{"Content-Length", "1234"}}, std::nullopt);
    ex->EndResponse();
  });
  Client c(s.port());
  c.Send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
  Response r = c.Read(true);
  EXPECT_EQ(r.Get("content-length"), "1234");
  EXPECT_FALSE(r.Get("transfer-encoding"));
}

TEST(Server, NoContentAndNotModifiedCarryNoBody) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->Respond(ex->head().Path() == "/204" ? 204 : 304, {}, "ignored body");
  });
  Client c(s.port());
  for (const char* path : {"/204", "/304"}) {
    c.Send(Get(path));
    Response r = c.Read();
    EXPECT_FALSE(r.Get("content-length")) << path;
    EXPECT_FALSE(r.Get("transfer-encoding")) << path;
  }
  c.Send(Get("/204"));
  Response r = c.Read();
  EXPECT_EQ(r.status, 204);  // the ignored body did not leak into the stream
}

TEST(Server, StreamedResponseWithoutLengthIsChunked) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->StartResponse(200, {}, std::nullopt);
    ex->WriteBody("hello ");
    ex->WriteBody("");
    ex->WriteBody("world");
    ex->EndResponse();
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.Get("transfer-encoding"), "chunked");
  EXPECT_EQ(r.body, "hello world");
  c.Send(Get("/"));
  EXPECT_EQ(c.Read().body, "hello world");
}

TEST(Server, StreamedResponseWithLengthUsesContentLength) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->StartResponse(200, {}, 11);
    ex->WriteBody("hello ");
    ex->WriteBody("world");
    ex->EndResponse();
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.Get("content-length"), "11");
  EXPECT_EQ(r.body, "hello world");
}

TEST(Server, Http10StreamedResponseIsCloseDelimited) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->StartResponse(200, {}, std::nullopt);
    ex->WriteBody("abc");
    ex->WriteBody("def");
    ex->EndResponse();
  });
  Client c(s.port());
  c.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  Response r = c.Read();
  EXPECT_FALSE(r.Get("transfer-encoding"));
  EXPECT_FALSE(r.Get("content-length"));
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_EQ(r.body, "abcdef");
  EXPECT_TRUE(r.ok);
}

TEST(Server, RespondSharedServesTheRangeWithoutCopying) {
  auto bytes = std::make_shared<const std::string>("0123456789");
  TestServer s([bytes](std::shared_ptr<Exchange> ex) { ex->RespondShared(200, {}, bytes, 2, 5); });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_EQ(r.body, "23456");
}

TEST(Server, ChunkedRequestBodyIsDelivered) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    auto body = std::make_shared<std::string>();
    auto read = std::make_shared<std::function<void(BodyChunk)>>();
    *read = [ex, body, read](BodyChunk c) {
      if (!c.error.empty()) return ex->Respond(500, {}, c.error);
      if (c.done) {
        ex->Respond(200, {}, *body);
        *read = nullptr;  // break the cycle
        return;
      }
      *body += c.data;
      ex->ReadBody(*read);
    };
    ex->ReadBody(*read);
  });
  Client c(s.port());
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  c.Send("6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
  Response r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world");
  c.Send(Get("/"));  // a request without a body reads done at once
  EXPECT_EQ(c.Read().status, 200);
}

TEST(Server, UnreadRequestBodyIsSkippedAndConnectionKept) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello" + Get("/next"));
  EXPECT_EQ(c.Read().body, "hello /p");
  Response r = c.Read();
  EXPECT_EQ(r.body, "hello /next");
  EXPECT_FALSE(r.Get("connection"));
}

TEST(Server, AccessLogGetsOneRecordPerResponse) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send(Get("/a?b") + "HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n");
  c.Read();
  c.Read(true);
  ASSERT_TRUE(WaitFor([&] { return s.log().size() == 2; }));
  auto log = s.log();
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].target, "/a?b");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].body_bytes, 8u);
  EXPECT_EQ(log[1].method, "HEAD");
  EXPECT_EQ(log[1].body_bytes, 0u);
}

TEST(Server, TwoHundredConcurrentConnections) {
  TestServer s(Hello());
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 200; ++i) {
    clients.push_back(std::make_unique<Client>(s.port()));
    ASSERT_TRUE(clients.back()->connected());
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 200; ++i) clients[i]->Send(Get("/" + std::to_string(i)));
    for (int i = 0; i < 200; ++i) ASSERT_EQ(clients[i]->Read().body, "hello /" + std::to_string(i));
  }
}

TEST(Server, ExchangeOutlivesItsConnection) {
  std::shared_ptr<Exchange> kept;
  int aborts = 0;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    ex->SetAbortCallback([&] { ++aborts; });
    kept = ex;  // never answered
  });
  Client c(s.port());
  c.Send(Get("/"));
  ASSERT_TRUE(WaitFor([&] {
    bool got = false;
    s.Run([&] { got = kept != nullptr; });
    return got;
  }));
  c.Reset();  // a FIN alone could be a half-close: the request is then still answered
  bool aborted = false;
  ASSERT_TRUE(WaitFor([&] {
    s.Run([&] { aborted = kept->aborted(); });
    return aborted;
  }));
  s.Run([&] {
    kept->Respond(200, {}, "too late");  // harmless
    kept->StartResponse(200, {}, std::nullopt);
    EXPECT_FALSE(kept->WriteBody("x"));
    kept->EndResponse();
    kept->SetAbortCallback([&] { ++aborts; });  // already ran once: not again
    EXPECT_EQ(aborts, 1);
    EXPECT_EQ(s.server()->active_requests(), 0u);
    kept.reset();
  });
}

TEST(Server, ActiveRequestsCountsUnfinishedResponses) {
  std::shared_ptr<Exchange> held;
  TestServer s([&](std::shared_ptr<Exchange> ex) { held = ex; });
  Client c(s.port());
  c.Send(Get("/"));
  size_t active = 0;
  ASSERT_TRUE(WaitFor([&] {
    s.Run([&] { active = s.server()->active_requests(); });
    return active == 1;
  }));
  s.Run([&] {
    held->Respond(200, {}, "ok");
    active = s.server()->active_requests();
    held.reset();
  });
  EXPECT_EQ(active, 0u);
  EXPECT_EQ(c.Read().body, "ok");
}

TEST(Server, ListensOnIpv6Loopback) {
  TestServer s(Hello(), {}, "::1");
  ASSERT_TRUE(s.ok()) << s.error();
  Client c(s.port(), "::1");
  ASSERT_TRUE(c.connected());
  c.Send(Get("/v6"));
  EXPECT_EQ(c.Read().body, "hello /v6");
}

TEST(Server, WildcardIpv6ListenerAlsoAcceptsIpv4) {
  TestServer s(Hello(), {}, "::");
  ASSERT_TRUE(s.ok()) << s.error();
  Client c(s.port(), "127.0.0.1");
  ASSERT_TRUE(c.connected());
  c.Send(Get("/v4"));
  EXPECT_EQ(c.Read().body, "hello /v4");
}

TEST(Server, InvalidListenAddressIsAnError) {
  TestServer s(Hello(), {}, "not-an-ip");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.error().find("invalid listen address"), std::string::npos);
}

TEST(Server, TwoServersShareOnePortWithReusePort) {
  std::atomic<int> a{0}, b{0};
  TestServer first([&](std::shared_ptr<Exchange> ex) {
    ++a;
    ex->Respond(200, {}, "a");
  });
  ASSERT_TRUE(first.ok());
  TestServer second(
      [&](std::shared_ptr<Exchange> ex) {
        ++b;
        ex->Respond(200, {}, "b");
      },
      {}, "127.0.0.1", first.port());
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(second.port(), first.port());
  for (int i = 0; i < 64; ++i) {
    Client c(first.port());
    c.Send(Get("/", "Connection: close\r\n"));
    ASSERT_EQ(c.Read().status, 200);
  }
  EXPECT_GT(a.load(), 0);
  EXPECT_GT(b.load(), 0);
  EXPECT_EQ(a + b, 64);
}

TEST(Server, BindingABusyPortWithoutReusePortFails) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  TestServer s(Hello(), {}, "127.0.0.1", ntohs(a.sin_port));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.error().find("EADDRINUSE"), std::string::npos) << s.error();
  close(fd);
}

TEST(Server, StopAcceptingLetsInFlightRequestsFinish) {
  TestServer* sp = nullptr;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    Later(sp->loop(), 100, [ex] { ex->Respond(200, {}, "finished"); });
  });
  sp = &s;
  Client busy(s.port());
  Client idle(s.port());
  idle.Send(Get("/"));
  ASSERT_EQ(idle.Read().body, "finished");  // now idle, kept alive
  busy.Send(Get("/"));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::atomic<bool> drained{false};
  s.Run([&] { s.server()->StopAccepting([&] { drained = true; }); });
  EXPECT_TRUE(idle.ReadsEof());  // idle keep-alive connection closed at once
  EXPECT_FALSE(drained.load());
  Response r = busy.Read();
  EXPECT_EQ(r.body, "finished");
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_TRUE(busy.ReadsEof());
  EXPECT_TRUE(WaitFor([&] { return drained.load(); }));
  Client late(s.port());
  EXPECT_FALSE(late.connected());
}

TEST(Server, StopAcceptingWithNothingInFlightIsIdleAtOnce) {
  TestServer s(Hello());
  bool drained = false;
  s.Run([&] { s.server()->StopAccepting([&] { drained = true; }); });
  EXPECT_TRUE(drained);
}

TEST(Server, CloseAbortsInFlightExchanges) {
  std::shared_ptr<Exchange> held;
  int aborts = 0;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    ex->SetAbortCallback([&] { ++aborts; });
    held = ex;
  });
  Client c(s.port());
  c.Send(Get("/"));
  ASSERT_TRUE(WaitFor([&] {
    bool got;
    s.Run([&] { got = held != nullptr; });
    return got;
  }));
  s.Run([&] {
    s.server()->Close();
    EXPECT_TRUE(held->aborted());
    EXPECT_EQ(aborts, 1);
    held.reset();
  });
  EXPECT_TRUE(c.ReadsEof());
}

}  // namespace
}  // namespace edgerun::http
