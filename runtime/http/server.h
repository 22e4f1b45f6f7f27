// HTTP/1.1 server on one libuv loop: accepts connections on its own SO_REUSEPORT listener,
// parses requests with llhttp, enforces the limits and timeouts of config::HttpLimits, and hands
// each request to the Handler as an Exchange (exchange.h).
//
// One Server per event-loop thread; several Servers (one per thread) may listen on the same
// address. Owns its listener and connections; closes them on Stop().
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/base/result.h"
#include "runtime/config/config.h"
#include "runtime/http/exchange.h"

namespace edgerun::http {

// One line of the access log, given to the AccessLogger after each response is finished.
struct AccessRecord {
  std::string_view method;
  std::string_view target;
  int status = 0;
  uint64_t body_bytes = 0;
  double duration_ms = 0;
  const AccessAnnotations* annotations = nullptr;  // set when the exchange was handed on
};
using AccessLogger = std::function<void(const AccessRecord&)>;

struct ServerOptions {
  std::string ip = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 8787;          // 0 picks a free port (see Server::port())
  config::HttpLimits limits;
  AccessLogger access_log;  // optional
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Listen(uv_loop_t* loop, ServerOptions options,
                                                Handler handler);
  virtual ~Server() = default;

  virtual uint16_t port() const = 0;
  // Stops accepting; in-flight requests go on. `on_idle` runs once no connection is busy
  // (idle keep-alive connections are closed at once).
  virtual void StopAccepting(std::function<void()> on_idle) = 0;
  // Closes everything now. After the loop has run the close callbacks the Server may be destroyed.
  virtual void Close() = 0;
  // Requests currently being handled (started and not yet fully written).
  virtual size_t active_requests() const = 0;
};

}  // namespace edgerun::http
