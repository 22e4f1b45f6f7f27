// Incremental HTTP/1.1 request parser: llhttp underneath, plus the rules llhttp (even in its
// strict build) does not enforce, so that every byte stream has exactly one reading (no request
// smuggling): bare CR or LF and obs-fold in the head, header names that are not tokens, header
// values with control or non-ASCII bytes, chunk data not followed by CRLF, Transfer-Encoding
// other than `chunked`, missing or repeated Host in HTTP/1.1, `*` outside OPTIONS. The everyday
// request (a whole GET/HEAD head with ordinary headers) is read by a one-pass fast path instead,
// which takes only what llhttp would read the same way (TryPlainHead).
//
// What it is for: turning bytes into a RequestHead, body bytes and a verdict (the status to answer
// with when the bytes are not a valid request). It is unit-testable without sockets.
// What it is not for: sockets, buffering, or deciding when to read; that is Connection.
//
// Ownership: the parser owns its llhttp state. It borrows the RequestHead it fills (set by
// StartMessage) and the body sink string (set_body_sink); both must outlive the message.
//
// Use: StartMessage(&head); then Feed() until it returns kHead (head is complete), then keep
// feeding (body bytes go to the sink) until kMessageEnd; then StartMessage for the next request.
// Feed never consumes bytes past the end of a message, so pipelined requests stay in the caller's
// buffer until it is ready for them. After kHead, call Feed even with no bytes left: a request
// without a body ends without consuming anything.
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/config/config.h"
#include "runtime/http/exchange.h"

namespace edgerun::http {

class RequestParser {
 public:
  enum class Event {
    kNeedMore,    // everything given was consumed; feed more
    kHead,        // the head is complete (head(), keep_alive(), expect_continue() are valid)
    kMessageEnd,  // the whole request, body included, has been consumed
    kError,       // not a valid request: answer error_status() and close
  };

  // `plain_fast_path` false makes every request go through llhttp (tests compare the two).
  explicit RequestParser(const config::HttpLimits& limits, bool plain_fast_path = true);
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Prepares for the next request; its head is written into *head (strings and the header
  // vector are reused, not reallocated, when `head` held an earlier request).
  void StartMessage(RequestHead* head);
  // Parses up to `len` bytes; *consumed says how many were used.
  Event Feed(const char* data, size_t len, size_t* consumed);
  // Where body bytes go; null discards them (after the response, to reach the next request).
  void set_body_sink(std::string* sink) { sink_ = sink; }

  // True once any byte of the current request has arrived.
  bool started() const { return state_ != State::kIdle; }
  bool in_body() const { return state_ == State::kBody; }
  bool message_complete() const { return state_ == State::kDone; }
  // After kHead: whether the client allows another request on this connection.
  bool keep_alive() const { return keep_alive_; }
  // After kHead: HTTP/1.1 request with `Expect: 100-continue`.
  bool expect_continue() const { return expect_continue_; }
  // Body bytes received so far for the current request (after transfer decoding).
  uint64_t body_received() const { return body_received_; }
  // Bytes of the body still to come when sent with Content-Length; 0 for chunked or when done.
  uint64_t body_remaining_hint() const;

  int error_status() const { return error_status_; }
  // Short, static text naming what was wrong ("invalid header value").
  const char* error_reason() const { return error_reason_; }

 private:
  enum class State { kIdle, kHead, kBody, kDone, kError };

  static const llhttp_settings_t* Settings();
  static int OnMessageBegin(llhttp_t* p);
  static int OnUrl(llhttp_t* p, const char* at, size_t len);
  static int OnHeaderField(llhttp_t* p, const char* at, size_t len);
  static int OnHeaderValue(llhttp_t* p, const char* at, size_t len);
  static int OnHeaderFieldComplete(llhttp_t* p);
  static int OnHeaderValueComplete(llhttp_t* p);
  static int OnHeadersComplete(llhttp_t* p);
  static int OnChunkHeader(llhttp_t* p);
  static int OnBody(llhttp_t* p, const char* at, size_t len);
  static int OnMessageComplete(llhttp_t* p);

  int Fail(int status, const char* reason);  // records the verdict; returns HPE_USER
  Event FailEvent(int status, const char* reason, size_t used, size_t* consumed);
  Event MapLlhttpError(llhttp_errno_t err, const char* end, const char* pos);
  bool ScanHeadBytes(const char* data, size_t len);  // bare CR/LF, obs-fold
  // The whole head of a plain bodiless request, parsed in one pass without llhttp (see the .cc);
  // false, with nothing changed, for anything else.
  bool TryPlainHead(const char* data, size_t len, size_t* consumed);
  int CheckHeadersComplete();
  int CheckChunkTerminator(const char* from, const char* end);

  llhttp_t parser_;
  config::HttpLimits limits_;
  RequestHead* head_ = nullptr;
  std::string* sink_ = nullptr;
  State state_ = State::kIdle;
  const bool plain_fast_path_;
  bool plain_ = false;  // the current message was read by TryPlainHead (llhttp never saw it)

  // Head bookkeeping.
  uint32_t head_bytes_ = 0;     // raw bytes of the current head consumed so far
  uint32_t trailer_bytes_ = 0;  // raw-ish bytes of chunked trailers (dropped, but bounded)
  uint32_t header_count_ = 0;
  uint32_t host_count_ = 0;
  bool field_open_ = false;  // a header name has begun and not yet ended
  bool keep_alive_ = false;
  bool expect_continue_ = false;
  char prev_ = '\n';  // last head byte seen by ScanHeadBytes (lines start after '\n')

  // Body bookkeeping.
  uint64_t body_received_ = 0;
  uint64_t chunk_left_ = 0;  // data bytes left in the current chunk
  uint8_t crlf_left_ = 0;    // bytes of the CRLF after chunk data still to check (0..2)
  const char* feed_end_ = nullptr;

  int error_status_ = 0;
  const char* error_reason_ = "";
};

}  // namespace edgerun::http
