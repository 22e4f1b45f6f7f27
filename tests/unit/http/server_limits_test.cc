// The server over real sockets: every limit and timeout answers with its status, a short
// text/plain reason and `Connection: close`, then closes.
#include <gtest/gtest.h>

#include "runtime/http/server.h"
#include "tests/unit/http/test_server.h"

namespace edgerun::http {
namespace {

using testing::Client;
using testing::Get;
using testing::Response;
using testing::TestServer;
using testing::WaitFor;

Handler Hello() {
  return [](std::shared_ptr<Exchange> ex) { ex->Respond(200, {}, "hello"); };
}

// Sends `request` on a fresh connection and expects an error response that closes it.
Response ExpectError(TestServer& s, std::string_view request, int status) {
  Client c(s.port());
  c.Send(request);
  Response r = c.Read();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.status, status) << request.substr(0, 80);
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_EQ(r.Get("content-type"), "text/plain; charset=utf-8");
  EXPECT_TRUE(r.Get("date"));
  EXPECT_TRUE(c.ReadsEof());
  return r;
}

TEST(ServerLimits, OversizedHeadIs431) {
  TestServer s(Hello());
  Response r = ExpectError(s, Get("/", "X-Big: " + std::string(70 * 1024, 'a') + "\r\n"), 431);
  EXPECT_EQ(r.body, "Request Header Fields Too Large: request head too large\n");
}

TEST(ServerLimits, TooManyHeaderFieldsIs431) {
  TestServer s(Hello());
  std::string extra;
  for (int i = 0; i < 101; ++i) extra += "X-" + std::to_string(i) + ": v\r\n";
  Response r = ExpectError(s, Get("/", extra), 431);
  EXPECT_EQ(r.body, "Request Header Fields Too Large: too many header fields\n");
}

TEST(ServerLimits, ContentLengthOverMaxBodyIs413) {
  config::HttpLimits limits;
  limits.max_body_bytes = 1000;
  TestServer s(Hello(), limits);
  ExpectError(s, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n", 413);
}

TEST(ServerLimits, ChunkedBodyOverMaxBodyIs413AndAbortsTheExchange) {
  config::HttpLimits limits;
  limits.max_body_bytes = 1000;
  std::string error;
  int aborts = 0;
  TestServer s(
      [&](std::shared_ptr<Exchange> ex) {
        ex->SetAbortCallback([&] { ++aborts; });
        auto read = std::make_shared<std::function<void(BodyChunk)>>();
        *read = [ex, read, &error](BodyChunk c) {
          if (!c.error.empty()) {
            error = c.error;
            *read = nullptr;
            return;
          }
          if (!c.done) ex->ReadBody(*read);
        };
        ex->ReadBody(*read);
      },
      limits);
  Response r = ExpectError(s,
                           "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "200\r\n" +
                               std::string(512, 'a') + "\r\n" + "200\r\n" + std::string(512, 'a') +
                               "\r\n0\r\n\r\n",
                           413);
  std::string seen;
  int seen_aborts = 0;
  s.Run([&] {
    seen = error;
    seen_aborts = aborts;
  });
  EXPECT_EQ(seen, "request body too large");
  EXPECT_EQ(seen_aborts, 1);
}

TEST(ServerLimits, MalformedRequestIs400) {
  TestServer s(Hello());
  Response r = ExpectError(s, "GET / HTTP/1.1 junk\r\n\r\n", 400);
  EXPECT_EQ(r.body, "Bad Request: malformed request line\n");
}

TEST(ServerLimits, ContentLengthWithTransferEncodingIs400) {
  TestServer s(Hello());
  ExpectError(s,
              "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              400);
}

TEST(ServerLimits, DuplicateContentLengthIs400) {
  TestServer s(Hello());
  ExpectError(s, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
              400);
}

TEST(ServerLimits, SignedContentLengthIs400) {
  TestServer s(Hello());
  ExpectError(s, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: +1\r\n\r\na", 400);
}

TEST(ServerLimits, ObsFoldIs400) {
  TestServer s(Hello());
  ExpectError(s, "GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n", 400);
}

TEST(ServerLimits, NonAsciiHeaderValueIs400) {
  TestServer s(Hello());
  ExpectError(s, "GET / HTTP/1.1\r\nHost: t\r\nX: \xff\r\n\r\n", 400);
}

TEST(ServerLimits, BareLfIs400) {
  TestServer s(Hello());
  ExpectError(s, "GET / HTTP/1.1\nHost: t\n\n", 400);
}

TEST(ServerLimits, TransferEncodingGzipIs501) {
  TestServer s(Hello());
  ExpectError(s, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
}

TEST(ServerLimits, UnknownMethodIs501) {
  TestServer s(Hello());
  Response r = ExpectError(s, "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501);
  EXPECT_EQ(r.body, "Not Implemented: unknown method\n");
}

TEST(ServerLimits, AsteriskTargetForGetIs400) {
  TestServer s(Hello());
  ExpectError(s, "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400);
}

TEST(ServerLimits, AbsoluteFormTargetIsServed) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->Respond(200, {}, std::string(ex->head().Host()) + std::string(ex->head().Path()));
  });
  Client c(s.port());
  c.Send("GET http://example.com/p?q HTTP/1.1\r\nHost: example.com\r\n\r\n");
  EXPECT_EQ(c.Read().body, "example.com/p");
}

TEST(ServerLimits, Http2PrefaceIs505) {
  TestServer s(Hello());
  ExpectError(s, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
}

TEST(ServerLimits, UnknownExpectationIs417) {
  TestServer s(Hello());
  ExpectError(s, "POST / HTTP/1.1\r\nHost: t\r\nExpect: tea\r\nContent-Length: 1\r\n\r\n", 417);
}

TEST(ServerLimits, ErrorAfterAGoodRequestStillAnswersTheGoodOneFirst) {
  TestServer s(Hello());
  Client c(s.port());
  c.Send(Get("/") + "GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
  Response r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.ReadsEof());
}

TEST(ServerLimits, ErrorsAreAccessLogged) {
  TestServer s(Hello());
  ExpectError(s, "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501);
  ASSERT_TRUE(WaitFor([&] { return s.log().size() == 1; }));
  EXPECT_EQ(s.log()[0].status, 501);
}

TEST(ServerLimits, SlowLorisHeadGets408) {
  config::HttpLimits limits;
  limits.header_timeout_ms = 200;
  TestServer s(Hello(), limits);
  Client c(s.port());
  auto start = std::chrono::steady_clock::now();
  c.Send("GET / HTTP/1.1\r\nHost: t\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  c.Send("X-A: b\r\n");  // trickling bytes does not extend the deadline
  Response r = c.Read();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_GE(ms, 180);
  EXPECT_LT(ms, 2000);
  EXPECT_TRUE(c.ReadsEof());
}

TEST(ServerLimits, SilentConnectionIsClosedWithoutAResponse) {
  config::HttpLimits limits;
  limits.header_timeout_ms = 150;
  TestServer s(Hello(), limits);
  Client c(s.port());
  EXPECT_TRUE(c.ReadsEof());
}

TEST(ServerLimits, IdleKeepAliveConnectionIsClosed) {
  config::HttpLimits limits;
  limits.idle_timeout_ms = 150;
  TestServer s(Hello(), limits);
  Client c(s.port());
  c.Send(Get("/"));
  ASSERT_EQ(c.Read().status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.ReadsEof());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_GE(ms, 120);
}

TEST(ServerLimits, KeepAliveConnectionSurvivesWhileUsed) {
  config::HttpLimits limits;
  limits.idle_timeout_ms = 150;
  TestServer s(Hello(), limits);
  Client c(s.port());
  for (int i = 0; i < 6; ++i) {
    c.Send(Get("/"));
    ASSERT_EQ(c.Read().status, 200) << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
  }
}

TEST(ServerLimits, StalledBodyTimesOutWith408AndAborts) {
  config::HttpLimits limits;
  limits.body_timeout_ms = 200;
  std::string error;
  int aborts = 0;
  TestServer s(
      [&](std::shared_ptr<Exchange> ex) {
        ex->SetAbortCallback([&] { ++aborts; });
        auto read = std::make_shared<std::function<void(BodyChunk)>>();
        *read = [ex, read, &error](BodyChunk c) {
          if (!c.error.empty()) {
            error = c.error;
            *read = nullptr;
            return;
          }
          if (!c.done) ex->ReadBody(*read);
        };
        ex->ReadBody(*read);
      },
      limits);
  Client c(s.port());
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
  Response r = c.Read();
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
  std::string seen;
  int seen_aborts = 0;
  s.Run([&] {
    seen = error;
    seen_aborts = aborts;
  });
  EXPECT_EQ(seen, "request body not received in time");
  EXPECT_EQ(seen_aborts, 1);
}

}  // namespace
}  // namespace edgerun::http
