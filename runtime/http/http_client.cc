#include "runtime/http/http_client.h"

#include <curl/curl.h>

#include <cassert>
#include <charconv>
#include <cstring>
#include <mutex>
#include <utility>

namespace edgerun::http {

// One transfer: its curl easy handle, what it sends, and the head being received.
struct FetchHandle::Transfer : std::enable_shared_from_this<FetchHandle::Transfer> {
  HttpClient* client = nullptr;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  OutboundRequest request;
  FetchCallbacks callbacks;

  // Request body: `request.body` from `body_offset`, or what `request.body_reader` gave.
  size_t body_offset = 0;
  std::string pulled;  // from the reader, not yet handed to curl (from `body_offset`)
  uint64_t pulled_total = 0;
  bool reader_pending = false;
  bool reader_done = false;
  std::string reader_error;

  // Response head being received; delivered once the final one is complete.
  int status = 0;
  std::string reason;
  HeaderList headers;
  bool has_location = false;
  bool head_delivered = false;

  bool want_pause = false;   // on_data returned false; the next chunk pauses receiving
  bool recv_paused = false;  // curl holds a chunk for us
  bool send_paused = false;  // curl waits for the body reader
  bool in_multi = false;
  bool cancelled = false;
  bool finished = false;
  std::string setup_error;
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (header_list) curl_slist_free_all(header_list);
  }
};

// A socket curl asked us to watch.
struct HttpClient::SocketWatch {
  uv_poll_t poll;
  curl_socket_t fd;
  HttpClient* client;
};

namespace {

constexpr char kClosed[] = "HttpClient is closed";

bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasHeader(const HeaderList& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (HeaderNameEquals(h.name, name)) return true;
  }
  return false;
}

bool IsFollowedRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string CurlError(CURLcode code, const char* detail) {
  std::string out = curl_easy_strerror(code);
  if (detail && *detail) {
    out += ": ";
    out += detail;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  }
  return out;
}

}  // namespace

// Builds the easy handle for `t`; returns "" or what is wrong with the request.
std::string HttpClient::Configure(Transfer* t) {
  OutboundRequest& r = t->request;
  if (!IsToken(r.method)) return "invalid method \"" + r.method + "\"";
  for (const Header& h : r.headers) {
    if (!IsToken(h.name)) return "invalid header name \"" + h.name + "\"";
    if (!IsFieldValue(h.value)) return "invalid value for header \"" + h.name + "\"";
  }
  CURL* e = t->easy = curl_easy_init();
  if (!e) return "curl_easy_init failed";
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_setopt(e, CURLOPT_URL, r.url.c_str()) != CURLE_OK) return "invalid URL";
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(e, CURLOPT_PROXY, "");  // never from http_proxy & co. in the environment
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &HttpClient::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &HttpClient::OnWrite);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, &HttpClient::OnRead);
  curl_easy_setopt(e, CURLOPT_READDATA, t);
  curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, &HttpClient::OnSeek);
  curl_easy_setopt(e, CURLOPT_SEEKDATA, t);
  if (r.follow_redirects) {
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(r.max_redirects));
    // A POST answered with 301/302 is followed as POST only where fetch() would too: never.
    curl_easy_setopt(e, CURLOPT_POSTREDIR, 0L);
  }
  if (r.timeout.count() > 0)
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
  if (r.connect_timeout.count() > 0) {
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
  }
  if (r.decompress) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");

  bool has_body = !r.body.empty() || r.body_reader;
  if (r.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    has_body = false;
  } else if (r.method == "POST" || r.method == "PUT") {
    has_body = true;
  }
  if (has_body) {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_off_t size = -1;  // chunked
    if (!r.body_reader) {
      size = static_cast<curl_off_t>(r.body.size());
    } else if (r.body_length) {
      size = static_cast<curl_off_t>(*r.body_length);
    }
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, size);
  }
  if (r.method != "GET" && r.method != "HEAD" && r.method != "POST") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }

  // The caller's headers, and blanks that stop curl adding its own defaults.
  auto add = [t](const std::string& line) {
    curl_slist* next = curl_slist_append(t->header_list, line.c_str());
    if (next) t->header_list = next;
    return next != nullptr;
  };
  for (const Header& h : r.headers) {
    // "Name;" is curl's way to send a header with an empty value ("Name:" would remove it).
    if (!add(h.value.empty() ? h.name + ";" : h.name + ": " + h.value)) return "out of memory";
  }
  if (!HasHeader(r.headers, "accept")) add("Accept:");
  if (!HasHeader(r.headers, "expect")) add("Expect:");
  if (has_body && !HasHeader(r.headers, "content-type")) add("Content-Type:");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->header_list);
  return "";
}

// -- FetchHandle ----------------------------------------------------------------------------------

void FetchHandle::Cancel() {
  if (auto t = transfer_.lock(); t && !t->finished && !t->cancelled) t->client->Cancel(t);
}

void FetchHandle::Resume() {
  if (auto t = transfer_.lock(); t && !t->finished && !t->cancelled) t->client->Resume(t);
}

bool FetchHandle::active() const {
  auto t = transfer_.lock();
  return t && !t->finished && !t->cancelled;
}

// -- HttpClient: lifetime -------------------------------------------------------------------------

std::unique_ptr<HttpClient> HttpClient::Create(uv_loop_t* loop) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::unique_ptr<HttpClient>(new HttpClient(loop));
}

HttpClient::HttpClient(uv_loop_t* loop) : loop_(loop) {
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &HttpClient::OnCurlSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &HttpClient::OnCurlTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  timer_ = new uv_timer_t;
  uv_timer_init(loop_, timer_);
  timer_->data = this;
  kick_ = new uv_timer_t;
  uv_timer_init(loop_, kick_);
  kick_->data = this;
}

HttpClient::~HttpClient() {
  Close();
  *alive_ = false;
}

void HttpClient::Close() {
  if (closed_) return;
  assert(depth_ == 0 && "HttpClient::Close from inside on_head/on_data");
  closed_ = true;
  std::vector<std::shared_ptr<Transfer>> ended;
  for (auto& [easy, t] : transfers_) ended.push_back(t);
  for (auto& t : failed_) ended.push_back(t);
  transfers_.clear();
  failed_.clear();
  deferred_.clear();
  for (auto& t : ended) {
    if (t->in_multi) curl_multi_remove_handle(multi_, t->easy);
    t->in_multi = false;
    t->finished = true;
  }
  CURLM* multi = multi_;
  multi_ = nullptr;
  curl_multi_cleanup(multi);  // may still report sockets it closes
  for (SocketWatch* w : watches_) {
    uv_close(reinterpret_cast<uv_handle_t*>(&w->poll),
             [](uv_handle_t* h) { delete reinterpret_cast<SocketWatch*>(h->data); });
  }
  watches_.clear();
  auto free_timer = [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); };
  uv_close(reinterpret_cast<uv_handle_t*>(timer_), free_timer);
  uv_close(reinterpret_cast<uv_handle_t*>(kick_), free_timer);
  timer_ = kick_ = nullptr;

  std::shared_ptr<bool> alive = alive_;
  for (auto& t : ended) {
    if (t->cancelled || !t->callbacks.on_complete) continue;
    t->callbacks.on_complete(kClosed);
    if (!*alive) return;
  }
}

// -- HttpClient: starting and stopping transfers --------------------------------------------------

FetchHandle HttpClient::Fetch(OutboundRequest request, FetchCallbacks callbacks) {
  auto t = std::make_shared<Transfer>();
  t->client = this;
  t->request = std::move(request);
  t->callbacks = std::move(callbacks);
  if (closed_) {
    t->finished = true;
    if (t->callbacks.on_complete) t->callbacks.on_complete(kClosed);
    return FetchHandle(t);
  }
  t->setup_error = Configure(t.get());
  if (t->setup_error.empty()) {
    if (depth_ > 0) {
      // curl refuses curl_multi_add_handle from inside its callbacks.
      transfers_.emplace(t->easy, t);
      Defer([this, t] {
        if (t->cancelled || t->finished) return;
        if (curl_multi_add_handle(multi_, t->easy) == CURLM_OK) {
          t->in_multi = true;
        } else {
          transfers_.erase(t->easy);
          t->setup_error = "curl_multi_add_handle failed";
          failed_.push_back(t);
          Kick();
        }
      });
      return FetchHandle(t);
    }
    if (curl_multi_add_handle(multi_, t->easy) == CURLM_OK) {
      t->in_multi = true;
      transfers_.emplace(t->easy, t);
      return FetchHandle(t);
    }
    t->setup_error = "curl_multi_add_handle failed";
  }
  failed_.push_back(t);
  Kick();
  return FetchHandle(t);
}

void HttpClient::Cancel(const std::shared_ptr<Transfer>& t) {
  t->cancelled = true;
  if (depth_ > 0) {
    // Inside a curl callback: its own callbacks see `cancelled` and stop it; the handle is
    // removed once curl has returned.
    Defer([this, t] { Remove(t); });
    return;
  }
  Enter();
  Remove(t);
  Leave();
}

void HttpClient::Remove(const std::shared_ptr<Transfer>& t) {
  t->finished = true;
  if (t->in_multi) {
    curl_multi_remove_handle(multi_, t->easy);
    t->in_multi = false;
  }
  transfers_.erase(t->easy);
  std::erase(failed_, t);
}

void HttpClient::Resume(const std::shared_ptr<Transfer>& t) {
  t->want_pause = false;
  if (!t->recv_paused) return;
  if (depth_ > 0) {
    Defer([this, t] {
      if (!t->finished && !t->cancelled && !t->want_pause && t->recv_paused) {
        t->recv_paused = false;
        ApplyPause(t);
      }
    });
    return;
  }
  t->recv_paused = false;
  Enter();
  ApplyPause(t);
  Leave();
}

// Tells curl the pause state of both directions (it takes them together), then makes sure
// curl looks at the transfer again soon.
void HttpClient::ApplyPause(const std::shared_ptr<Transfer>& t) {
  if (!t->in_multi) return;
  int bits = (t->recv_paused ? CURLPAUSE_RECV : 0) | (t->send_paused ? CURLPAUSE_SEND : 0);
  curl_easy_pause(t->easy, bits);
  Kick();
}

void HttpClient::Kick() {
  if (kick_ && !uv_is_active(reinterpret_cast<uv_handle_t*>(kick_))) {
    uv_timer_start(kick_, &HttpClient::OnKick, 0, 0);
  }
}

void HttpClient::Leave() {
  if (--depth_ > 0) return;
  while (!deferred_.empty() && !closed_) {
    std::vector<std::function<void()>> ops;
    ops.swap(deferred_);
    ++depth_;
    for (auto& op : ops) op();
    --depth_;
  }
}

void HttpClient::Defer(std::function<void()> op) { deferred_.push_back(std::move(op)); }

// -- HttpClient: curl <-> libuv -------------------------------------------------------------------

int HttpClient::OnCurlSocket(void* /*easy*/, int fd, int what, void* userp, void* socketp) {
  auto* self = static_cast<HttpClient*>(userp);
  auto* watch = static_cast<SocketWatch*>(socketp);
  if (what == CURL_POLL_REMOVE) {
    if (watch) {
      // uv_close stops polling now (before curl closes the fd); the memory goes later.
      self->watches_.erase(watch);
      uv_close(reinterpret_cast<uv_handle_t*>(&watch->poll),
               [](uv_handle_t* h) { delete static_cast<SocketWatch*>(h->data); });
      if (self->multi_) curl_multi_assign(self->multi_, fd, nullptr);
    }
    return 0;
  }
  if (!watch) {
    watch = new SocketWatch;
    watch->fd = fd;
    watch->client = self;
    if (uv_poll_init_socket(self->loop_, &watch->poll, fd) != 0) {
      delete watch;
      return -1;
    }
    watch->poll.data = watch;
    self->watches_.insert(watch);
    curl_multi_assign(self->multi_, fd, watch);
  }
  int events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= UV_READABLE;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= UV_WRITABLE;
  uv_poll_start(&watch->poll, events, &HttpClient::OnPoll);
  return 0;
}

int HttpClient::OnCurlTimer(void* /*multi*/, long timeout_ms, void* userp) {
  auto* self = static_cast<HttpClient*>(userp);
  if (!self->timer_) return 0;
  if (timeout_ms < 0) {
    uv_timer_stop(self->timer_);
  } else {
    // Even a 0 timeout waits for the next loop iteration: curl asks us not to call
    // curl_multi_socket_action from inside this callback.
    uv_timer_start(self->timer_, &HttpClient::OnTimer, static_cast<uint64_t>(timeout_ms), 0);
  }
  return 0;
}

void HttpClient::OnPoll(uv_poll_t* poll, int status, int events) {
  auto* watch = static_cast<SocketWatch*>(poll->data);
  int flags = 0;
  if (status < 0) flags |= CURL_CSELECT_ERR;
  if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  // `watch` may be freed by the call (curl removes the socket): take what we need first.
  watch->client->SocketAction(watch->fd, flags);
}

void HttpClient::OnTimer(uv_timer_t* timer) {
  static_cast<HttpClient*>(timer->data)->SocketAction(CURL_SOCKET_TIMEOUT, 0);
}

void HttpClient::OnKick(uv_timer_t* timer) {
  auto* self = static_cast<HttpClient*>(timer->data);
  std::shared_ptr<bool> alive = self->alive_;
  std::vector<std::shared_ptr<Transfer>> failed;
  failed.swap(self->failed_);
  for (auto& t : failed) {
    if (t->cancelled || t->finished) continue;
    t->finished = true;
    if (t->callbacks.on_complete) t->callbacks.on_complete(t->setup_error);
    if (!*alive || self->closed_) return;
  }
  self->SocketAction(CURL_SOCKET_TIMEOUT, 0);
}

void HttpClient::SocketAction(int fd, int events) {
  if (closed_) return;
  int running = 0;
  Enter();
  curl_multi_socket_action(multi_, fd, events, &running);
  Leave();
  CheckDone();
}

// Reports finished transfers. All of them are taken out of curl first, so that their callbacks
// may start, cancel or close whatever they like.
void HttpClient::CheckDone() {
  if (closed_) return;
  std::vector<std::pair<std::shared_ptr<Transfer>, CURLcode>> done;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    auto it = transfers_.find(msg->easy_handle);
    if (it == transfers_.end()) continue;
    done.emplace_back(it->second, msg->data.result);
  }
  for (auto& [t, code] : done) {
    Remove(t);
  }
  std::shared_ptr<bool> alive = alive_;
  for (auto& [t, code] : done) {
    if (t->cancelled) continue;
    std::string error;
    if (code != CURLE_OK) {
      if (code == CURLE_ABORTED_BY_CALLBACK && !t->reader_error.empty()) {
        error = "request body: " + t->reader_error;
      } else {
        error = CurlError(code, t->error_buffer);
      }
    } else if (!t->head_delivered) {
      DeliverHead(t.get());  // a head without a blank line seen by us (e.g. HTTP/1.0 EOF)
      if (!*alive) return;
    }
    if (t->cancelled) continue;
    if (t->callbacks.on_complete) t->callbacks.on_complete(std::move(error));
    if (!*alive) return;
  }
}

// -- HttpClient: the easy callbacks ---------------------------------------------------------------

void HttpClient::DeliverHead(Transfer* t) {
  t->head_delivered = true;
  if (t->callbacks.on_head) {
    t->callbacks.on_head(t->status, std::move(t->reason), std::move(t->headers));
  }
  t->headers.clear();
}

size_t HttpClient::OnHeader(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  size_t len = size * n;
  if (t->cancelled) return 0;
  if (t->head_delivered) return len;  // trailers after a chunked body: not passed on
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);

  if (line.substr(0, 5) == "HTTP/") {  // status line of a new head (1xx, redirect or final)
    t->headers.clear();
    t->has_location = false;
    t->status = 0;
    t->reason.clear();
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view rest = line.substr(sp + 1);
      std::from_chars(rest.data(), rest.data() + rest.size(), t->status);
      size_t sp2 = rest.find(' ');
      if (sp2 != std::string_view::npos) t->reason = std::string(rest.substr(sp2 + 1));
    }
    return len;
  }
  if (line.empty()) {                 // end of a head
    if (t->status < 200) return len;  // 1xx: the real head follows
    if (t->request.follow_redirects && IsFollowedRedirect(t->status) && t->has_location) {
      return len;  // curl follows it: the body is skipped, another head follows
    }
    DeliverHead(t);
    return t->cancelled ? 0 : len;
  }
  if (line.front() == ' ' || line.front() == '\t') {  // obs-fold: continues the last value
    if (!t->headers.empty()) {
      std::string& v = t->headers.back().value;
      v += ' ';
      v += Trim(line);
    }
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;  // not a header line; ignored like browsers
  Header h{std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))};
  if (HeaderNameEquals(h.name, "location")) t->has_location = true;
  t->headers.push_back(std::move(h));
  return len;
}

size_t HttpClient::OnWrite(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  size_t len = size * n;
  if (t->cancelled) return 0;  // ends the transfer with CURLE_WRITE_ERROR, which nobody hears
  if (!t->head_delivered) {
    DeliverHead(t);
    if (t->cancelled) return 0;
  }
  if (t->want_pause) {
    // curl keeps this chunk and gives it again when unpaused.
    t->recv_paused = true;
    return CURL_WRITEFUNC_PAUSE;
  }
  if (t->callbacks.on_data && !t->callbacks.on_data(std::string_view(data, len))) {
    t->want_pause = true;
  }
  return t->cancelled ? 0 : len;
}

size_t HttpClient::OnRead(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  size_t cap = size * n;
  if (t->cancelled) return CURL_READFUNC_ABORT;
  if (!t->request.body_reader) {
    size_t take = std::min(cap, t->request.body.size() - t->body_offset);
    // curl's upload buffer holds bytes, not a C string.
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
    std::memcpy(data, t->request.body.data() + t->body_offset, take);
    t->body_offset += take;
    return take;
  }
  // A reader that answers at once is asked again until it has something or is done.
  while (t->body_offset == t->pulled.size() && !t->reader_done && t->reader_error.empty() &&
         !t->reader_pending && !t->cancelled) {
    t->client->RequestBodyChunk(t);
  }
  if (t->cancelled || !t->reader_error.empty()) return CURL_READFUNC_ABORT;
  if (t->body_offset < t->pulled.size()) {
    size_t take = std::min(cap, t->pulled.size() - t->body_offset);
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
    std::memcpy(data, t->pulled.data() + t->body_offset, take);
    t->body_offset += take;
    if (t->body_offset == t->pulled.size()) {
      t->pulled.clear();
      t->body_offset = 0;
    }
    return take;
  }
  if (t->reader_done) return 0;
  t->send_paused = true;  // resumed by OnBodyChunk
  return CURL_READFUNC_PAUSE;
}

int HttpClient::OnSeek(void* userp, int64_t offset, int origin) {
  auto* t = static_cast<Transfer*>(userp);
  // curl rewinds to resend the body (a redirect, a reused connection that had closed).
  if (t->request.body_reader && offset == 0 && origin == SEEK_SET && t->pulled_total == 0) {
    return CURL_SEEKFUNC_OK;
  }
  if (t->request.body_reader || origin != SEEK_SET || offset < 0 ||
      static_cast<uint64_t>(offset) > t->request.body.size()) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  t->body_offset = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

void HttpClient::RequestBodyChunk(Transfer* t) {
  t->reader_pending = true;
  std::weak_ptr<Transfer> weak = t->weak_from_this();
  t->request.body_reader([weak](BodyChunk chunk) {
    auto t = weak.lock();
    if (!t || t->finished || t->cancelled) return;
    t->client->OnBodyChunk(t, std::move(chunk));
  });
}

void HttpClient::OnBodyChunk(const std::shared_ptr<Transfer>& t, BodyChunk chunk) {
  t->reader_pending = false;
  if (!chunk.error.empty()) {
    t->reader_error = std::move(chunk.error);
  } else {
    t->pulled_total += chunk.data.size();
    if (t->pulled.empty()) {
      t->pulled = std::move(chunk.data);
    } else {
      t->pulled += chunk.data;
    }
    t->reader_done = chunk.done;
  }
  if (!t->send_paused) return;  // curl is inside OnRead (a synchronous reader) or not waiting
  auto unpause = [this, t] {
    if (t->finished || t->cancelled || !t->send_paused) return;
    t->send_paused = false;
    ApplyPause(t);
  };
  if (depth_ > 0) {
    Defer(unpause);
  } else {
    Enter();
    unpause();
    Leave();
  }
}

}  // namespace edgerun::http
