// Server: the listener (its own SO_REUSEPORT socket), the list of Connections, StopAccepting and
// Close. The per-request work lives in connection.cc.
#include "runtime/http/server.h"

#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "runtime/http/connection.h"

namespace edgerun::http {

namespace {

template <typename T>
void CloseAndDelete(T* handle) {
  uv_close(reinterpret_cast<uv_handle_t*>(handle),
           [](uv_handle_t* h) { delete reinterpret_cast<T*>(h); });
}

Error UvError(const std::string& what, int code) {
  return Error{what + ": " + uv_err_name(code) + " (" + uv_strerror(code) + ")"};
}

class ServerImpl final : public Server, public ServerCore {
 public:
  ServerImpl(uv_loop_t* loop, ServerOptions options, Handler handler) {
    this->loop = loop;
    limits = options.limits;
    this->handler = std::move(handler);
    access_log = std::move(options.access_log);
  }
  ~ServerImpl() override {
    on_idle_ = nullptr;
    Close();
  }

  Status Bind(const std::string& ip, uint16_t port);

  uint16_t port() const override { return port_; }
  void StopAccepting(std::function<void()> on_idle) override;
  void Close() override;
  size_t active_requests() const override { return ServerCore::active_requests; }

  void OnConnectionClosing(Connection* c) override;
  void OnConnectionIdle(Connection*) override { CheckDrained(); }
  void ScheduleResume(Connection* c) override;

 private:
  static void OnNewConnection(uv_stream_t* listener, int status);
  static void OnResumeTick(uv_idle_t* idle);
  void CloseListener();
  void CheckDrained();
  std::vector<Connection*> Snapshot() const;

  // Heap-allocated handles: their close callbacks may run after the Server is gone.
  uv_tcp_t* listener_ = nullptr;
  uv_idle_t* resume_idle_ = nullptr;
  std::vector<Connection*> resume_list_;
  Connection* connections_ = nullptr;  // intrusive list (Connection::prev/next)
  std::function<void()> on_idle_;
  uint16_t port_ = 0;
  bool closed_ = false;
};

Status ServerImpl::Bind(const std::string& ip, uint16_t port) {
  sockaddr_storage addr{};
  bool v6 = ip.find(':') != std::string::npos;
  int rc = v6 ? uv_ip6_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in6*>(&addr))
              : uv_ip4_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in*>(&addr));
  if (rc != 0)
    return Error{"invalid listen address '" + ip + "': expected an IPv4 or IPv6 literal"};
  std::string where = (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(port);

  resume_idle_ = new uv_idle_t;
  uv_idle_init(loop, resume_idle_);
  resume_idle_->data = this;

  listener_ = new uv_tcp_t;
  rc = uv_tcp_init_ex(loop, listener_, v6 ? AF_INET6 : AF_INET);
  if (rc != 0) {
    delete listener_;
    listener_ = nullptr;
    return UvError("cannot create a socket for " + where, rc);
  }
  listener_->data = this;
  // Every event-loop thread has its own listener on the same address; the kernel spreads
  // connections among them.
  uv_os_fd_t fd;
  int one = 1;
  if (uv_fileno(reinterpret_cast<uv_handle_t*>(listener_), &fd) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
    return UvError("cannot set SO_REUSEPORT on " + where, uv_translate_sys_error(errno));
  }
  // flags 0: a "::" listener also accepts IPv4 (IPV6_V6ONLY off).
  rc = uv_tcp_bind(listener_, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0) rc = uv_listen(reinterpret_cast<uv_stream_t*>(listener_), 1024, &OnNewConnection);
  if (rc != 0) return UvError("cannot listen on " + where, rc);

  sockaddr_storage bound{};
  int len = sizeof bound;
  uv_tcp_getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return Ok{};
}

void ServerImpl::OnNewConnection(uv_stream_t* listener, int status) {
  auto* self = static_cast<ServerImpl*>(listener->data);
  if (status < 0 || self->closed_) return;
  auto* c = new Connection(self);
  c->next = self->connections_;
  if (c->next) c->next->prev = c;
  self->connections_ = c;
  c->Start(listener);
}

void ServerImpl::OnConnectionClosing(Connection* c) {
  if (c->prev) {
    c->prev->next = c->next;
  } else if (connections_ == c) {
    connections_ = c->next;
  }
  if (c->next) c->next->prev = c->prev;
  c->prev = c->next = nullptr;
  if (c->resume_scheduled) {
    c->resume_scheduled = false;
    std::erase(resume_list_, c);
  }
  CheckDrained();
}

void ServerImpl::ScheduleResume(Connection* c) {
  if (c->resume_scheduled || !resume_idle_) return;
  c->resume_scheduled = true;
  resume_list_.push_back(c);
  uv_idle_start(resume_idle_, &OnResumeTick);
}

void ServerImpl::OnResumeTick(uv_idle_t* idle) {
  auto* self = static_cast<ServerImpl*>(idle->data);
  std::vector<Connection*> list;
  list.swap(self->resume_list_);
  for (Connection* c : list) {
    // A connection closed by an earlier Resume in this loop has had its flag cleared.
    if (!c->resume_scheduled) continue;
    c->resume_scheduled = false;
    c->Resume();
  }
  if (self->resume_list_.empty() && self->resume_idle_) uv_idle_stop(self->resume_idle_);
}

std::vector<Connection*> ServerImpl::Snapshot() const {
  std::vector<Connection*> all;
  for (Connection* c = connections_; c; c = c->next) all.push_back(c);
  return all;
}

void ServerImpl::CloseListener() {
  if (listener_) {
    CloseAndDelete(listener_);
    listener_ = nullptr;
  }
}

void ServerImpl::StopAccepting(std::function<void()> on_idle) {
  CloseListener();
  draining = true;
  on_idle_ = std::move(on_idle);
  // Idle keep-alive connections close now; busy ones close after their response.
  for (Connection* c : Snapshot()) c->StopAfterResponse();
  CheckDrained();
}

void ServerImpl::CheckDrained() {
  if (!draining || !on_idle_) return;
  for (Connection* c = connections_; c; c = c->next) {
    if (c->busy()) return;
  }
  auto cb = std::move(on_idle_);
  on_idle_ = nullptr;
  cb();
}

void ServerImpl::Close() {
  if (closed_) return;
  closed_ = true;
  draining = true;
  CloseListener();
  for (Connection* c : Snapshot()) c->CloseNow();
  resume_list_.clear();
  if (resume_idle_) {
    CloseAndDelete(resume_idle_);
    resume_idle_ = nullptr;
  }
  CheckDrained();
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Listen(uv_loop_t* loop, ServerOptions options,
                                               Handler handler) {
  if (!handler) return Error{"http server: no request handler given"};
  std::string ip = options.ip;
  uint16_t port = options.port;
  auto server = std::make_unique<ServerImpl>(loop, std::move(options), std::move(handler));
  Status bound = server->Bind(ip, port);
  if (!bound.ok()) return bound.error();  // ~ServerImpl closes what was opened
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace edgerun::http
