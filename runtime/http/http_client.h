// Outbound HTTP/1.1 client on one libuv loop, built on libcurl's multi-socket API: curl tells us
// which sockets to watch (a uv_poll_t each) and when to wake it (one uv_timer_t), and we hand the
// events back with curl_multi_socket_action. No thread of its own, no blocking call.
//
// What it is for: the network half of `fetch()` and the upstream proxy of
// `passThroughOnException()` (upstream_proxy.h). One request in, one streamed response out:
// the head once, the body chunk by chunk with backpressure, then completion or an error.
// What it is not for: Request/Response semantics of the Fetch standard (CORS, cookies, caches,
// mode/credentials); those live above, in bindings/ and js/. It does not decompress unless asked,
// does not read proxy settings from the environment, and speaks HTTP/1.1 only (TLS through
// OpenSSL with the system CA store).
//
// Ownership and threads: one HttpClient per event-loop thread, created and used on that thread
// only. It owns its transfers, its curl handles and its uv handles; connections are kept alive
// and reused between transfers to the same origin. A FetchHandle borrows nothing: it goes inert
// when its transfer ends or the client is closed or destroyed. The client may be destroyed right
// after Close() (its uv handles free themselves when the loop runs their close callbacks).
//
// Callbacks run on the loop thread. on_head and on_data run from inside curl: from them you may
// Fetch, Cancel and Resume (those take effect once curl has returned), but you must not Close or
// destroy the HttpClient. on_complete runs outside curl; from it anything goes.
#pragma once

#include <uv.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/http/exchange.h"

namespace edgerun::http {

// Pulls the request body: called with a callback that must run once (now or later) with the
// next chunk; it is called again only after that. {done = true} ends the body, a non-empty
// `error` aborts the transfer. Exchange::ReadBody has exactly this shape, so a proxied request
// body streams through without being buffered.
using BodyReader = std::function<void(std::function<void(BodyChunk)> on_chunk)>;

struct OutboundRequest {
  std::string method = "GET";  // sent as given; HEAD asks for no body
  std::string url;             // absolute http: or https: URL
  HeaderList headers;          // sent in order, duplicates kept; curl adds Host if absent, and
                               // nothing else (no Accept, no User-Agent, no Expect)
  // The body: `body` when `body_reader` is empty. A POST or PUT with neither is sent with
  // Content-Length: 0; other methods without a body send no body headers at all.
  std::string body;
  BodyReader body_reader;
  // For a `body_reader`: the length to announce as Content-Length; unknown -> chunked.
  std::optional<uint64_t> body_length;
  // Follow 301/302/303/307/308 (at most `max_redirects`, then an error). A redirect that must
  // resend a `body_reader` body fails, since a pulled body cannot be rewound.
  bool follow_redirects = false;
  int max_redirects = 20;
  // Whole transfer, connect to last byte (0: none); and connect alone (0: curl's 300 s).
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds connect_timeout{0};
  // Send Accept-Encoding for gzip/deflate/br and decode the body (Content-Encoding and
  // Content-Length then describe the encoded body, as received). Off: bytes as they came.
  bool decompress = false;
};

struct FetchCallbacks {
  // The final response head (after any followed redirects; 1xx heads are skipped). Header
  // names as received, in order, duplicates (Set-Cookie) kept; obs-folded lines joined.
  // Content-Length and Transfer-Encoding are passed on as received: the body given to on_data
  // is always de-chunked.
  std::function<void(int status, std::string reason, HeaderList headers)> on_head;
  // A piece of the body. Return false to pause: on_data is not called again until
  // FetchHandle::Resume(); curl holds what arrives meanwhile (one read's worth, ~16 KiB) and
  // stops reading the socket, so the peer is slowed by TCP flow control.
  std::function<bool(std::string_view chunk)> on_data;
  // Runs once at the end, unless the transfer was cancelled: "" on success, else what failed
  // ("Couldn't connect to server: Failed to connect to 127.0.0.1 port 1 ...").
  std::function<void(std::string error)> on_complete;
};

class HttpClient;

// Refers to one transfer. Copyable; all copies refer to the same transfer.
class FetchHandle {
 public:
  FetchHandle() = default;

  // Stops the transfer and drops its connection. No callback of it runs after Cancel returns.
  // Harmless when it has already ended.
  void Cancel();
  // Lets on_data be called again after it returned false. May deliver held-back data at once,
  // from inside this call.
  void Resume();
  // True until on_complete has run or the transfer was cancelled.
  bool active() const;

 private:
  friend class HttpClient;
  struct Transfer;
  explicit FetchHandle(std::weak_ptr<Transfer> t) : transfer_(std::move(t)) {}
  std::weak_ptr<Transfer> transfer_;
};

class HttpClient {
 public:
  static std::unique_ptr<HttpClient> Create(uv_loop_t* loop);
  ~HttpClient();  // Close()s if not yet closed
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts a transfer. Errors (bad URL, refused, timeout, invalid header) come through
  // on_complete, never from inside this call, except after Close(): then on_complete runs
  // at once with "HttpClient is closed".
  FetchHandle Fetch(OutboundRequest request, FetchCallbacks callbacks);

  // Ends every transfer (their on_complete runs with "HttpClient is closed"), closes the
  // connections and the uv handles. Not from inside on_head/on_data.
  void Close();

  size_t active_transfers() const { return transfers_.size(); }

 private:
  using Transfer = FetchHandle::Transfer;
  friend class FetchHandle;
  struct SocketWatch;

  explicit HttpClient(uv_loop_t* loop);
  static std::string Configure(Transfer* t);

  // curl's CURLMOPT_SOCKETFUNCTION / CURLMOPT_TIMERFUNCTION, and the uv events back into curl.
  static int OnCurlSocket(void* easy, int fd, int what, void* userp, void* socketp);
  static int OnCurlTimer(void* multi, long timeout_ms, void* userp);
  static void OnPoll(uv_poll_t* poll, int status, int events);
  static void OnTimer(uv_timer_t* timer);
  static void OnKick(uv_timer_t* timer);
  // curl's easy callbacks.
  static size_t OnHeader(char* data, size_t size, size_t n, void* userp);
  static size_t OnWrite(char* data, size_t size, size_t n, void* userp);
  static size_t OnRead(char* data, size_t size, size_t n, void* userp);
  static int OnSeek(void* userp, int64_t offset, int origin);

  void SocketAction(int fd, int events);
  void CheckDone();
  // Runs curl's timeouts on the next loop iteration (after an unpause or a failed setup),
  // without disturbing the timer curl itself asked for.
  void Kick();
  // Calls into curl that may call back into user code go through Enter/Leave: operations that
  // curl does not allow from its callbacks are queued while inside and run on the way out.
  void Enter() { ++depth_; }
  void Leave();
  void Defer(std::function<void()> op);

  void Cancel(const std::shared_ptr<Transfer>& t);
  void Resume(const std::shared_ptr<Transfer>& t);
  void ApplyPause(const std::shared_ptr<Transfer>& t);
  void Remove(const std::shared_ptr<Transfer>& t);
  void RequestBodyChunk(Transfer* t);
  void OnBodyChunk(const std::shared_ptr<Transfer>& t, BodyChunk chunk);
  static void DeliverHead(Transfer* t);

  uv_loop_t* loop_;
  void* multi_ = nullptr;        // CURLM*, owned
  uv_timer_t* timer_ = nullptr;  // owned; freed by its close callback
  uv_timer_t* kick_ = nullptr;   // owned; freed by its close callback
  std::unordered_map<void*, std::shared_ptr<Transfer>> transfers_;  // by CURL*
  std::vector<std::shared_ptr<Transfer>> failed_;  // setup failed; reported on the next kick
  std::unordered_set<SocketWatch*> watches_;       // owned; freed by their close callbacks
  int depth_ = 0;
  std::vector<std::function<void()>> deferred_;
  bool closed_ = false;
  // Cleared by the destructor, so a loop over callbacks can tell that one of them destroyed us.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edgerun::http
