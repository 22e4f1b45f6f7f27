// One accepted TCP connection of a Server, and the Exchange it hands out for each request.
//
// What it is for: the per-connection state machine. Bytes are parsed by a RequestParser straight
// out of the loop's shared read buffer; the Handler is called once per request head; the request
// body is delivered on demand from a bounded buffer (reading stops while it is full); responses
// are written with one uv_try_write of head and body (what the kernel does not take is queued in
// an OutputQueue); timeouts and the close handshake are enforced here.
//
// Pipelining: requests on one connection are handled strictly one at a time. The bytes of request
// N+1 stay unparsed in the connection's buffer until N's response is finished (the application
// has handed over all of it: Respond*, or EndResponse, or the last chunk of a file); only then is
// N+1's head parsed and the Handler called. Responses therefore go out in request order and are
// never queued behind one another. When N's response finishes from outside the read path (an
// async handler), N+1 is started from the loop's idle phase, never from inside the application's
// call to Respond/EndResponse.
//
// Ownership: the Server links each Connection into its list; a Connection deletes itself once its
// libuv handles are closed. It owns the current Exchange by shared_ptr (the Handler may hold more
// references, for as long as it likes); an Exchange points back at its Connection only while its
// response is unfinished, and every call after that is a no-op. Everything runs on the loop's
// thread.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/config/config.h"
#include "runtime/http/date_cache.h"
#include "runtime/http/exchange.h"
#include "runtime/http/file_reader.h"
#include "runtime/http/output_queue.h"
#include "runtime/http/request_parser.h"
#include "runtime/http/response_head.h"
#include "runtime/http/server.h"

namespace edgerun::http {

class Connection;

// What Connections borrow from their Server; server.cc implements the hooks.
class ServerCore {
 public:
  static constexpr size_t kReadBufferSize = 64 * 1024;

  uv_loop_t* loop = nullptr;
  config::HttpLimits limits;
  Handler handler;
  AccessLogger access_log;
  DateCache date;
  bool draining = false;       // StopAccepting was called: no more keep-alive
  size_t active_requests = 0;  // handed to the Handler and not finished or aborted

  // libuv reads every connection of this loop into this one buffer; bytes not parsed at once
  // (pipelined requests waiting their turn) are copied into the connection's own buffer.
  char* read_buffer() { return read_buffer_.get(); }

  // `c` is closing and must be forgotten (unlinked, removed from the resume list).
  virtual void OnConnectionClosing(Connection* c) = 0;
  // `c` may have stopped being busy (for StopAccepting's on_idle).
  virtual void OnConnectionIdle(Connection* c) = 0;
  // Call c->Resume() soon from the loop (not from the current call stack).
  virtual void ScheduleResume(Connection* c) = 0;

 protected:
  ~ServerCore() = default;

 private:
  std::unique_ptr<char[]> read_buffer_ = std::make_unique<char[]>(kReadBufferSize);
};

class ExchangeImpl final : public Exchange {
 public:
  const RequestHead& head() const override { return head_; }
  void ReadBody(std::function<void(BodyChunk)> on_chunk) override;
  void Respond(int status, HeaderList headers, std::string body) override;
  void RespondBorrowed(int status, const HeaderList& headers, std::string_view body) override;
  void RespondShared(int status, HeaderList headers, std::shared_ptr<const std::string> body,
                     uint64_t offset, uint64_t length) override;
  void RespondFile(int status, HeaderList headers, FileRange file) override;
  void StartResponse(int status, HeaderList headers,
                     std::optional<uint64_t> content_length) override;
  bool WriteBody(std::string chunk) override;
  void SetDrainCallback(std::function<void()> on_drain) override;
  void EndResponse() override;
  bool responded() const override { return responded_; }
  bool aborted() const override { return aborted_; }
  void SetAbortCallback(std::function<void()> on_abort) override;
  void Annotate(const AccessAnnotations& annotations) override { annotations_ = annotations; }

 private:
  friend class Connection;

  void Reset();                    // for reuse by the next request on the same connection
  void Abort(const char* reason);  // detaches; read callback gets the error; abort callback once

  RequestHead head_;
  Connection* conn_ = nullptr;  // set while the response is unfinished
  std::function<void(BodyChunk)> on_chunk_;
  std::function<void()> on_drain_;
  std::function<void()> on_abort_;
  bool dispatched_ = false;  // handed to the Handler
  bool responded_ = false;
  bool streaming_ = false;  // StartResponse was called; WriteBody/EndResponse apply
  bool finished_ = false;
  bool aborted_ = false;
  bool abort_ran_ = false;
  bool head_request_ = false;
  bool need_drain_ = false;
  bool head_sent_ = false;  // RespondFile: the head goes out with the first chunk
  BodyMode mode_ = BodyMode::kNone;
  uint64_t length_left_ = 0;  // kLength streams: bytes still owed
  int status_ = 0;
  uint64_t body_bytes_ = 0;
  uint64_t start_ns_ = 0;
  AccessAnnotations annotations_;
  ResponsePlan file_plan_;
  HeaderList file_headers_;
};

class Connection final : private FileReader::Sink {
 public:
  explicit Connection(ServerCore* core);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Accepts the pending connection of `listener` and starts reading; closes itself on failure.
  void Start(uv_stream_t* listener);
  // A request is in flight or response bytes are still queued.
  bool busy() const;
  // Closes the socket now; an unfinished Exchange is aborted.
  void CloseNow();
  // StopAccepting: close now if idle, else after the current response.
  void StopAfterResponse();
  // Goes on with buffered pipelined requests (called by the Server from the loop).
  void Resume();

  // Owned by the Server: links of its connection list, and its resume-list flag.
  Connection* prev = nullptr;
  Connection* next = nullptr;
  bool resume_scheduled = false;

 private:
  friend class ExchangeImpl;
  enum class Timeout : uint8_t { kNone, kIdle, kHead, kBody, kWrite, kLinger };

  ~Connection() = default;  // deletes itself once its handles are closed

  // Reading and parsing.
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  size_t Process(const char* data, size_t len);
  void ProcessPending();
  bool HasPending() const { return pending_off_ < pending_.size(); }
  void BeginMessage();
  void Dispatch();
  void OnMessageEnd();
  void OnParseError();
  void DeliverBody();
  void UpdateReading();
  void CheckPeerEof();

  // Exchange operations (the Exchange has checked it is current and in the right state).
  void ReadBody(ExchangeImpl* ex, std::function<void(BodyChunk)> on_chunk);
  void Respond(ExchangeImpl* ex, int status, const HeaderList& headers, std::string body);
  void RespondBorrowed(ExchangeImpl* ex, int status, const HeaderList& headers,
                       std::string_view body);
  // The head, then `body` (an owned or a borrowed piece) when the plan lets it through.
  void SendWhole(ExchangeImpl* ex, int status, const HeaderList& headers, const OutPiece& body);
  void RespondShared(ExchangeImpl* ex, int status, const HeaderList& headers,
                     const std::shared_ptr<const std::string>& body, uint64_t offset,
                     uint64_t length);
  void RespondFile(ExchangeImpl* ex, int status, HeaderList headers, FileRange file);
  void StartResponse(ExchangeImpl* ex, int status, const HeaderList& headers,
                     std::optional<uint64_t> content_length);
  bool WriteBody(ExchangeImpl* ex, std::string chunk);
  void EndResponse(ExchangeImpl* ex);
  ResponsePlan PlanFor(ExchangeImpl* ex, int status, std::optional<uint64_t> length,
                       const HeaderList& headers);
  bool WantKeepAlive() const;
  void FinishResponse(ExchangeImpl* ex);

  // FileReader::Sink.
  void OnFileData(std::string chunk, bool last) override;
  void OnFileError(int error) override;

  // Writing.
  bool Send(const OutPiece* pieces, int count);  // false when the connection has closed
  void StartWrite();
  static void OnWriteDone(uv_write_t* req, int status);
  void AfterWrite();

  // Errors, timeouts, closing.
  void SendErrorAndClose(int status, const char* detail,
                         std::shared_ptr<ExchangeImpl> ex = nullptr);
  void FailBody(int status, const char* detail);
  void AbortExchange(const char* reason);
  void LogAccess(const AccessAnnotations* annotations, std::string_view method,
                 std::string_view target, int status, uint64_t bytes, uint64_t start_ns);
  void UpdateTimeout();
  void SetDeadline(Timeout kind, uint64_t at);
  static void OnTimer(uv_timer_t* timer);
  void OnTimeout(Timeout kind);
  void CloseGracefully();
  static void OnShutdown(uv_shutdown_t* req, int status);
  static void OnHandleClosed(uv_handle_t* handle);

  ServerCore* core_;  // null once closing
  uv_tcp_t tcp_;
  uv_timer_t timer_;
  uv_write_t write_req_;
  uv_shutdown_t shutdown_req_;
  RequestParser parser_;

  std::shared_ptr<ExchangeImpl> ex_;     // the request being received or answered
  std::shared_ptr<ExchangeImpl> spare_;  // a finished Exchange, reused when nobody else holds it

  std::string pending_;  // unparsed bytes (pipelined requests waiting for their turn)
  size_t pending_off_ = 0;
  std::string body_buf_;  // request body received and not yet read by the application
  std::string head_buf_;  // scratch for serialising response heads
  OutputQueue out_;
  int writing_count_ = 0;  // chunks in the uv_write in flight
  FileReader* file_ = nullptr;

  // Timer state: one uv_timer per connection, re-armed lazily (see SetDeadline).
  Timeout timeout_kind_ = Timeout::kNone;
  uint64_t deadline_ = 0;
  uint64_t timer_due_ = 0;
  uint64_t head_start_ms_ = 0;
  uint64_t idle_since_ms_ = 0;
  uint64_t last_body_ms_ = 0;
  uint64_t last_write_ms_ = 0;
  uint64_t linger_start_ms_ = 0;

  int handles_open_ = 0;
  bool timer_armed_ = false;
  bool reading_ = false;
  bool writing_ = false;
  bool in_process_ = false;
  bool parser_active_ = false;  // a request's bytes are being parsed (head or body)
  bool body_done_ = false;      // the current request's body has been fully received
  bool continue_sent_ = false;
  bool served_any_ = false;    // at least one request head was received
  bool file_waiting_ = false;  // the file reader waits for the output queue to drain
  bool close_after_response_ = false;
  bool close_pending_ = false;  // CloseGracefully: shut down once the output is flushed
  bool shutdown_started_ = false;
  bool discard_input_ = false;  // after an error or during the close handshake
  bool lingering_ = false;      // shut down; waiting for the client's FIN
  bool peer_eof_ = false;
  bool closing_ = false;  // uv_close called
};

}  // namespace edgerun::http
