// Response framing and serialisation: decides how a response body travels (Content-Length,
// chunked, until close, or not at all) and writes the status line and header block.
//
// What it is for: the rules of RFC 9112 6 and 9110 for responses: HEAD, 1xx, 204 and 304 carry no
// body; HTTP/1.0 clients never see chunked; `Date` and `Server: edgerun` are added unless the
// application set them; the application's own framing headers (Content-Length,
// Transfer-Encoding, Connection, Keep-Alive) are replaced by the server's. Headers are a list, so
// repeated fields such as Set-Cookie stay separate lines. Header lines whose name or value would
// break the framing (CR, LF, NUL; empty or malformed names) are dropped.
// What it is not for: writing to sockets (Connection) or choosing keep-alive (the caller says).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/http/exchange.h"

namespace edgerun::http {

enum class BodyMode : uint8_t {
  kNone,        // no body bytes at all (HEAD, 1xx, 204, 304)
  kLength,      // exactly content_length bytes
  kChunked,     // chunked transfer coding (HTTP/1.1, length unknown)
  kUntilClose,  // body ends when the connection closes (HTTP/1.0, length unknown)
};

// What the framing depends on besides the application's answer.
struct ResponseContext {
  bool head_request = false;
  int version_minor = 1;   // of the request
  bool keep_alive = true;  // the client allows, and the server wants, another request
};

struct ResponsePlan {
  BodyMode mode = BodyMode::kNone;
  std::optional<uint64_t> content_length;  // the Content-Length header to send, if any
  bool close = false;              // connection closes after this response: `Connection: close`
  bool keep_alive_header = false;  // HTTP/1.0 client kept alive: `Connection: keep-alive`
};

// `body_length` is the length the application knows (whole bodies, files, announced streams).
// For HEAD, the Content-Length is the application's own header if it set one, else body_length.
ResponsePlan PlanResponse(int status, const ResponseContext& ctx,
                          std::optional<uint64_t> body_length, const HeaderList& headers);

// The application's Content-Length header, when it is a plain decimal number.
std::optional<uint64_t> FindContentLength(const HeaderList& headers);

// Appends "HTTP/1.1 <status> <reason>\r\n", the headers and the blank line. `status` is 100-999.
void AppendResponseHead(std::string* out, int status, const HeaderList& headers,
                        const ResponsePlan& plan, std::string_view date);

// A whole server-generated error response: text/plain body "<reason phrase>: <detail>\n" and
// `Connection: close`.
void AppendErrorResponse(std::string* out, int status, std::string_view detail,
                         std::string_view date);

}  // namespace edgerun::http
