// The server over real sockets: request bodies on demand, 100-continue, backpressure, files,
// and clients that go away.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

#include "runtime/http/server.h"
#include "tests/unit/http/test_server.h"

namespace edgerun::http {
namespace {

using testing::Client;
using testing::Get;
using testing::Later;
using testing::Response;
using testing::TestServer;
using testing::WaitFor;

// Reads the whole body, then answers with its size and the number of chunks it came in.
Handler CountBody() {
  return [](std::shared_ptr<Exchange> ex) {
    auto size = std::make_shared<size_t>(0);
    auto chunks = std::make_shared<int>(0);
    auto read = std::make_shared<std::function<void(BodyChunk)>>();
    *read = [ex, size, chunks, read](BodyChunk c) {
      if (!c.error.empty()) {
        *read = nullptr;
        return;
      }
      if (c.done) {
        ex->Respond(200, {}, std::to_string(*size) + " " + std::to_string(*chunks));
        *read = nullptr;
        return;
      }
      *size += c.data.size();
      ++*chunks;
      ex->ReadBody(*read);
    };
    ex->ReadBody(*read);
  };
}

TEST(ServerBody, ExpectContinueSends100OnFirstRead) {
  TestServer s(CountBody());
  Client c(s.port());
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(c.ReadRaw(25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.Send("hello");
  Response r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "5 1");
  c.Send(Get("/"));
  EXPECT_EQ(c.Read().status, 200);  // kept alive
}

TEST(ServerBody, ExpectContinueAnsweredWithoutReadingClosesTheConnection) {
  TestServer s([](std::shared_ptr<Exchange> ex) { ex->Respond(403, {}, "no"); });
  Client c(s.port());
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  Response r = c.Read();
  EXPECT_EQ(r.status, 403);  // no 100 before it
  EXPECT_EQ(r.Get("connection"), "close");
  EXPECT_TRUE(c.ReadsEof());
}

TEST(ServerBody, LargeBodyIsDeliveredInPiecesNotBufferedWhole) {
  TestServer s(CountBody());
  Client c(s.port());
  const size_t size = 8 << 20;
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n");
  std::string block(64 * 1024, 'x');
  for (size_t sent = 0; sent < size; sent += block.size()) ASSERT_TRUE(c.Send(block));
  Response r = c.Read();
  ASSERT_EQ(r.status, 200);
  size_t got = std::stoull(r.body);
  int chunks = std::stoi(r.body.substr(r.body.find(' ') + 1));
  EXPECT_EQ(got, size);
  EXPECT_GT(chunks, 8);
}

TEST(ServerBody, SocketReadingPausesWhileTheApplicationIsNotReading) {
  // The handler waits before reading; the server must stop reading the socket (bounded buffer),
  // so the client's sends block instead of the server buffering megabytes.
  std::shared_ptr<Exchange> held;
  TestServer s([&](std::shared_ptr<Exchange> ex) { held = ex; });
  Client c(s.port());
  int small = 64 * 1024;
  setsockopt(c.fd(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  timeval tv{0, 300000};
  setsockopt(c.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const size_t size = 64 << 20;
  c.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n");
  std::string block(64 * 1024, 'x');
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(c.fd(), block.data(), block.size(), MSG_NOSIGNAL);
    if (n <= 0) break;  // blocked: the server stopped reading
    sent += static_cast<size_t>(n);
  }
  EXPECT_LT(sent, size_t{16} << 20);
  s.Run([&] { held.reset(); });
}

TEST(ServerBody, ClientDisconnectMidBodyAbortsTheExchange) {
  std::string error;
  int aborts = 0;
  // The reader holds itself (and the exchange) until the error arrives; kept here too so the
  // test can break that cycle whatever the order in which the abort and the reads happened.
  std::shared_ptr<std::function<void(BodyChunk)>> reader;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    ex->SetAbortCallback([&] { ++aborts; });
    auto read = std::make_shared<std::function<void(BodyChunk)>>();
    reader = read;
    *read = [ex, read, &error](BodyChunk c) {
      if (!c.error.empty()) {
        error = c.error;
        *read = nullptr;
        return;
      }
      if (!c.done) return ex->ReadBody(*read);
      *read = nullptr;  // the body is over (the GET below): let go of the exchange
    };
    ex->ReadBody(*read);
  });
  {
    Client c(s.port());
    c.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npartial");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(WaitFor([&] {
    int a = 0;
    s.Run([&] { a = aborts; });
    return a == 1;
  }));
  s.Run([&] {
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(s.server()->active_requests(), 0u);
  });
  Client again(s.port());  // the server is fine
  again.Send(Get("/"));
  s.Run([&] {
    if (reader) *reader = nullptr;
  });
}

TEST(ServerBody, HalfClosedClientStillGetsItsResponse) {
  TestServer* sp = nullptr;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    Later(sp->loop(), 50, [ex] { ex->Respond(200, {}, "late answer"); });
  });
  sp = &s;
  Client c(s.port());
  c.Send(Get("/a") + Get("/b"));
  c.ShutdownWrite();
  Response a = c.Read();
  Response b = c.Read();
  EXPECT_EQ(a.body, "late answer");
  EXPECT_EQ(b.body, "late answer");
  EXPECT_TRUE(c.ReadsEof());
}

TEST(ServerBody, ClientResetMidResponseAbortsOnce) {
  config::HttpLimits limits;
  limits.write_buffer_bytes = 64 * 1024;
  std::atomic<int> aborts{0};
  std::atomic<bool> started{false};
  TestServer* sp = nullptr;
  TestServer s(
      [&](std::shared_ptr<Exchange> ex) {
        if (ex->head().Path() != "/stream") return ex->Respond(200, {}, "ok");
        ex->StartResponse(200, {}, std::nullopt);
        started = true;
        // Writes forever, politely: waits for drain when told to.
        auto pump = std::make_shared<std::function<void()>>();
        ex->SetAbortCallback([&aborts, pump] {
          ++aborts;
          *pump = nullptr;  // it captures itself
        });
        *pump = [ex, pump] {
          while (!ex->aborted()) {
            if (!ex->WriteBody(std::string(16 * 1024, 'z'))) return;  // resumes on drain
          }
          *pump = nullptr;
        };
        ex->SetDrainCallback([pump] {
          if (*pump) (*pump)();
        });
        Later(sp->loop(), 0, [pump] { (*pump)(); });
      },
      limits);
  sp = &s;
  {
    Client c(s.port());
    c.Send(Get("/stream"));
    ASSERT_EQ(c.ReadRaw(200).size(), 200u);
    c.Reset();
  }
  ASSERT_TRUE(WaitFor([&] { return aborts.load() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(aborts.load(), 1);
  Client again(s.port());
  again.Send(Get("/"));
  EXPECT_EQ(again.Read().body, "ok");
}

TEST(ServerBody, SlowReaderGetsBackpressureAndDrainFires) {
  config::HttpLimits limits;
  limits.write_buffer_bytes = 256 * 1024;
  struct State {
    int false_returns = 0;
    int drains = 0;
    size_t max_queued_chunks = 0;
    size_t written = 0;
  };
  auto state = std::make_shared<State>();
  const size_t total = 32 << 20;
  TestServer s(
      [state, total](std::shared_ptr<Exchange> ex) {
        ex->StartResponse(200, {}, total);
        auto pump = std::make_shared<std::function<void()>>();
        *pump = [ex, state, pump, total] {
          while (state->written < total) {
            state->written += 64 * 1024;
            bool more = ex->WriteBody(std::string(64 * 1024, 'q'));
            if (state->written == total) {
              ex->EndResponse();
              *pump = nullptr;
              return;
            }
            if (!more) {
              ++state->false_returns;
              return;
            }
          }
        };
        ex->SetDrainCallback([state, pump] {
          ++state->drains;
          if (*pump) (*pump)();
        });
        (*pump)();
      },
      limits);
  Client c(s.port());
  c.Send(Get("/"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // not reading yet
  size_t written_while_stalled = 0;
  s.Run([&] { written_while_stalled = state->written; });
  // Socket buffers plus at most the bound plus one chunk, far from the whole body.
  EXPECT_LT(written_while_stalled, size_t{12} << 20);
  Response r = c.Read();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.body.size(), total);
  s.Run([&] {
    EXPECT_GT(state->false_returns, 0);
    EXPECT_EQ(state->drains, state->false_returns);
  });
}

TEST(ServerBody, RespondSharedQueuesAReferenceNotACopy) {
  auto big = std::make_shared<const std::string>(8 << 20, 's');
  TestServer s(
      [big](std::shared_ptr<Exchange> ex) { ex->RespondShared(200, {}, big, 0, big->size()); });
  Client c(s.port());
  c.Send(Get("/"));
  long held = 0;
  ASSERT_TRUE(WaitFor([&] {
    s.Run([&] { held = big.use_count(); });
    return held >= 3;  // this test, the handler's copy, and the output queue
  }));
  Response r = c.Read();
  EXPECT_EQ(r.body.size(), big->size());
  EXPECT_TRUE(WaitFor([&] {
    s.Run([&] { held = big.use_count(); });
    return held == 2;  // the queue let go once written
  }));
}

TEST(ServerBody, BigWholeBodyToASlowReaderArrivesIntact) {
  std::string body(6 << 20, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7);
  TestServer s([&body](std::shared_ptr<Exchange> ex) { ex->Respond(200, {}, body); });
  Client c(s.port());
  c.Send(Get("/") + Get("/"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(c.Read().body == body);
  EXPECT_TRUE(c.Read().body == body);
}

TEST(ServerBody, BorrowedSmallBodyIsSentWithItsHeaders) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    std::string scratch = "borrowed";
    HeaderList headers{
        {"content-type", "text/plain"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}};
    ex->RespondBorrowed(201, headers, scratch);
    scratch.assign("overwritten after the call");
  });
  Client c(s.port());
  c.Send(Get("/") + Get("/"));
  for (int i = 0; i < 2; ++i) {
    Response r = c.Read();
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.body, "borrowed");
    EXPECT_EQ(r.Get("content-length"), "8");
    EXPECT_EQ(r.Count("set-cookie"), 2);
  }
}

TEST(ServerBody, BorrowedBigBodyToASlowReaderIsCopiedBeforeTheCallReturns) {
  std::string body(3 << 20, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 13);
  TestServer s([&body](std::shared_ptr<Exchange> ex) {
    std::string scratch = body;
    ex->RespondBorrowed(200, {}, scratch);
    std::fill(scratch.begin(), scratch.end(), 'x');  // the caller reuses its buffer at once
  });
  Client c(s.port());
  c.Send(Get("/"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(c.Read().body == body);
}

TEST(ServerBody, BorrowedBodyOfAHeadRequestIsNotSent) {
  TestServer s([](std::shared_ptr<Exchange> ex) { ex->RespondBorrowed(200, {}, "twelve bytes"); });
  Client c(s.port());
  c.Send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n" + Get("/"));
  Response head = c.Read(/*head=*/true);
  EXPECT_EQ(head.Get("content-length"), "12");
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(c.Read().body, "twelve bytes");
}

TEST(ServerBody, HandlerIsNotReenteredFromInsideRespond) {
  bool inside_respond = false;
  bool reentered = false;
  TestServer* sp = nullptr;
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    if (inside_respond) reentered = true;
    Later(sp->loop(), 5, [ex, &inside_respond] {
      inside_respond = true;
      ex->Respond(200, {}, "x");
      inside_respond = false;
    });
  });
  sp = &s;
  Client c(s.port());
  c.Send(Get("/") + Get("/") + Get("/"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Read().body, "x");
  s.Run([&] { EXPECT_FALSE(reentered); });
}

class TempFile {
 public:
  explicit TempFile(size_t size) {
    char name[] = "/tmp/edgerun_http_test_XXXXXX";
    int fd = mkstemp(name);
    path_ = name;
    std::mt19937 rng(42);
    content_.resize(size);
    for (char& ch : content_) ch = static_cast<char>(rng());
    EXPECT_EQ(write(fd, content_.data(), size), static_cast<ssize_t>(size));
    close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }

 private:
  std::string path_;
  std::string content_;
};

TEST(ServerBody, RespondFileStreamsABigFileRange) {
  TempFile file(6 << 20);
  config::HttpLimits limits;
  limits.write_buffer_bytes = 128 * 1024;
  TestServer s(
      [&](std::shared_ptr<Exchange> ex) {
        ex->RespondFile(200, {{"Content-Type", "application/octet-stream"}},
                        FileRange{file.path(), 1000, file.content().size() - 2000});
      },
      limits);
  int fds_before = testing::OpenFdCount();
  Client c(s.port());
  for (int i = 0; i < 2; ++i) {
    c.Send(Get("/f"));
    Response r = c.Read();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.Get("content-length"), std::to_string(file.content().size() - 2000));
    EXPECT_TRUE(r.body == file.content().substr(1000, file.content().size() - 2000));
  }
  EXPECT_TRUE(
      WaitFor([&] { return testing::OpenFdCount() == fds_before + 2; }));  // + both ends of c
}

TEST(ServerBody, RespondFileOfAMissingFileIs404) {
  TestServer s([](std::shared_ptr<Exchange> ex) {
    ex->RespondFile(200, {}, FileRange{"/nonexistent/edgerun/file", 0, 10});
  });
  Client c(s.port());
  c.Send(Get("/"));
  EXPECT_EQ(c.Read().status, 404);
  c.Send(Get("/"));
  EXPECT_EQ(c.Read().status, 404);  // kept alive
}

TEST(ServerBody, RespondFileShorterThanAnnouncedClosesTheConnection) {
  TempFile file(100);
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    ex->RespondFile(200, {}, FileRange{file.path(), 0, 1000});
  });
  Client c(s.port());
  c.Send(Get("/"));
  Response r = c.Read();
  EXPECT_FALSE(r.ok);  // truncated: the client can tell
}

TEST(ServerBody, RespondFileToHeadSendsOnlyTheHead) {
  TempFile file(5000);
  TestServer s([&](std::shared_ptr<Exchange> ex) {
    ex->RespondFile(200, {}, FileRange{file.path(), 0, 5000});
  });
  Client c(s.port());
  c.Send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
  Response r = c.Read(true);
  EXPECT_EQ(r.Get("content-length"), "5000");
  c.Send(Get("/"));
  EXPECT_EQ(c.Read().body.size(), 5000u);
}

TEST(ServerBody, ClientResetDuringFileResponseLeaksNoFd) {
  TempFile file(16 << 20);
  config::HttpLimits limits;
  limits.write_buffer_bytes = 64 * 1024;
  TestServer s(
      [&](std::shared_ptr<Exchange> ex) {
        ex->RespondFile(200, {}, FileRange{file.path(), 0, file.content().size()});
      },
      limits);
  int fds_before = testing::OpenFdCount();
  for (int i = 0; i < 5; ++i) {
    Client c(s.port());
    c.Send(Get("/"));
    c.ReadRaw(1000);
    c.Reset();
  }
  EXPECT_TRUE(WaitFor([&] { return testing::OpenFdCount() == fds_before; }));
}

}  // namespace
}  // namespace edgerun::http
