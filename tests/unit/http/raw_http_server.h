// Test peer for the outbound client: a blocking HTTP/1.1 server on loopback, one thread per
// connection, that records each request (head and de-chunked body) and lets the test write the
// response bytes itself (so it can send chunked bodies, stall, or close mid-body).
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/http/exchange.h"

namespace edgerun::http::testing {

struct RawRequest {
  std::string method, target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool chunked = false;

  std::optional<std::string> Get(std::string_view name) const {
    for (auto& [n, v] : headers) {
      if (HeaderNameEquals(n, name)) return v;
    }
    return std::nullopt;
  }
};

class RawConnection {
 public:
  explicit RawConnection(int fd) : fd_(fd) {}
  int fd() const { return fd_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Ends the connection after this response.
  void Close() { closed_ = true; }
  bool closed() const { return closed_; }

  // True when the peer closes (or resets) the connection within `ms`.
  bool WaitPeerClosed(int ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 10) > 0) {
        char c[4096];
        ssize_t n = recv(fd_, c, sizeof c, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) return true;
      }
    }
    return false;
  }

  // Reads one request; false at EOF or on a malformed one.
  bool ReadRequest(RawRequest* r) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return false;
    }
    std::string head = buf_.substr(0, end + 2);
    buf_.erase(0, end + 4);
    size_t eol = head.find("\r\n");
    std::string line = head.substr(0, eol);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1) return false;
    r->method = line.substr(0, sp1);
    r->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    for (size_t pos = eol + 2; pos < head.size();) {
      size_t e = head.find("\r\n", pos);
      std::string h = head.substr(pos, e - pos);
      size_t colon = h.find(':');
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value[0] == ' ') value.erase(0, 1);
      r->headers.emplace_back(h.substr(0, colon), value);
      pos = e + 2;
    }
    if (auto cl = r->Get("content-length")) {
      size_t n = std::stoull(*cl);
      while (buf_.size() < n) {
        if (!Fill()) return false;
      }
      r->body = buf_.substr(0, n);
      buf_.erase(0, n);
    } else if (r->Get("transfer-encoding")) {
      r->chunked = true;
      while (true) {
        size_t e;
        while ((e = buf_.find("\r\n")) == std::string::npos) {
          if (!Fill()) return false;
        }
        size_t size = std::stoull(buf_.substr(0, e), nullptr, 16);
        if (size == 0) {  // no trailers expected: the last chunk ends with an empty line
          while (buf_.size() < e + 4) {
            if (!Fill()) return false;
          }
          buf_.erase(0, e + 4);
          break;
        }
        while (buf_.size() < e + 2 + size + 2) {
          if (!Fill()) return false;
        }
        r->body.append(buf_, e + 2, size);
        buf_.erase(0, e + 2 + size + 2);
      }
    }
    return true;
  }

 private:
  bool Fill() {
    char tmp[65536];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool closed_ = false;
  std::string buf_;
};

class RawHttpServer {
 public:
  // `respond` writes the whole response for one request (on the connection's thread).
  using Respond = std::function<void(RawConnection& c, const RawRequest& r)>;

  explicit RawHttpServer(Respond respond) : respond_(std::move(respond)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen(listen_fd_, 64);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~RawHttpServer() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    close(listen_fd_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : fds_) shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : workers_) t.join();
  }

  uint16_t port() const { return port_; }
  std::string url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  bool stopping() const { return stopping_; }

  std::vector<RawRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  int connections() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(fds_.size());
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      fds_.push_back(fd);
      workers_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  void Serve(int fd) {
    RawConnection c(fd);
    RawRequest r;
    while (!stopping_ && c.ReadRequest(&r)) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(r);
      }
      respond_(c, r);
      if (c.closed()) break;
      r = RawRequest();
    }
    shutdown(fd, SHUT_RDWR);
    // The fd itself is closed by the destructor, so a shutdown there never hits a reused number.
  }

  Respond respond_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> fds_;
  std::vector<std::thread> workers_;
  std::vector<RawRequest> requests_;
};

// A libuv loop on the test's own thread, run until a condition holds.
class TestLoop {
 public:
  TestLoop() { uv_loop_init(&loop_); }
  ~TestLoop() {
    uv_run(&loop_, UV_RUN_DEFAULT);  // close callbacks of handles closed by the test
    closed_cleanly_ = uv_loop_close(&loop_) == 0;
    EXPECT_TRUE(closed_cleanly_) << "handles left open on the loop";
  }
  uv_loop_t* get() { return &loop_; }

  // Runs the loop until `done()` or `ms` pass; returns done().
  bool RunUntil(const std::function<bool()>& done, int ms = 5000) {
    uv_timer_t tick;
    uv_timer_init(&loop_, &tick);
    uv_timer_start(
        &tick, [](uv_timer_t*) {}, 5, 5);
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!done() && std::chrono::steady_clock::now() < until) uv_run(&loop_, UV_RUN_ONCE);
    uv_close(reinterpret_cast<uv_handle_t*>(&tick), nullptr);
    uv_run(&loop_, UV_RUN_NOWAIT);
    return done();
  }
  // Runs the loop for `ms` whatever happens.
  void RunFor(int ms) {
    RunUntil([] { return false; }, ms);
  }

 private:
  uv_loop_t loop_;
  bool closed_cleanly_ = false;
};

// Runs `fn` on `loop` after `ms` milliseconds (loop thread only).
inline void After(uv_loop_t* loop, uint64_t ms, std::function<void()> fn) {
  auto* t = new uv_timer_t;
  uv_timer_init(loop, t);
  t->data = new std::function<void()>(std::move(fn));
  uv_timer_start(
      t,
      [](uv_timer_t* timer) {
        auto* f = static_cast<std::function<void()>*>(timer->data);
        (*f)();
        delete f;
        uv_close(reinterpret_cast<uv_handle_t*>(timer),
                 [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
      },
      ms, 0);
}

}  // namespace edgerun::http::testing
