#include "runtime/http/response_head.h"

#include <gtest/gtest.h>

#include <ctime>

#include "runtime/http/date_cache.h"

namespace edgerun::http {
namespace {

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

std::string Head(int status, const HeaderList& headers, const ResponseContext& ctx,
                 std::optional<uint64_t> length) {
  std::string out;
  AppendResponseHead(&out, status, headers, PlanResponse(status, ctx, length, headers), kDate);
  return out;
}

ResponseContext Http10(bool keep_alive) {
  ResponseContext ctx;
  ctx.version_minor = 0;
  ctx.keep_alive = keep_alive;
  return ctx;
}

ResponseContext HeadRequest() {
  ResponseContext ctx;
  ctx.head_request = true;
  return ctx;
}

TEST(ResponseHead, KnownLengthGetsContentLengthDateAndServer) {
  EXPECT_EQ(Head(200, {{"Content-Type", "text/plain"}}, {}, 5),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: edgerun\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n\r\n");
}

// The head is measured before it is written, with the first 64 headers' verdicts remembered:
// a long list must come out the same, bad lines dropped wherever they sit, in order.
TEST(ResponseHead, LongHeaderListsKeepOrderAndDropBadLinesPastTheFirst64) {
  HeaderList headers;
  std::string expected = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 150; ++i) {
    const std::string name = "x-h" + std::to_string(i);
    if (i % 7 == 3) {
      headers.push_back({name, "bad\r\nvalue"});
    } else if (i % 11 == 5) {
      headers.push_back({"Content-Length", "99"});
    } else {
      headers.push_back({name, std::to_string(i)});
      expected += name + ": " + std::to_string(i) + "\r\n";
    }
  }
  headers.push_back({"date", "mine"});
  expected += "date: mine\r\nServer: edgerun\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(Head(200, headers, {}, 5), expected);
}

// Values are checked eight bytes at a time: a CR, LF or NUL anywhere (in a word or in the tail)
// drops the line; 0x8D, 0x0E and the like (one bit away) do not.
TEST(ResponseHead, ControlBytesAreFoundAtEveryPositionOfAValue) {
  for (char bad : {'\r', '\n', '\0'}) {
    for (size_t at = 0; at < 21; ++at) {
      std::string value(21, 'v');
      value[at] = bad;
      std::string head = Head(200, {{"X-A", value}, {"X-B", "ok"}}, {}, 0);
      EXPECT_EQ(head.find("X-A"), std::string::npos) << int(bad) << " at " << at;
      EXPECT_NE(head.find("X-B: ok\r\n"), std::string::npos);
    }
  }
  const std::string near = std::string("\x8d\x8a\x80\x0e\x0b\x01\x1d\x2a\xff ok", 12);
  EXPECT_NE(Head(200, {{"X-C", near}}, {}, 0).find("X-C: " + near + "\r\n"), std::string::npos);
}

TEST(ResponseHead, UnknownLengthIsChunkedForHttp11) {
  ResponsePlan plan = PlanResponse(200, {}, std::nullopt, {});
  EXPECT_EQ(plan.mode, BodyMode::kChunked);
  EXPECT_FALSE(plan.close);
  EXPECT_NE(Head(200, {}, {}, std::nullopt).find("Transfer-Encoding: chunked\r\n"),
            std::string::npos);
}

TEST(ResponseHead, UnknownLengthIsCloseDelimitedForHttp10) {
  ResponsePlan plan = PlanResponse(200, Http10(true), std::nullopt, {});
  EXPECT_EQ(plan.mode, BodyMode::kUntilClose);
  EXPECT_TRUE(plan.close);
  std::string head = Head(200, {}, Http10(true), std::nullopt);
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
}

TEST(ResponseHead, Http10KeptAliveSaysKeepAlive) {
  std::string head = Head(200, {}, Http10(true), 3);
  EXPECT_NE(head.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(Head(200, {}, Http10(false), 3).find("keep-alive"), std::string::npos);
}

TEST(ResponseHead, NotKeptAliveSaysConnectionClose) {
  ResponseContext ctx;
  ctx.keep_alive = false;
  EXPECT_NE(Head(200, {}, ctx, 0).find("Connection: close\r\n"), std::string::npos);
}

TEST(ResponseHead, HeadRequestKeepsLengthButSendsNoBody) {
  ResponsePlan plan = PlanResponse(200, HeadRequest(), 42, {});
  EXPECT_EQ(plan.mode, BodyMode::kNone);
  EXPECT_EQ(plan.content_length, 42u);
}

TEST(ResponseHead, HeadRequestPrefersTheApplicationsContentLength) {
  ResponsePlan plan = PlanResponse(200, HeadRequest(), 0, {{"content-length", " 1234 "}});
  EXPECT_EQ(plan.content_length, 1234u);
  std::string head = Head(200, {{"Content-Length", "1234"}}, HeadRequest(), 0);
  EXPECT_NE(head.find("Content-Length: 1234\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length: 0"), std::string::npos);
}

TEST(ResponseHead, HeadRequestOfAStreamWithoutLengthHasNoFraming) {
  std::string head = Head(200, {}, HeadRequest(), std::nullopt);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos);
}

TEST(ResponseHead, NoContentAndNotModifiedHaveNoBodyAndNoLength) {
  for (int status : {204, 304}) {
    ResponsePlan plan = PlanResponse(status, {}, 10, {});
    EXPECT_EQ(plan.mode, BodyMode::kNone) << status;
    EXPECT_FALSE(plan.content_length) << status;
  }
}

TEST(ResponseHead, ApplicationFramingHeadersAreReplaced) {
  std::string head = Head(200,
                          {{"Content-Length", "99"},
                           {"Transfer-Encoding", "gzip"},
                           {"Connection", "upgrade"},
                           {"Keep-Alive", "timeout=5"},
                           {"X-Kept", "yes"}},
                          {}, 2);
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nServer: edgerun\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\n\r\n");
}

TEST(ResponseHead, ApplicationDateAndServerAreKept) {
  std::string head = Head(200, {{"date", "yesterday"}, {"SERVER", "x"}}, {}, 0);
  EXPECT_EQ(head, "HTTP/1.1 200 OK\r\ndate: yesterday\r\nSERVER: x\r\nContent-Length: 0\r\n\r\n");
}

TEST(ResponseHead, RepeatedHeadersStaySeparateLines) {
  std::string head = Head(200, {{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}, {}, 0);
  EXPECT_NE(head.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"), std::string::npos);
}

TEST(ResponseHead, HeadersThatWouldBreakFramingAreDropped) {
  std::string head = Head(200,
                          {{"X-A", "a\r\nInjected: 1"},
                           {"X-B\r\nInjected", "2"},
                           {"", "empty name"},
                           {"Bad Name", "v"},
                           {std::string("X-N\0ul", 6), "v"},
                           {"X-Ok", "ok"}},
                          {}, 0);
  EXPECT_EQ(head.find("Injected"), std::string::npos);
  EXPECT_EQ(head.find("empty name"), std::string::npos);
  EXPECT_EQ(head.find("Bad Name"), std::string::npos);
  EXPECT_NE(head.find("X-Ok: ok\r\n"), std::string::npos);
}

TEST(ResponseHead, UnknownStatusHasEmptyReason) {
  EXPECT_EQ(Head(299, {}, {}, 0).substr(0, 15), "HTTP/1.1 299 \r\n");
}

TEST(ResponseHead, FindContentLengthAcceptsOnlyPlainDigits) {
  EXPECT_EQ(FindContentLength({{"Content-Length", "12"}}), 12u);
  EXPECT_FALSE(FindContentLength({{"Content-Length", "+12"}}));
  EXPECT_FALSE(FindContentLength({{"Content-Length", "12, 12"}}));
  EXPECT_FALSE(FindContentLength({{"Content-Length", ""}}));
  EXPECT_FALSE(FindContentLength({{"X", "12"}}));
}

TEST(ResponseHead, ErrorResponseNamesTheReasonAndCloses) {
  std::string out;
  AppendErrorResponse(&out, 431, "too many header fields", kDate);
  EXPECT_EQ(out,
            "HTTP/1.1 431 Request Header Fields Too Large\r\nServer: edgerun\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 56\r\n"
            "Connection: close\r\n\r\n"
            "Request Header Fields Too Large: too many header fields\n");
}

TEST(DateCache, FormatsImfFixdate) {
  DateCache cache;
  std::string_view d = cache.Get();
  ASSERT_EQ(d.size(), 29u);
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(d[3], ',');
  EXPECT_EQ(d.substr(25), " GMT");
  time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  char expected[64];
  strftime(expected, sizeof expected, "%a, %d %b %Y", &tm);  // C locale in tests
  EXPECT_EQ(d.substr(0, 16), std::string_view(expected));
}

}  // namespace
}  // namespace edgerun::http
