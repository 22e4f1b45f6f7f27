// One HTTP request/response exchange, as the server hands it to the layer above (dispatch).
//
// What it is for: carrying a parsed request head, a streaming request body, and the ways to
// answer (whole body, shared immutable bytes, a file range, or a stream with backpressure).
// What it is not for: routing or interpreting the request; that is runtime/dispatch.
//
// Ownership: the server creates each Exchange as a std::shared_ptr and passes it to the Handler.
// The handler may keep it as long as it likes (for example across JS awaits). If the client goes
// away first, the Exchange is marked aborted, its abort callback runs once, and all later calls to
// answer it are harmless no-ops. All methods must be called on the event-loop thread that owns
// the connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgerun::http {

struct Header {
  std::string name;  // as received / as the application wrote it
  std::string value;
};
using HeaderList = std::vector<Header>;

// Case-insensitive ASCII comparison of header names.
bool HeaderNameEquals(std::string_view a, std::string_view b);

struct RequestHead {
  std::string method;  // upper case as sent, e.g. "GET"
  std::string target;  // raw request-target (origin-form "/p?q", absolute-form, or "*")
  int version_major = 1;
  int version_minor = 1;
  HeaderList headers;                      // in order received; duplicates kept
  bool has_body = false;                   // Content-Length > 0 or chunked
  std::optional<uint64_t> content_length;  // when sent as Content-Length

  // First value of the header, compared case-insensitively; empty view when absent.
  std::string_view Get(std::string_view name) const;
  // Path part of the target ("/a/b" of "/a/b?x" or of "http://h/a/b?x"), and the query with "?".
  std::string_view Path() const;
  std::string_view Query() const;
  // Host the client named: the Host header, or the authority of an absolute-form target.
  std::string_view Host() const;
};

// A chunk of request body. `data` empty and `done` true marks the end; `error` is set when the
// body could not be read (client went away, timeout, over the size limit).
struct BodyChunk {
  std::string data;
  bool done = false;
  std::string error;
};

// How the response body is supplied when it is known up front.
struct FileRange {
  std::string path;  // opened (and closed) by the server
  uint64_t offset = 0;
  uint64_t length = 0;
};

// What the layer that answered adds to the exchange's access-log line: the worker's request id
// (the one its log lines carry), the time its code ran, and its subrequests.
struct AccessAnnotations {
  uint64_t request_id = 0;  // 0: not answered by a worker
  uint64_t cpu_ns = 0;
  uint32_t subrequests = 0;
};

class Exchange {
 public:
  virtual ~Exchange() = default;

  virtual const RequestHead& head() const = 0;

  // -- Request body ------------------------------------------------------------------------
  // Asks for the next chunk of the body; `on_chunk` runs once, possibly synchronously when data
  // is already buffered. The first read of a request with `Expect: 100-continue` sends
  // "100 Continue". Only one read may be outstanding. A request without a body yields
  // {done = true} at once.
  virtual void ReadBody(std::function<void(BodyChunk)> on_chunk) = 0;

  // -- Response ------------------------------------------------------------------------------
  // The server adds Date, Server (unless present), Content-Length or Transfer-Encoding, and
  // Connection as needed; HEAD/204/304 never carry a body whatever is passed here.

  // Whole response at once (small errors, bodies the caller already owns as a string).
  virtual void Respond(int status, HeaderList headers, std::string body) = 0;
  // Whole response whose headers and body are borrowed for the duration of the call: written
  // straight to the socket, copied only if the kernel does not take them at once. The hot path
  // of JS responses (scratch buffers reused for every request, or a Uint8Array's bytes).
  virtual void RespondBorrowed(int status, const HeaderList& headers, std::string_view body) = 0;
  // Whole response whose body is shared immutable bytes (cached static files): never copied.
  virtual void RespondShared(int status, HeaderList headers,
                             std::shared_ptr<const std::string> body, uint64_t offset,
                             uint64_t length) = 0;
  // Whole response whose body is a byte range of a file, streamed with backpressure.
  virtual void RespondFile(int status, HeaderList headers, FileRange file) = 0;

  // Streamed response: StartResponse, then WriteBody any number of times, then EndResponse.
  // content_length, when given, is announced; otherwise chunked (HTTP/1.1) or close-delimited.
  virtual void StartResponse(int status, HeaderList headers,
                             std::optional<uint64_t> content_length) = 0;
  // Queues bytes. Returns false when more than the per-connection bound is buffered: the
  // producer should wait for the drain callback before writing more.
  virtual bool WriteBody(std::string chunk) = 0;
  virtual void SetDrainCallback(std::function<void()> on_drain) = 0;
  virtual void EndResponse() = 0;

  // Sets what the access-log line of this exchange reports beyond the HTTP facts. Call it before
  // the response completes (the line is written then).
  virtual void Annotate(const AccessAnnotations& annotations) = 0;

  // True once a response has been started (Respond*, StartResponse).
  virtual bool responded() const = 0;
  // True when the client went away or the connection failed; answering is then a no-op.
  virtual bool aborted() const = 0;
  virtual void SetAbortCallback(std::function<void()> on_abort) = 0;
};

using Handler = std::function<void(std::shared_ptr<Exchange>)>;

// Standard reason phrase ("Not Found"), or "" for an unknown code.
std::string_view ReasonPhrase(int status);

}  // namespace edgerun::http
