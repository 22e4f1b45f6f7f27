#include "runtime/http/request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgerun::http {
namespace {

struct Parsed {
  int status = 0;  // 0: valid request(s)
  std::string reason;
  std::vector<RequestHead> heads;
  std::vector<std::string> bodies;
  bool keep_alive = false;
  std::vector<bool> keep_alives;  // per head
  bool expect_continue = false;
  size_t consumed = 0;
  bool complete = false;  // the last message ended
};

// Feeds `input` in pieces of `step` bytes (0: all at once), parsing every message in it.
Parsed Parse(std::string_view input, size_t step = 0, config::HttpLimits limits = {},
             bool plain_fast_path = true) {
  Parsed out;
  RequestParser parser(limits, plain_fast_path);
  RequestHead head;
  std::string body;
  parser.StartMessage(&head);
  parser.set_body_sink(&body);
  size_t pos = 0;
  size_t end = 0;  // bytes made available so far
  while (true) {
    if (pos == end) {
      if (end == input.size()) {
        // No more input: a message without a body still ends on a zero-length feed.
        size_t used = 0;
        auto ev = parser.Feed(input.data() + pos, 0, &used);
        if (ev == RequestParser::Event::kMessageEnd) {
          out.bodies.push_back(body);
          out.complete = true;
        }
        break;
      }
      end = step == 0 ? input.size() : std::min(input.size(), end + step);
    }
    size_t used = 0;
    auto ev = parser.Feed(input.data() + pos, end - pos, &used);
    pos += used;
    out.consumed = pos;
    if (ev == RequestParser::Event::kError) {
      out.status = parser.error_status();
      out.reason = parser.error_reason();
      break;
    }
    if (ev == RequestParser::Event::kHead) {
      out.heads.push_back(head);
      out.keep_alive = parser.keep_alive();
      out.keep_alives.push_back(parser.keep_alive());
      out.expect_continue = parser.expect_continue();
      out.complete = false;
    } else if (ev == RequestParser::Event::kMessageEnd) {
      out.bodies.push_back(body);
      out.complete = true;
      body.clear();
      parser.StartMessage(&head);
      parser.set_body_sink(&body);
    } else if (pos < end) {
      ADD_FAILURE() << "kNeedMore with bytes left";
      break;
    }
  }
  return out;
}

int Status(std::string_view input, config::HttpLimits limits = {}) {
  Parsed all = Parse(input, 0, limits);
  Parsed bytewise = Parse(input, 1, limits);
  EXPECT_EQ(all.status, bytewise.status) << "byte-at-a-time feeding disagrees for: " << input;
  return all.status;
}

// -- well-formed requests ---------------------------------------------------------------------

TEST(RequestParser, ParsesSimpleGet) {
  for (size_t step : {0, 1, 3}) {
    Parsed p = Parse("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nX-Two:  v  \r\n\r\n", step);
    ASSERT_EQ(p.status, 0);
    ASSERT_EQ(p.heads.size(), 1u);
    const RequestHead& h = p.heads[0];
    EXPECT_EQ(h.method, "GET");
    EXPECT_EQ(h.target, "/a/b?x=1");
    EXPECT_EQ(h.Path(), "/a/b");
    EXPECT_EQ(h.Query(), "?x=1");
    EXPECT_EQ(h.Host(), "example.com");
    ASSERT_EQ(h.headers.size(), 2u);
    EXPECT_EQ(h.headers[1].name, "X-Two");
    EXPECT_EQ(h.headers[1].value, "v");  // surrounding whitespace trimmed
    EXPECT_FALSE(h.has_body);
    EXPECT_TRUE(p.keep_alive);
    EXPECT_TRUE(p.complete);
  }
}

TEST(RequestParser, DuplicateHeadersAreKeptInOrder) {
  Parsed p = Parse("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\ncookie: b=2\r\n\r\n");
  ASSERT_EQ(p.heads.size(), 1u);
  ASSERT_EQ(p.heads[0].headers.size(), 3u);
  EXPECT_EQ(p.heads[0].headers[1].value, "a=1");
  EXPECT_EQ(p.heads[0].headers[2].value, "b=2");
}

TEST(RequestParser, ContentLengthBodyIsDelivered) {
  for (size_t step : {0, 1}) {
    Parsed p = Parse("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", step);
    ASSERT_EQ(p.status, 0);
    ASSERT_EQ(p.bodies.size(), 1u);
    EXPECT_EQ(p.bodies[0], "hello");
    EXPECT_EQ(p.heads[0].content_length, 5u);
    EXPECT_TRUE(p.heads[0].has_body);
  }
}

TEST(RequestParser, ChunkedBodyIsDecodedAndTrailersDropped) {
  for (size_t step : {0, 1, 2}) {
    Parsed p = Parse(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n",
        step);
    ASSERT_EQ(p.status, 0) << p.reason;
    ASSERT_EQ(p.bodies.size(), 1u);
    EXPECT_EQ(p.bodies[0], "hello!");
    EXPECT_EQ(p.heads[0].headers.size(), 2u);  // the trailer is not a header
    EXPECT_TRUE(p.heads[0].has_body);
  }
}

TEST(RequestParser, PipelinedRequestsStopAtEachMessageEnd) {
  Parsed p = Parse(
      "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n"
      "okGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
  ASSERT_EQ(p.status, 0);
  ASSERT_EQ(p.heads.size(), 3u);
  EXPECT_EQ(p.heads[0].target, "/1");
  EXPECT_EQ(p.heads[1].target, "/2");
  EXPECT_EQ(p.heads[2].target, "/3");
  EXPECT_EQ(p.bodies[1], "ok");
}

TEST(RequestParser, Http10IsKeptAliveOnlyWhenAsked) {
  EXPECT_FALSE(Parse("GET / HTTP/1.0\r\n\r\n").keep_alive);
  EXPECT_TRUE(Parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keep_alive);
}

TEST(RequestParser, Http10WithoutHostIsAccepted) { EXPECT_EQ(Status("GET / HTTP/1.0\r\n\r\n"), 0); }

TEST(RequestParser, ExpectContinueIsReported) {
  Parsed p =
      Parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(p.status, 0);
  EXPECT_TRUE(p.expect_continue);
}

TEST(RequestParser, AbsoluteFormTargetIsAcceptedAndHostIsItsAuthority) {
  Parsed p = Parse("GET http://example.com:8080/p?q HTTP/1.1\r\nHost: other\r\n\r\n");
  ASSERT_EQ(p.status, 0);
  EXPECT_EQ(p.heads[0].Host(), "example.com:8080");
  EXPECT_EQ(p.heads[0].Path(), "/p");
}

TEST(RequestParser, AsteriskTargetIsAcceptedForOptions) {
  EXPECT_EQ(Status("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
}

TEST(RequestParser, UpgradeRequestIsParsedAsPlainHttp) {
  Parsed p = Parse(
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
      "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.heads.size(), 2u);
}

TEST(RequestParser, HeaderStorageIsReusedAcrossRequests) {
  RequestParser parser(config::HttpLimits{});
  RequestHead head;
  std::string first = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n";
  std::string second = "GET /x HTTP/1.1\r\nHost: b\r\n\r\n";
  size_t used;
  parser.StartMessage(&head);
  ASSERT_EQ(parser.Feed(first.data(), first.size(), &used), RequestParser::Event::kHead);
  ASSERT_EQ(parser.Feed(first.data() + used, 0, &used), RequestParser::Event::kMessageEnd);
  parser.StartMessage(&head);
  ASSERT_EQ(parser.Feed(second.data(), second.size(), &used), RequestParser::Event::kHead);
  ASSERT_EQ(head.headers.size(), 1u);
  EXPECT_EQ(head.headers[0].value, "b");
  EXPECT_EQ(head.target, "/x");
}

// -- limits -------------------------------------------------------------------------------------

TEST(RequestParser, HeadOverMaxHeadBytesIs431) {
  config::HttpLimits limits;
  limits.max_head_bytes = 1024;
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(1100, 'a') + "\r\n\r\n";
  EXPECT_EQ(Status(req, limits), 431);
}

TEST(RequestParser, HeadOfExactlyMaxHeadBytesIsAccepted) {
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\nX: ";
  std::string tail = "\r\n\r\n";
  config::HttpLimits limits;
  limits.max_head_bytes = 512;
  req += std::string(512 - req.size() - tail.size(), 'a') + tail;
  ASSERT_EQ(req.size(), 512u);
  EXPECT_EQ(Status(req, limits), 0);
  limits.max_head_bytes = 511;
  EXPECT_EQ(Status(req, limits), 431);
}

TEST(RequestParser, LongRequestTargetIs431) {
  config::HttpLimits limits;
  limits.max_head_bytes = 1024;
  EXPECT_EQ(Status("GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", limits), 431);
}

TEST(RequestParser, MoreThanMaxHeaderCountFieldsIs431) {
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 100; ++i) req += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(Status(req + "\r\n"), 431);  // 101 fields
  std::string ok = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 99; ++i) ok += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(Status(ok + "\r\n"), 0);  // exactly 100
}

TEST(RequestParser, ContentLengthOverMaxBodyBytesIs413) {
  config::HttpLimits limits;
  limits.max_body_bytes = 10;
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits), 413);
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits),
            0);
}

TEST(RequestParser, ChunkedBodyOverMaxBodyBytesIs413) {
  config::HttpLimits limits;
  limits.max_body_bytes = 10;
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
                   limits),
            413);
}

// -- smuggling and malformed input ----------------------------------------------------------------

TEST(RequestParser, ContentLengthWithTransferEncodingIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            400);
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                   "Content-Length: 5\r\n\r\n0\r\n\r\n"),
            400);
}

TEST(RequestParser, DifferingDuplicateContentLengthIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
            400);
}

TEST(RequestParser, RepeatedIdenticalContentLengthIsAlso400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"),
            400);
}

TEST(RequestParser, ContentLengthListIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello"), 400);
}

TEST(RequestParser, SignedContentLengthIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello"), 400);
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), 400);
}

TEST(RequestParser, ContentLengthOverflowIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
            400);
}

TEST(RequestParser, ChunkSizeOverflowIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "fffffffffffffffffff\r\n"),
            400);
}

TEST(RequestParser, ChunkDataNotFollowedByCrlfIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\nhelloXX0\r\n\r\n"),
            400);
}

TEST(RequestParser, ChunkSizeWithBareLfIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\nhello\r\n0\r\n\r\n"),
            400);
}

TEST(RequestParser, TransferEncodingGzipIs501) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), 501);
}

TEST(RequestParser, TransferEncodingGzipThenChunkedIs501) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
}

TEST(RequestParser, RepeatedTransferEncodingIs400) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            400);
}

TEST(RequestParser, ObsFoldIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n two\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n\ttwo\r\n\r\n"), 400);
}

TEST(RequestParser, BareCrIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1\rHost: a\r\n\r\n"), 400);
}

TEST(RequestParser, BareLfIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\n\r\n"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\n\n"), 400);
}

TEST(RequestParser, NonAsciiHeaderValueIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n"), 400);
}

TEST(RequestParser, ControlCharacterInHeaderValueIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01"
                   "b\r\n\r\n"),
            400);
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: a\x7f\r\n\r\n"), 400);
  EXPECT_EQ(Status(std::string("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 36)), 400);
}

TEST(RequestParser, TabInHeaderValueIsAllowed) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\r\n\r\n"), 0);
}

TEST(RequestParser, WhitespaceBeforeColonIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), 400);
}

TEST(RequestParser, InvalidHeaderNameIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n"), 400);
}

TEST(RequestParser, NonAsciiRequestTargetIs400) {
  EXPECT_EQ(Status("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestParser, AsteriskTargetOutsideOptionsIs400) {
  EXPECT_EQ(Status("GET * HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestParser, RelativeTargetIs400) {
  EXPECT_EQ(Status("GET foo HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestParser, MissingHostInHttp11Is400) { EXPECT_EQ(Status("GET / HTTP/1.1\r\n\r\n"), 400); }

TEST(RequestParser, RepeatedHostIs400) {
  EXPECT_EQ(Status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
}

TEST(RequestParser, UnknownMethodIs501) {
  EXPECT_EQ(Status("FOO / HTTP/1.1\r\nHost: a\r\n\r\n"), 501);
  EXPECT_EQ(Status("get / HTTP/1.1\r\nHost: a\r\n\r\n"), 501);
  EXPECT_EQ(Status("DESCRIBE / HTTP/1.1\r\nHost: a\r\n\r\n"), 501);
}

TEST(RequestParser, ConnectIs501) {
  EXPECT_EQ(Status("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n"), 501);
}

TEST(RequestParser, GarbageIs400) {
  EXPECT_EQ(Status("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"), 400);
  EXPECT_EQ(Status("GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(Status("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestParser, UnsupportedVersionIs505) {
  EXPECT_EQ(Status("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(Status("GET / HTTP/1.2\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(Status("GET / HTTP/0.9\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(Status("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 505);
}

TEST(RequestParser, UnknownExpectationIs417) {
  EXPECT_EQ(Status("POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n"),
            417);
}

TEST(RequestParser, ErrorReasonIsShortText) {
  Parsed p = Parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n");
  EXPECT_EQ(p.status, 501);
  EXPECT_EQ(p.reason, "unsupported transfer coding");
}

// -- the plain-request fast path ----------------------------------------------------------------

std::string Describe(const Parsed& p) {
  std::string out = "status=" + std::to_string(p.status) + " reason=" + p.reason +
                    " consumed=" + std::to_string(p.consumed) +
                    " complete=" + std::to_string(p.complete) +
                    " expect=" + std::to_string(p.expect_continue);
  for (size_t i = 0; i < p.heads.size(); ++i) {
    const RequestHead& h = p.heads[i];
    out += " | " + h.method + " " + h.target + " 1." + std::to_string(h.version_minor) +
           " body=" + std::to_string(h.has_body) +
           " cl=" + (h.content_length ? std::to_string(*h.content_length) : "-") +
           " ka=" + std::to_string(p.keep_alives[i]);
    for (const Header& f : h.headers) out += " [" + f.name + "=" + f.value + "]";
  }
  for (const std::string& b : p.bodies) out += " body:" + b;
  return out;
}

// Every request, valid or not, reads the same with and without TryPlainHead: same heads, header
// lists, keep-alive, verdicts (status and reason) and bytes consumed, whole or fed in pieces,
// alone or pipelined, under default and tight limits.
TEST(RequestParser, PlainFastPathReadsEveryRequestAsLlhttpDoes) {
  const std::vector<std::string> lines = {"GET / HTTP/1.1",
                                          "HEAD /x?y=1&z HTTP/1.1",
                                          "GET /a%20b;c@d:e HTTP/1.0",
                                          "GET * HTTP/1.1",
                                          "OPTIONS * HTTP/1.1",
                                          "GET http://h/p HTTP/1.1",
                                          "POST / HTTP/1.1",
                                          "GET /a#b HTTP/1.1",
                                          "GET /\xc3\xa9 HTTP/1.1",
                                          "GET / HTTP/1.2",
                                          "GET / HTTP/2.0",
                                          "GET  / HTTP/1.1",
                                          "get / HTTP/1.1",
                                          "GET /\x7f HTTP/1.1",
                                          "GET / HTTP/1.1 ",
                                          "GET /a\"b HTTP/1.1",
                                          "GET /a{b} HTTP/1.1",
                                          "GET",
                                          "GET /",
                                          "BREW / HTTP/1.1",
                                          "GET /x HTTP/1.1\r"};
  const std::vector<std::vector<std::string>> header_sets = {
      {},
      {"Host: example.com"},
      {"Host: a", "Host: b"},
      {"host: a", "X-Two:  v  ", "Accept: */*"},
      {"Host: a", "Connection: close"},
      {"Host: a", "Connection: keep-alive"},
      {"Host: a", "Content-Length: 0"},
      {"Host: a", "Content-Length: 3"},
      {"Host: a", "Transfer-Encoding: chunked"},
      {"Host: a", "Expect: 100-continue"},
      {"Host: a", "Upgrade: websocket"},
      {"Host: a", "X : v"},
      {"Host: a", "X:\tv\t"},
      {"Host: a", "X:"},
      {"Host: a", "X: a\x01"},
      {"Host: a", "X: \xc3\xa9"},
      {"Host: a", " X: folded"},
      {"Host: a", ":v"},
      {"Host: a", "X: a\rb"},
      {"Host: a", "X: a\nb"},
      {"Host: a", "Bad@Name: v"},
      {"Host: a", "Proxy-Connection: close"},
  };
  std::vector<std::string> many = {"Host: a"};
  for (int i = 0; i < 40; ++i) many.push_back("X-" + std::to_string(i) + ": " + std::to_string(i));
  std::vector<std::vector<std::string>> sets = header_sets;
  sets.push_back(many);
  config::HttpLimits tight;
  tight.max_head_bytes = 64;
  tight.max_header_count = 3;
  size_t plain_taken = 0;
  for (const std::string& line : lines) {
    for (const auto& set : sets) {
      std::string message = line + "\r\n";
      for (const std::string& h : set) message += h + "\r\n";
      message += "\r\n";
      if (set.size() > 1 && set[1] == "Content-Length: 3") message += "abc";
      if (set.size() > 1 && set[1] == "Transfer-Encoding: chunked")
        message += "3\r\nabc\r\n0\r\n\r\n";
      const std::string with_body = "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
      for (const std::string& input : {message, message + message, message + "GET /next",
                                       message + with_body, with_body + message}) {
        for (size_t step : {0, 1, 5}) {
          for (const config::HttpLimits& limits : {config::HttpLimits{}, tight}) {
            Parsed fast = Parse(input, step, limits, true);
            Parsed slow = Parse(input, step, limits, false);
            ASSERT_EQ(Describe(fast), Describe(slow)) << "input: " << input << " step " << step;
            if (fast.status == 0 && !fast.heads.empty()) ++plain_taken;
          }
        }
      }
    }
  }
  EXPECT_GT(plain_taken, 100u);
}

// The fast path is taken for the everyday request (or the comparison above proves little).
TEST(RequestParser, PlainFastPathTakesTheEverydayGet) {
  config::HttpLimits limits;
  RequestParser parser(limits);
  RequestHead head;
  parser.StartMessage(&head);
  const std::string input = "GET /a?b HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\nGET /next";
  size_t used = 0;
  ASSERT_EQ(parser.Feed(input.data(), input.size(), &used), RequestParser::Event::kHead);
  EXPECT_EQ(used, input.size() - 9);  // the pipelined request stays in the buffer
  EXPECT_EQ(parser.body_remaining_hint(), 0u);
  EXPECT_FALSE(parser.in_body() && head.has_body);
  ASSERT_EQ(parser.Feed(input.data() + used, 0, &used), RequestParser::Event::kMessageEnd);
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[1].value, "*/*");
  EXPECT_TRUE(parser.keep_alive());
}

}  // namespace
}  // namespace edgerun::http
