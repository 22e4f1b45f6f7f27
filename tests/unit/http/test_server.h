// Test harness for the HTTP server: a Server on its own libuv loop thread (127.0.0.1, port 0 by
// default) and a tiny blocking-socket client that reads HTTP/1.1 responses.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/http/server.h"

namespace edgerun::http::testing {

struct LoggedAccess {
  std::string method, target;
  int status;
  uint64_t body_bytes;
};

// Runs `fn` on `loop` after `ms` milliseconds (loop thread only).
inline void Later(uv_loop_t* loop, uint64_t ms, std::function<void()> fn) {
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

class TestServer {
 public:
  explicit TestServer(Handler handler, config::HttpLimits limits = {}, std::string ip = "127.0.0.1",
                      uint16_t port = 0) {
    std::promise<std::string> started;
    auto ready = started.get_future();
    thread_ = std::thread([&, handler = std::move(handler)]() mutable {
      uv_loop_init(&loop_);
      uv_async_init(&loop_, &async_, &OnAsync);
      async_.data = this;
      ServerOptions options;
      options.ip = ip;
      options.port = port;
      options.limits = limits;
      options.access_log = [this](const AccessRecord& r) {
        std::lock_guard<std::mutex> lock(mu_);
        log_.push_back({std::string(r.method), std::string(r.target), r.status, r.body_bytes});
      };
      auto server = Server::Listen(&loop_, std::move(options), std::move(handler));
      if (!server.ok()) {
        uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
        uv_run(&loop_, UV_RUN_DEFAULT);
        uv_loop_close(&loop_);
        started.set_value(server.error().ToString());
        return;
      }
      server_ = std::move(server.value());
      port_ = server_->port();
      started.set_value("");
      uv_run(&loop_, UV_RUN_DEFAULT);
      server_.reset();
      uv_run(&loop_, UV_RUN_DEFAULT);
      EXPECT_EQ(uv_loop_close(&loop_), 0) << "handles left open on the loop";
    });
    error_ = ready.get();
    if (!error_.empty()) thread_.join();
  }

  ~TestServer() { Stop(); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  uv_loop_t* loop() { return &loop_; }
  Server* server() { return server_.get(); }

  // Runs `fn` on the loop thread and waits for it.
  void Run(std::function<void()> fn) {
    std::promise<void> done;
    auto f = done.get_future();
    Post([&] {
      fn();
      done.set_value();
    });
    f.wait();
  }
  // Runs `fn` on the loop thread without waiting.
  void Post(std::function<void()> fn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(fn));
    }
    uv_async_send(&async_);
  }

  void Stop() {
    if (!thread_.joinable()) return;
    Post([this] {
      if (server_) server_->Close();
      uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
    });
    thread_.join();
  }

  std::vector<LoggedAccess> log() {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  static void OnAsync(uv_async_t* a) {
    auto* self = static_cast<TestServer*>(a->data);
    std::vector<std::function<void()>> tasks;
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      tasks.swap(self->tasks_);
    }
    for (auto& t : tasks) t();
  }

  uv_loop_t loop_;
  uv_async_t async_;
  std::thread thread_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::string error_;
  std::mutex mu_;
  std::vector<std::function<void()>> tasks_;
  std::vector<LoggedAccess> log_;
};

struct Response {
  int status = 0;
  std::string head;  // status line and headers, as received
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool ok = false;  // a complete response was read

  std::optional<std::string> Get(std::string_view name) const {
    for (auto& [n, v] : headers) {
      if (HeaderNameEquals(n, name)) return v;
    }
    return std::nullopt;
  }
  int Count(std::string_view name) const {
    int n = 0;
    for (auto& h : headers) n += HeaderNameEquals(h.first, name);
    return n;
  }
};

// A blocking client socket with a read buffer (several responses may arrive in one read).
class Client {
 public:
  explicit Client(uint16_t port, const char* ip = "127.0.0.1") {
    bool v6 = std::strchr(ip, ':') != nullptr;
    fd_ = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc;
    if (v6) {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(port);
      inet_pton(AF_INET6, ip, &a.sin6_addr);
      rc = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      inet_pton(AF_INET, ip, &a.sin_addr);
      rc = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    connected_ = rc == 0;
  }
  ~Client() {
    if (fd_ >= 0) close(fd_);
  }
  Client(const Client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  void ShutdownWrite() { shutdown(fd_, SHUT_WR); }
  // Close with RST instead of FIN.
  void Reset() {
    linger l{1, 0};
    setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd_);
    fd_ = -1;
  }

  // Reads one response. `head_request`: the body is absent whatever the framing says.
  Response Read(bool head_request = false) {
    Response r;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    r.head = buf_.substr(0, end + 2);
    buf_.erase(0, end + 4);
    // Status line.
    size_t sp = r.head.find(' ');
    if (sp == std::string::npos) return r;
    r.status = std::atoi(r.head.c_str() + sp + 1);
    size_t pos = r.head.find("\r\n") + 2;
    while (pos < r.head.size()) {
      size_t eol = r.head.find("\r\n", pos);
      std::string line = r.head.substr(pos, eol - pos);
      size_t colon = line.find(':');
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value[0] == ' ') value.erase(0, 1);
      r.headers.emplace_back(line.substr(0, colon), value);
      pos = eol + 2;
    }
    if (r.status < 200 || r.status == 204 || r.status == 304 || head_request) {
      r.ok = true;
      return r;
    }
    if (auto cl = r.Get("content-length")) {
      size_t n = std::stoull(*cl);
      while (buf_.size() < n) {
        if (!Fill()) return r;
      }
      r.body = buf_.substr(0, n);
      buf_.erase(0, n);
      r.ok = true;
      return r;
    }
    if (auto te = r.Get("transfer-encoding")) {
      while (true) {
        size_t eol;
        while ((eol = buf_.find("\r\n")) == std::string::npos) {
          if (!Fill()) return r;
        }
        size_t size = std::stoull(buf_.substr(0, eol), nullptr, 16);
        while (buf_.size() < eol + 2 + size + 2) {
          if (!Fill()) return r;
        }
        r.body.append(buf_, eol + 2, size);
        buf_.erase(0, eol + 2 + size + 2);
        if (size == 0) break;
      }
      r.ok = true;
      return r;
    }
    while (Fill()) {
    }
    r.body = std::move(buf_);
    buf_.clear();
    r.ok = eof_;
    return r;
  }

  // Reads exactly n raw bytes (from the buffer first).
  std::string ReadRaw(size_t n) {
    while (buf_.size() < n) {
      if (!Fill()) break;
    }
    std::string out = buf_.substr(0, std::min(n, buf_.size()));
    buf_.erase(0, out.size());
    return out;
  }

  // True when the server closed the connection (EOF or reset) within the receive timeout and
  // sent nothing more.
  bool ReadsEof() {
    if (!buf_.empty()) return false;
    char c;
    ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char tmp[65536];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      eof_ = n == 0;
      return false;
    }
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string buf_;
};

inline std::string Get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

// Waits (polling) until `pred` holds or `ms` pass.
inline bool WaitFor(std::function<bool()> pred, int ms = 3000) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pred();
}

inline int OpenFdCount() {
  int n = 0;
  for (int fd = 0; fd < 4096; ++fd) {
    if (fcntl(fd, F_GETFD) != -1) ++n;
  }
  return n;
}

}  // namespace edgerun::http::testing
