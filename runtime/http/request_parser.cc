#include "runtime/http/request_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

namespace edgerun::http {

namespace {

RequestParser* Self(llhttp_t* p) { return static_cast<RequestParser*>(p->data); }

// RFC 9110 5.6.2 token characters.
constexpr bool IsTchar(unsigned char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// Field values: SP, HTAB and visible ASCII. obs-text (0x80-0xFF) is refused on purpose: a value
// that different parties decode differently is not worth the ambiguity.
constexpr bool IsValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c <= 0x7e); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return HeaderNameEquals(a, b); }

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && HeaderNameEquals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

const llhttp_settings_t* RequestParser::Settings() {
  static const llhttp_settings_t settings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    s.on_message_begin = &RequestParser::OnMessageBegin;
    s.on_url = &RequestParser::OnUrl;
    s.on_header_field = &RequestParser::OnHeaderField;
    s.on_header_value = &RequestParser::OnHeaderValue;
    s.on_header_field_complete = &RequestParser::OnHeaderFieldComplete;
    s.on_header_value_complete = &RequestParser::OnHeaderValueComplete;
    s.on_headers_complete = &RequestParser::OnHeadersComplete;
    s.on_chunk_header = &RequestParser::OnChunkHeader;
    s.on_body = &RequestParser::OnBody;
    s.on_message_complete = &RequestParser::OnMessageComplete;
    return s;
  }();
  return &settings;
}

RequestParser::RequestParser(const config::HttpLimits& limits, bool plain_fast_path)
    : limits_(limits), plain_fast_path_(plain_fast_path) {
  // No lenient flag is ever set: llhttp's defaults reject CL+TE and duplicate Content-Length.
  llhttp_init(&parser_, HTTP_REQUEST, Settings());
  parser_.data = this;
}

void RequestParser::StartMessage(RequestHead* head) {
  head_ = head;
  head->method.clear();
  head->target.clear();
  head->version_major = 1;
  head->version_minor = 1;
  head->has_body = false;
  head->content_length.reset();
  if (head->headers.capacity() == 0) head->headers.reserve(16);
  // head->headers is resized to the new count at the end of the head, keeping string capacity.
  sink_ = nullptr;
  state_ = State::kIdle;
  plain_ = false;
  head_bytes_ = 0;
  trailer_bytes_ = 0;
  header_count_ = 0;
  host_count_ = 0;
  field_open_ = false;
  keep_alive_ = false;
  expect_continue_ = false;
  prev_ = '\n';
  body_received_ = 0;
  chunk_left_ = 0;
  crlf_left_ = 0;
}

uint64_t RequestParser::body_remaining_hint() const {
  if (state_ != State::kBody || plain_ || (parser_.flags & F_CHUNKED)) return 0;
  return parser_.content_length;
}

int RequestParser::Fail(int status, const char* reason) {
  if (error_status_ == 0) {
    error_status_ = status;
    error_reason_ = reason;
  }
  return HPE_USER;
}

RequestParser::Event RequestParser::FailEvent(int status, const char* reason, size_t used,
                                              size_t* consumed) {
  Fail(status, reason);
  state_ = State::kError;
  *consumed = used;
  return Event::kError;
}

RequestParser::Event RequestParser::Feed(const char* data, size_t len, size_t* consumed) {
  *consumed = 0;
  if (state_ == State::kError) return Event::kError;
  if (state_ == State::kDone) return Event::kMessageEnd;

  if (plain_) {  // a plain request has no body: it ends right after its head
    state_ = State::kDone;
    return Event::kMessageEnd;
  }
  if (state_ == State::kIdle && plain_fast_path_ && TryPlainHead(data, len, consumed)) {
    return Event::kHead;
  }

  const bool head_phase = state_ == State::kIdle || state_ == State::kHead;
  size_t n = len;
  if (head_phase) {
    if (len == 0) return Event::kNeedMore;
    // Never hand llhttp more head bytes than the limit allows: the limit then holds exactly.
    uint32_t allow = limits_.max_head_bytes - head_bytes_;
    if (allow == 0) return FailEvent(431, "request head too large", 0, consumed);
    if (n > allow) n = allow;
  } else if (crlf_left_ > 0 && CheckChunkTerminator(data, data + len) != 0) {
    return FailEvent(error_status_, error_reason_, 0, consumed);
  }

  feed_end_ = data + n;
  llhttp_errno_t err = llhttp_execute(&parser_, data, n);
  const char* stop = err == HPE_OK ? data + n : llhttp_get_error_pos(&parser_);
  size_t used = static_cast<size_t>(stop - data);

  if (head_phase) {
    // Every byte consumed here belongs to the head: llhttp pauses right after it.
    if (!ScanHeadBytes(data, used)) return FailEvent(error_status_, error_reason_, used, consumed);
    head_bytes_ += static_cast<uint32_t>(used);
  }
  *consumed = used;

  switch (err) {
    case HPE_OK:
      if (head_phase && state_ != State::kBody && n < len) {
        return FailEvent(431, "request head too large", used, consumed);
      }
      return Event::kNeedMore;
    case HPE_PAUSED:
      llhttp_resume(&parser_);
      return state_ == State::kDone ? Event::kMessageEnd : Event::kHead;
    default:
      state_ = State::kError;
      if (error_status_ != 0) return Event::kError;
      return MapLlhttpError(err, data + n, stop);
  }
}

RequestParser::Event RequestParser::MapLlhttpError(llhttp_errno_t err, const char* end,
                                                   const char* pos) {
  const char* reason = llhttp_get_error_reason(&parser_);
  switch (err) {
    case HPE_INVALID_METHOD: {
      // A well-formed token we do not know is 501; bytes that are not a method at all are 400.
      const char* p = pos;
      while (p < end && IsTchar(static_cast<unsigned char>(*p))) ++p;
      bool token = p > pos && (p == end || *p == ' ');
      Fail(token ? 501 : 400, token ? "unknown method" : "malformed request line");
      break;
    }
    case HPE_INVALID_CONSTANT:
      if (reason && std::strstr(reason, "Invalid method")) {
        Fail(501, "unknown method");
      } else {
        Fail(400, "malformed request line");
      }
      break;
    case HPE_INVALID_VERSION:
      // "HTTP/d.d" with digits llhttp does not support is 505; a malformed version is 400.
      if (reason && std::strcmp(reason, "Invalid HTTP version") == 0) {
        Fail(505, "HTTP version not supported");
      } else {
        Fail(400, "malformed request line");
      }
      break;
    case HPE_PAUSED_H2_UPGRADE:
      Fail(505, "HTTP/2 is not supported");
      break;
    case HPE_PAUSED_UPGRADE:
      Fail(501, "protocol upgrade not supported");
      break;
    case HPE_INVALID_URL:
      Fail(400, "invalid request target");
      break;
    case HPE_INVALID_HEADER_TOKEN:
      Fail(400, "invalid header");
      break;
    case HPE_INVALID_CONTENT_LENGTH:
      Fail(400, "invalid Content-Length");
      break;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
      Fail(400, "conflicting Content-Length or Transfer-Encoding");
      break;
    case HPE_INVALID_TRANSFER_ENCODING:
      Fail(400, "invalid Transfer-Encoding");
      break;
    case HPE_INVALID_CHUNK_SIZE:
      Fail(400, "invalid chunk size");
      break;
    case HPE_LF_EXPECTED:
    case HPE_CR_EXPECTED:
    case HPE_STRICT:
      Fail(400, "invalid line ending");
      break;
    default:
      Fail(400, "malformed request");
      break;
  }
  return Event::kError;
}

// Line endings must be CRLF and no line may start with SP/HTAB (obs-fold). Works line by line
// with memchr; `prev_` carries the last byte across reads.
bool RequestParser::ScanHeadBytes(const char* data, size_t len) {
  const char* p = data;
  const char* end = data + len;
  char prev = prev_;
  while (p < end) {
    if (prev == '\r') {
      if (*p != '\n') return Fail(400, "bare CR in request head"), false;
      prev = '\n';
      ++p;
      continue;
    }
    if (prev == '\n' && (*p == ' ' || *p == '\t')) {
      return Fail(400, "obsolete line folding in request head"), false;
    }
    auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* limit = nl ? nl : end;
    auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(limit - p)));
    if (!nl) {
      if (cr && cr != end - 1) return Fail(400, "bare CR in request head"), false;
      prev = end[-1];
      break;
    }
    if (!cr) return Fail(400, "bare LF in request head"), false;
    if (cr != nl - 1) return Fail(400, "bare CR in request head"), false;
    prev = '\n';
    p = nl + 1;
  }
  prev_ = prev;
  return true;
}

// Most requests are a GET or HEAD with a handful of ordinary headers, and arrive whole in one
// read. For those, one pass here replaces llhttp and its ten callbacks (~1,300 instructions of a
// ~1,700-instruction parse). It takes only what it can read exactly as the llhttp path would:
// the whole head present, CRLF line ends, an origin-form target of plain URL characters,
// HTTP/1.1 with one Host, token names, values of visible ASCII, SP
// and HTAB, within the limits, and none of the headers that change framing or the connection
// (Content-Length, Transfer-Encoding, Connection, Proxy-Connection, Upgrade, Expect). Anything
// else, valid or not, returns false untouched and goes to llhttp, which gives the verdict.
// request_parser_test.cc checks both paths agree.
namespace {

// Byte classes of the plain path, one table lookup per byte.
enum : uint8_t { kPlainTarget = 1, kToken = 2, kFieldValue = 4 };

constexpr std::array<uint8_t, 256> MakePlainClasses() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (IsTchar(static_cast<unsigned char>(c))) table[c] |= kToken;
    if (IsValueChar(static_cast<unsigned char>(c))) table[c] |= kFieldValue;
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) table[c] |= kPlainTarget;
  }
  for (char c : std::string_view("-._~!$&'()*+,;=:@/%?"))
    table[static_cast<uint8_t>(c)] |= kPlainTarget;
  return table;
}
constexpr std::array<uint8_t, 256> kPlainClasses = MakePlainClasses();

// Advances p while its byte is of class `cls`.
const char* Span(const char* p, const char* end, uint8_t cls) {
  while (p < end && (kPlainClasses[static_cast<uint8_t>(*p)] & cls) != 0) ++p;
  return p;
}

// Header names the plain path leaves to llhttp (they change framing or the connection).
bool IsFramingHeader(std::string_view name) {
  switch (name.size()) {
    case 6:
      return HeaderNameEquals(name, "expect");
    case 7:
      return HeaderNameEquals(name, "upgrade");
    case 10:
      return HeaderNameEquals(name, "connection");
    case 14:
      return HeaderNameEquals(name, "content-length");
    case 16:
      return HeaderNameEquals(name, "proxy-connection");
    case 17:
      return HeaderNameEquals(name, "transfer-encoding");
    default:
      return false;
  }
}

}  // namespace

bool RequestParser::TryPlainHead(const char* data, size_t len, size_t* consumed) {
  const char* p = data;
  const char* const end = data + std::min<size_t>(len, limits_.max_head_bytes);
  std::string_view method;
  if (end - p > 4 && std::memcmp(p, "GET ", 4) == 0) {
    method = std::string_view(p, 3);
  } else if (end - p > 5 && std::memcmp(p, "HEAD ", 5) == 0) {
    method = std::string_view(p, 4);
  } else {
    return false;
  }
  p += method.size() + 1;
  const char* target = p;
  if (p == end || *p != '/') return false;
  p = Span(p, end, kPlainTarget);
  const std::string_view target_view(target, static_cast<size_t>(p - target));
  // HTTP/1.1 only: llhttp refuses bytes after a message that does not keep the connection (an
  // HTTP/1.0 one), and it must keep seeing the stream it would have seen.
  if (end - p < 11 || std::memcmp(p, " HTTP/1.1\r\n", 11) != 0) return false;
  p += 11;

  // Headers: parsed into a list on the side first, so that a late refusal changes nothing.
  struct Field {  // trivial, so the array below costs nothing until used
    const char* name;
    const char* value;
    uint32_t name_size, value_size;
  };
  Field fields[32];
  uint32_t count = 0, hosts = 0;
  while (true) {
    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
      p += 2;
      break;
    }
    const char* name = p;
    p = Span(p, end, kToken);
    if (p == name || p == end || *p != ':') return false;
    const std::string_view name_view(name, static_cast<size_t>(p - name));
    ++p;
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    const char* value = p;
    p = Span(p, end, kFieldValue);
    if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return false;
    const char* value_end = p;
    while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t')) --value_end;
    p += 2;
    if (count == std::size(fields) || count == limits_.max_header_count) return false;
    if (IsFramingHeader(name_view)) return false;
    if (name_view.size() == 4 && HeaderNameEquals(name_view, "host")) ++hosts;
    fields[count++] = {name, value, static_cast<uint32_t>(name_view.size()),
                       static_cast<uint32_t>(value_end - value)};
  }
  if (hosts != 1) return false;

  RequestHead& head = *head_;
  head.method.assign(method);
  head.target.assign(target_view);
  head.version_major = 1;
  head.version_minor = 1;
  HeaderList& headers = head.headers;
  for (uint32_t i = 0; i < count; ++i) {
    const Field& f = fields[i];
    if (i < headers.size()) {
      headers[i].name.assign(f.name, f.name_size);
      headers[i].value.assign(f.value, f.value_size);
    } else {
      headers.push_back(
          Header{std::string(f.name, f.name_size), std::string(f.value, f.value_size)});
    }
  }
  headers.resize(count);
  head.has_body = false;
  keep_alive_ = true;  // HTTP/1.1 without a Connection header
  expect_continue_ = false;
  header_count_ = count;
  host_count_ = hosts;
  head_bytes_ = static_cast<uint32_t>(p - data);
  plain_ = true;
  state_ = State::kBody;
  *consumed = static_cast<size_t>(p - data);
  return true;
}

int RequestParser::CheckChunkTerminator(const char* from, const char* end) {
  while (crlf_left_ > 0 && from < end) {
    char want = crlf_left_ == 2 ? '\r' : '\n';
    if (*from != want) return Fail(400, "chunk data not followed by CRLF");
    ++from;
    --crlf_left_;
  }
  return 0;
}

// -- llhttp callbacks ----------------------------------------------------------------------------

int RequestParser::OnMessageBegin(llhttp_t* p) {
  Self(p)->state_ = State::kHead;
  return 0;
}

int RequestParser::OnUrl(llhttp_t* p, const char* at, size_t len) {
  RequestParser* self = Self(p);
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = static_cast<unsigned char>(at[i]);
    if (c <= 0x20 || c >= 0x7f) return self->Fail(400, "invalid character in request target");
  }
  self->head_->target.append(at, len);
  return 0;
}

int RequestParser::OnHeaderField(llhttp_t* p, const char* at, size_t len) {
  RequestParser* self = Self(p);
  if (self->state_ == State::kBody) {  // chunked trailers: dropped, but bounded
    self->trailer_bytes_ += static_cast<uint32_t>(len);
    if (self->trailer_bytes_ > self->limits_.max_head_bytes) {
      return self->Fail(431, "trailers too large");
    }
    return 0;
  }
  for (size_t i = 0; i < len; ++i) {
    if (!IsTchar(static_cast<unsigned char>(at[i]))) {
      return self->Fail(400, "invalid character in header name");
    }
  }
  if (self->field_open_) {  // the rest of a name split across reads
    self->head_->headers[self->header_count_ - 1].name.append(at, len);
    return 0;
  }
  if (++self->header_count_ > self->limits_.max_header_count) {
    return self->Fail(431, "too many header fields");
  }
  HeaderList& headers = self->head_->headers;
  if (self->header_count_ <= headers.size()) {
    Header& h = headers[self->header_count_ - 1];
    h.name.assign(at, len);
    h.value.clear();
  } else {
    headers.push_back(Header{std::string(at, len), std::string()});
  }
  self->field_open_ = true;
  return 0;
}

int RequestParser::OnHeaderFieldComplete(llhttp_t* p) {
  RequestParser* self = Self(p);
  if (self->state_ == State::kBody) return 0;
  // A field whose name had no bytes never reached OnHeaderField as a new header.
  if (!self->field_open_ || self->head_->headers[self->header_count_ - 1].name.empty()) {
    return self->Fail(400, "empty header name");
  }
  self->field_open_ = false;
  return 0;
}

int RequestParser::OnHeaderValue(llhttp_t* p, const char* at, size_t len) {
  RequestParser* self = Self(p);
  for (size_t i = 0; i < len; ++i) {
    if (!IsValueChar(static_cast<unsigned char>(at[i]))) {
      return self->Fail(400, "invalid character in header value");
    }
  }
  if (self->state_ == State::kBody) {
    self->trailer_bytes_ += static_cast<uint32_t>(len);
    if (self->trailer_bytes_ > self->limits_.max_head_bytes) {
      return self->Fail(431, "trailers too large");
    }
    return 0;
  }
  self->head_->headers[self->header_count_ - 1].value.append(at, len);
  return 0;
}

int RequestParser::OnHeaderValueComplete(llhttp_t* p) {
  RequestParser* self = Self(p);
  if (self->state_ == State::kBody) return 0;
  Header& h = self->head_->headers[self->header_count_ - 1];
  while (!h.value.empty() && (h.value.back() == ' ' || h.value.back() == '\t')) h.value.pop_back();

  const std::string& name = h.name;
  switch (name.size()) {
    case 4:
      if (EqualsIgnoreCase(name, "host")) ++self->host_count_;
      break;
    case 6:
      if (EqualsIgnoreCase(name, "expect") && !(p->http_major == 1 && p->http_minor == 0)) {
        if (!EqualsIgnoreCase(h.value, "100-continue")) {
          return self->Fail(417, "unsupported expectation");
        }
        self->expect_continue_ = true;
      }
      break;
    case 17:
      if (EqualsIgnoreCase(name, "transfer-encoding")) {
        if (!EqualsIgnoreCase(h.value, "chunked")) {
          return self->Fail(501, "unsupported transfer coding");
        }
      }
      break;
    default:
      break;
  }
  return 0;
}

int RequestParser::OnHeadersComplete(llhttp_t* p) {
  RequestParser* self = Self(p);
  int rc = self->CheckHeadersComplete();
  if (rc != 0) return -1;
  // Upgrade requests (e.g. WebSocket) are served as ordinary HTTP requests.
  p->upgrade = 0;
  self->state_ = State::kBody;
  return HPE_PAUSED;
}

int RequestParser::CheckHeadersComplete() {
  llhttp_t* p = &parser_;
  RequestHead& head = *head_;
  head.headers.resize(header_count_);

  if (p->http_major != 1 || p->http_minor > 1) return Fail(505, "HTTP version not supported");
  head.version_major = p->http_major;
  head.version_minor = p->http_minor;

  if (p->method == HTTP_CONNECT) return Fail(501, "CONNECT is not supported");
  head.method.assign(llhttp_method_name(static_cast<llhttp_method_t>(p->method)));

  const std::string& t = head.target;
  if (t.empty()) return Fail(400, "empty request target");
  if (t == "*") {
    if (p->method != HTTP_OPTIONS) return Fail(400, "asterisk target is only for OPTIONS");
  } else if (t[0] != '/') {
    // absolute-form (RFC 9112 3.2.2): http(s)://authority[path]
    size_t scheme_len = StartsWithIgnoreCase(t, "http://")    ? 7
                        : StartsWithIgnoreCase(t, "https://") ? 8
                                                              : 0;
    if (scheme_len == 0) return Fail(400, "invalid request target");
    if (t.size() == scheme_len || t[scheme_len] == '/' || t[scheme_len] == '?') {
      return Fail(400, "absolute target without authority");
    }
  }

  if (head.version_minor == 1 ? host_count_ != 1 : host_count_ > 1) {
    return Fail(400, host_count_ == 0 ? "missing Host header" : "repeated Host header");
  }

  if (p->flags & F_CONTENT_LENGTH) {
    head.content_length = p->content_length;
    if (p->content_length > limits_.max_body_bytes) return Fail(413, "request body too large");
  }
  head.has_body = (p->flags & F_CHUNKED) || p->content_length > 0;
  keep_alive_ = llhttp_should_keep_alive(p) != 0;
  if (!head.has_body) expect_continue_ = false;
  return 0;
}

int RequestParser::OnChunkHeader(llhttp_t* p) {
  RequestParser* self = Self(p);
  self->chunk_left_ = p->content_length;
  if (self->body_received_ + self->chunk_left_ > self->limits_.max_body_bytes) {
    return self->Fail(413, "request body too large");
  }
  return 0;
}

int RequestParser::OnBody(llhttp_t* p, const char* at, size_t len) {
  RequestParser* self = Self(p);
  self->body_received_ += len;
  if (self->sink_) self->sink_->append(at, len);
  if (p->flags & F_CHUNKED) {
    self->chunk_left_ -= len;
    if (self->chunk_left_ == 0) {
      self->crlf_left_ = 2;
      return self->CheckChunkTerminator(at + len, self->feed_end_);
    }
  }
  return 0;
}

int RequestParser::OnMessageComplete(llhttp_t* p) {
  Self(p)->state_ = State::kDone;
  return HPE_PAUSED;
}

}  // namespace edgerun::http
