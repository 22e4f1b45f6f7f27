#include "runtime/http/connection.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

namespace edgerun::http {

namespace {

// Request body received but not yet read by the application: reading stops above this.
constexpr size_t kMaxBodyBuffer = 256 * 1024;
// Pipelined bytes held while a response is pending: reading stops above this.
constexpr size_t kMaxPending = 64 * 1024;
// A body the application did not read is discarded to keep the connection, up to this much.
constexpr uint64_t kMaxDiscard = 256 * 1024;
// How long a closing connection waits for the client's FIN after ours.
constexpr uint64_t kLingerMs = 2000;
constexpr int kMaxWriteBufs = 16;
constexpr size_t kJoinBodyBytes = 8 * 1024;  // bodies up to this size are copied next to the head

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";

int SanitizeStatus(int status) { return status >= 200 && status <= 999 ? status : 500; }

BodyChunk ErrorChunk(const char* reason) {
  BodyChunk c;
  c.error = reason;
  return c;
}

}  // namespace

// -- ExchangeImpl ---------------------------------------------------------------------------------

void ExchangeImpl::Reset() {
  conn_ = nullptr;
  on_chunk_ = nullptr;
  on_drain_ = nullptr;
  on_abort_ = nullptr;
  dispatched_ = responded_ = streaming_ = finished_ = aborted_ = abort_ran_ = false;
  head_request_ = need_drain_ = head_sent_ = false;
  mode_ = BodyMode::kNone;
  length_left_ = 0;
  status_ = 0;
  body_bytes_ = 0;
  start_ns_ = 0;
  annotations_ = {};
  file_headers_.clear();
}

void ExchangeImpl::Abort(const char* reason) {
  conn_ = nullptr;
  aborted_ = true;
  // Callbacks often capture the Exchange itself: dropping them breaks the cycle.
  on_drain_ = nullptr;
  if (on_chunk_) {
    auto cb = std::move(on_chunk_);
    on_chunk_ = nullptr;
    cb(ErrorChunk(reason));
  }
  if (on_abort_ && !abort_ran_) {
    abort_ran_ = true;
    auto cb = std::move(on_abort_);
    on_abort_ = nullptr;
    cb();
  }
}

void ExchangeImpl::ReadBody(std::function<void(BodyChunk)> on_chunk) {
  if (aborted_) return on_chunk(ErrorChunk("connection closed"));
  if (!head_.has_body) return on_chunk(BodyChunk{{}, true, {}});
  if (!conn_) return on_chunk(ErrorChunk("response already finished"));
  if (on_chunk_) return on_chunk(ErrorChunk("a body read is already outstanding"));
  conn_->ReadBody(this, std::move(on_chunk));
}

void ExchangeImpl::Respond(int status, HeaderList headers, std::string body) {
  if (!conn_ || responded_) return;
  conn_->Respond(this, status, headers, std::move(body));
}

void ExchangeImpl::RespondBorrowed(int status, const HeaderList& headers, std::string_view body) {
  if (!conn_ || responded_) return;
  conn_->RespondBorrowed(this, status, headers, body);
}

void ExchangeImpl::RespondShared(int status, HeaderList headers,
                                 std::shared_ptr<const std::string> body, uint64_t offset,
                                 uint64_t length) {
  if (!conn_ || responded_) return;
  conn_->RespondShared(this, status, headers, body, offset, length);
}

void ExchangeImpl::RespondFile(int status, HeaderList headers, FileRange file) {
  if (!conn_ || responded_) return;
  conn_->RespondFile(this, status, std::move(headers), std::move(file));
}

void ExchangeImpl::StartResponse(int status, HeaderList headers,
                                 std::optional<uint64_t> content_length) {
  if (!conn_ || responded_) return;
  conn_->StartResponse(this, status, headers, content_length);
}

bool ExchangeImpl::WriteBody(std::string chunk) {
  if (!conn_ || !streaming_) return false;
  return conn_->WriteBody(this, std::move(chunk));
}

void ExchangeImpl::SetDrainCallback(std::function<void()> on_drain) {
  if (finished_ || aborted_) return;  // would never run (and might keep us alive)
  on_drain_ = std::move(on_drain);
}

void ExchangeImpl::EndResponse() {
  if (!conn_ || !streaming_) return;
  conn_->EndResponse(this);
}

void ExchangeImpl::SetAbortCallback(std::function<void()> on_abort) {
  if (aborted_) {
    if (!abort_ran_ && on_abort) {
      abort_ran_ = true;
      on_abort();
    }
    return;
  }
  if (finished_) return;  // can no longer be aborted
  on_abort_ = std::move(on_abort);
}

// -- Connection: reading --------------------------------------------------------------------------

Connection::Connection(ServerCore* core) : core_(core), parser_(core->limits) {
  tcp_.data = this;
  timer_.data = this;
  write_req_.data = this;
  shutdown_req_.data = this;
}

void Connection::Start(uv_stream_t* listener) {
  uv_loop_t* loop = core_->loop;
  uv_timer_init(loop, &timer_);
  uv_tcp_init(loop, &tcp_);
  tcp_.data = this;
  timer_.data = this;
  handles_open_ = 2;
  if (uv_accept(listener, reinterpret_cast<uv_stream_t*>(&tcp_)) != 0) return CloseNow();
  uv_tcp_nodelay(&tcp_, 1);
  idle_since_ms_ = uv_now(loop);
  UpdateReading();
  UpdateTimeout();
}

bool Connection::busy() const { return (ex_ && ex_->dispatched_) || writing_ || !out_.empty(); }

void Connection::OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  *buf = uv_buf_init(self->core_->read_buffer(), ServerCore::kReadBufferSize);
}

void Connection::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(stream->data);
  if (nread > 0) {
    if (self->discard_input_) return;
    size_t n = static_cast<size_t>(nread);
    if (!self->HasPending()) {
      size_t used = self->Process(buf->base, n);
      if (self->closing_) return;
      if (used < n && !self->discard_input_) {
        self->pending_.assign(buf->base + used, n - used);
        self->pending_off_ = 0;
      }
    } else {
      self->pending_.append(buf->base, n);
      self->ProcessPending();
      if (self->closing_) return;
    }
    self->UpdateReading();
    self->UpdateTimeout();
  } else if (nread == UV_EOF) {
    self->peer_eof_ = true;
    self->UpdateReading();
    self->CheckPeerEof();
  } else if (nread < 0) {
    self->CloseNow();
  }
}

void Connection::ProcessPending() {
  size_t used = Process(pending_.data() + pending_off_, pending_.size() - pending_off_);
  if (closing_) return;
  pending_off_ += used;
  if (pending_off_ == pending_.size() || discard_input_) {
    pending_.clear();
    pending_off_ = 0;
  } else if (pending_off_ >= kMaxPending / 2) {
    pending_.erase(0, pending_off_);
    pending_off_ = 0;
  }
}

// The hot path: parse, call the handler, go on with the next request if its response is done.
size_t Connection::Process(const char* data, size_t len) {
  in_process_ = true;
  size_t off = 0;
  while (!closing_ && !discard_input_) {
    if (!parser_active_) {
      // Request N+1 waits until N's response is finished.
      if (ex_ || close_after_response_ || off == len) break;
      BeginMessage();
    }
    size_t used = 0;
    RequestParser::Event ev = parser_.Feed(data + off, len - off, &used);
    off += used;
    if (ev == RequestParser::Event::kHead) {
      Dispatch();
    } else if (ev == RequestParser::Event::kMessageEnd) {
      OnMessageEnd();
    } else if (ev == RequestParser::Event::kError) {
      OnParseError();
      break;
    } else {  // kNeedMore
      if (ex_ && ex_->on_chunk_ && !body_buf_.empty()) {
        DeliverBody();
      } else if (!ex_ && parser_.body_received() > kMaxDiscard) {
        // Discarding an unread body that turns out big: cheaper to close.
        discard_input_ = true;
        CloseGracefully();
      }
      break;
    }
  }
  in_process_ = false;
  return off;
}

void Connection::BeginMessage() {
  if (spare_ && spare_.use_count() == 1) {
    ex_ = std::move(spare_);
    ex_->Reset();
  } else {
    ex_ = std::make_shared<ExchangeImpl>();
  }
  parser_.StartMessage(&ex_->head_);
  parser_active_ = true;
  body_done_ = false;
  continue_sent_ = false;
  body_buf_.clear();
  head_start_ms_ = uv_now(core_->loop);
}

void Connection::Dispatch() {
  ExchangeImpl* ex = ex_.get();
  ex->dispatched_ = true;
  ex->conn_ = this;
  ex->head_request_ = ex->head_.method == "HEAD";
  served_any_ = true;
  ++core_->active_requests;
  if (core_->access_log) ex->start_ns_ = uv_hrtime();
  if (ex->head_.has_body) {
    parser_.set_body_sink(&body_buf_);
    last_body_ms_ = uv_now(core_->loop);
  }
  core_->handler(ex_);
}

void Connection::OnMessageEnd() {
  parser_active_ = false;
  body_done_ = true;
  if (ex_ && ex_->on_chunk_) DeliverBody();
}

void Connection::OnParseError() {
  int status = parser_.error_status();
  const char* reason = parser_.error_reason();
  if (ex_ && ex_->dispatched_) return FailBody(status, reason);
  if (!ex_) {  // in the unread body of a request already answered
    parser_active_ = false;
    discard_input_ = true;
    return CloseGracefully();
  }
  SendErrorAndClose(status, reason);
}

void Connection::DeliverBody() {
  ExchangeImpl* ex = ex_.get();
  auto cb = std::move(ex->on_chunk_);
  ex->on_chunk_ = nullptr;
  BodyChunk chunk;
  if (!body_buf_.empty()) {
    chunk.data = std::move(body_buf_);
    body_buf_.clear();
  } else {
    chunk.done = true;
  }
  last_body_ms_ = uv_now(core_->loop);
  cb(std::move(chunk));
  if (!closing_ && !in_process_) {
    UpdateReading();
    UpdateTimeout();
  }
}

void Connection::UpdateReading() {
  if (closing_) return;
  bool want = !peer_eof_ && (discard_input_ || (body_buf_.size() < kMaxBodyBuffer &&
                                                pending_.size() - pending_off_ < kMaxPending));
  if (want == reading_) return;
  auto* stream = reinterpret_cast<uv_stream_t*>(&tcp_);
  if (want) {
    reading_ = uv_read_start(stream, &OnAlloc, &OnRead) == 0;
  } else {
    uv_read_stop(stream);
    reading_ = false;
  }
}

// The client sent FIN. Requests already received are still answered; then the connection closes.
void Connection::CheckPeerEof() {
  if (!peer_eof_ || closing_) return;
  if (lingering_) return CloseNow();
  if (close_pending_) return;  // closes once the output is flushed
  if (ex_ && ex_->dispatched_) {
    if (parser_active_) FailBody(0, "client closed the connection before the end of the body");
    return;  // otherwise: closes after the response
  }
  if (HasPending()) return;                      // pipelined requests first (a resume is scheduled)
  if (parser_active_ && ex_) return CloseNow();  // half a request head: nothing to answer
  CloseGracefully();
}

void Connection::Resume() {
  if (closing_) return;
  if (HasPending()) ProcessPending();
  if (closing_) return;
  UpdateReading();
  UpdateTimeout();
  CheckPeerEof();
}

// -- Connection: answering ----------------------------------------------------------------------

void Connection::ReadBody(ExchangeImpl* ex, std::function<void(BodyChunk)> on_chunk) {
  if (parser_.expect_continue() && !continue_sent_ && !ex->responded_ && !body_done_) {
    continue_sent_ = true;
    OutPiece piece = OutPiece::Static(kContinue);
    if (!Send(&piece, 1)) return on_chunk(ErrorChunk("connection closed"));
  }
  ex->on_chunk_ = std::move(on_chunk);
  if (!body_buf_.empty() || body_done_) return DeliverBody();
  last_body_ms_ = uv_now(core_->loop);
  if (!in_process_) {
    UpdateReading();
    UpdateTimeout();
  }
}

bool Connection::WantKeepAlive() const {
  if (close_after_response_ || core_->draining || !parser_.keep_alive()) return false;
  if (peer_eof_ && !HasPending()) return false;
  if (!body_done_) {
    // A client waiting for 100 Continue may never send the body the parser would wait for.
    if (parser_.expect_continue() && !continue_sent_) return false;
    if (parser_.body_remaining_hint() > kMaxDiscard) return false;
  }
  return true;
}

ResponsePlan Connection::PlanFor(ExchangeImpl* ex, int status, std::optional<uint64_t> length,
                                 const HeaderList& headers) {
  ex->responded_ = true;
  ex->status_ = status;
  ResponseContext ctx;
  ctx.head_request = ex->head_request_;
  ctx.version_minor = ex->head_.version_minor;
  ctx.keep_alive = WantKeepAlive();
  ResponsePlan plan = PlanResponse(status, ctx, length, headers);
  if (plan.close) close_after_response_ = true;
  return plan;
}

void Connection::Respond(ExchangeImpl* ex, int status, const HeaderList& headers,
                         std::string body) {
  SendWhole(ex, status, headers, OutPiece::Owned(&body));
}

void Connection::RespondBorrowed(ExchangeImpl* ex, int status, const HeaderList& headers,
                                 std::string_view body) {
  SendWhole(ex, status, headers, OutPiece::Copy(body));
}

void Connection::SendWhole(ExchangeImpl* ex, int status, const HeaderList& headers,
                           const OutPiece& body) {
  status = SanitizeStatus(status);
  ResponsePlan plan = PlanFor(ex, status, body.size, headers);
  head_buf_.clear();
  AppendResponseHead(&head_buf_, status, headers, plan, core_->date.Get());
  const bool has_body = plan.mode == BodyMode::kLength && body.size > 0;
  if (has_body) ex->body_bytes_ = body.size;
  // A small body joins the head in one buffer: one write() instead of a two-piece writev().
  if (has_body && body.size <= kJoinBodyBytes) {
    head_buf_.append(body.data, body.size);
    OutPiece piece = OutPiece::Copy(head_buf_);
    if (!Send(&piece, 1)) return;
    return FinishResponse(ex);
  }
  OutPiece pieces[2] = {OutPiece::Copy(head_buf_), body};
  if (!Send(pieces, has_body ? 2 : 1)) return;
  FinishResponse(ex);
}

void Connection::RespondShared(ExchangeImpl* ex, int status, const HeaderList& headers,
                               const std::shared_ptr<const std::string>& body, uint64_t offset,
                               uint64_t length) {
  status = SanitizeStatus(status);
  uint64_t size = body ? body->size() : 0;
  offset = std::min(offset, size);
  length = std::min(length, size - offset);
  ResponsePlan plan = PlanFor(ex, status, length, headers);
  head_buf_.clear();
  AppendResponseHead(&head_buf_, status, headers, plan, core_->date.Get());
  OutPiece pieces[2] = {OutPiece::Copy(head_buf_), {}};
  int count = 1;
  if (plan.mode == BodyMode::kLength && length > 0) {
    pieces[1] = OutPiece::Shared(&body, static_cast<size_t>(offset), static_cast<size_t>(length));
    count = 2;
    ex->body_bytes_ = length;
  }
  if (!Send(pieces, count)) return;
  FinishResponse(ex);
}

void Connection::RespondFile(ExchangeImpl* ex, int status, HeaderList headers, FileRange file) {
  status = SanitizeStatus(status);
  ResponsePlan plan = PlanFor(ex, status, file.length, headers);
  if (plan.mode != BodyMode::kLength || file.length == 0) {
    head_buf_.clear();
    AppendResponseHead(&head_buf_, status, headers, plan, core_->date.Get());
    OutPiece piece = OutPiece::Copy(head_buf_);
    if (!Send(&piece, 1)) return;
    return FinishResponse(ex);
  }
  ex->file_plan_ = plan;
  ex->file_headers_ = std::move(headers);
  size_t chunk = std::clamp<size_t>(core_->limits.write_buffer_bytes, 16 * 1024, 256 * 1024);
  file_ = FileReader::Start(core_->loop, file, chunk, this);
  if (!file_) OnFileError(UV_EINVAL);
}

void Connection::OnFileData(std::string chunk, bool last) {
  ExchangeImpl* ex = ex_.get();
  if (last) file_ = nullptr;
  size_t n = chunk.size();
  ex->body_bytes_ += n;
  OutPiece pieces[2] = {{}, OutPiece::Owned(&chunk)};
  bool ok;
  if (!ex->head_sent_) {
    ex->head_sent_ = true;
    head_buf_.clear();
    AppendResponseHead(&head_buf_, ex->status_, ex->file_headers_, ex->file_plan_,
                       core_->date.Get());
    pieces[0] = OutPiece::Copy(head_buf_);
    ok = Send(pieces, n > 0 ? 2 : 1);
  } else {
    ok = Send(pieces + 1, 1);
  }
  if (!ok) return;
  if (last) return FinishResponse(ex);
  if (out_.bytes() <= core_->limits.write_buffer_bytes) {
    file_->ReadNext();
  } else {
    file_waiting_ = true;
  }
}

void Connection::OnFileError(int error) {
  file_ = nullptr;
  ExchangeImpl* ex = ex_.get();
  if (ex->head_sent_) return CloseNow();  // the promised Content-Length cannot be kept
  int status = error == UV_ENOENT ? 404 : 500;
  std::string body(ReasonPhrase(status));
  body += '\n';
  HeaderList headers{{"Content-Type", "text/plain; charset=utf-8"}};
  Respond(ex, status, headers, std::move(body));
}

void Connection::StartResponse(ExchangeImpl* ex, int status, const HeaderList& headers,
                               std::optional<uint64_t> content_length) {
  status = SanitizeStatus(status);
  if (!content_length) content_length = FindContentLength(headers);
  ResponsePlan plan = PlanFor(ex, status, content_length, headers);
  ex->streaming_ = true;
  ex->mode_ = plan.mode;
  ex->length_left_ = plan.mode == BodyMode::kLength ? *content_length : 0;
  head_buf_.clear();
  AppendResponseHead(&head_buf_, status, headers, plan, core_->date.Get());
  OutPiece piece = OutPiece::Copy(head_buf_);
  Send(&piece, 1);
}

bool Connection::WriteBody(ExchangeImpl* ex, std::string chunk) {
  switch (ex->mode_) {
    case BodyMode::kNone:
      break;
    case BodyMode::kLength: {
      if (chunk.size() > ex->length_left_) chunk.resize(static_cast<size_t>(ex->length_left_));
      if (chunk.empty()) break;
      ex->length_left_ -= chunk.size();
      ex->body_bytes_ += chunk.size();
      OutPiece piece = OutPiece::Owned(&chunk);
      if (!Send(&piece, 1)) return false;
      break;
    }
    case BodyMode::kChunked: {
      if (chunk.empty()) break;  // an empty chunk would end the body
      char prefix[20];
      auto r = std::to_chars(prefix, prefix + 16, chunk.size(), 16);
      *r.ptr++ = '\r';
      *r.ptr++ = '\n';
      ex->body_bytes_ += chunk.size();
      OutPiece pieces[3] = {OutPiece::Copy(std::string_view(prefix, r.ptr - prefix)),
                            OutPiece::Owned(&chunk), OutPiece::Static(kCrlf)};
      if (!Send(pieces, 3)) return false;
      break;
    }
    case BodyMode::kUntilClose: {
      if (chunk.empty()) break;
      ex->body_bytes_ += chunk.size();
      OutPiece piece = OutPiece::Owned(&chunk);
      if (!Send(&piece, 1)) return false;
      break;
    }
  }
  if (out_.bytes() <= core_->limits.write_buffer_bytes) return true;
  ex->need_drain_ = true;
  return false;
}

void Connection::EndResponse(ExchangeImpl* ex) {
  if (ex->mode_ == BodyMode::kChunked) {
    OutPiece piece = OutPiece::Static(kLastChunk);
    if (!Send(&piece, 1)) return;
  } else if (ex->mode_ == BodyMode::kLength && ex->length_left_ > 0) {
    // Fewer bytes than announced: the client can only tell if the connection ends here.
    close_after_response_ = true;
  }
  FinishResponse(ex);
}

// The application has handed over the whole response: log it, detach the Exchange, and go on
// with the next request, the rest of this one's body, or the close.
void Connection::FinishResponse(ExchangeImpl* ex) {
  ex->finished_ = true;
  ex->conn_ = nullptr;
  --core_->active_requests;
  std::function<void(BodyChunk)> unread = std::move(ex->on_chunk_);
  ex->on_chunk_ = nullptr;
  // Never called from now on; they often capture the Exchange itself (a cycle). The drain
  // callback may be running right now, but from a copy (AfterWrite), so this is safe.
  ex->on_drain_ = nullptr;
  ex->on_abort_ = nullptr;
  spare_ = std::move(ex_);  // keeps `ex` alive until the next request
  parser_.set_body_sink(nullptr);
  body_buf_.clear();
  idle_since_ms_ = uv_now(core_->loop);

  if (close_after_response_ || core_->draining) {
    discard_input_ = true;
    CloseGracefully();
  } else if (!in_process_) {
    if (HasPending()) {
      core_->ScheduleResume(this);
    } else {
      UpdateReading();
      UpdateTimeout();
      CheckPeerEof();
    }
  }
  if (core_ && core_->access_log) {
    LogAccess(&ex->annotations_, ex->head_.method, ex->head_.target, ex->status_, ex->body_bytes_,
              ex->start_ns_);
  }
  if (unread) unread(ErrorChunk("response finished before the body was read"));
  if (core_ && core_->draining) core_->OnConnectionIdle(this);
}

// -- Connection: writing --------------------------------------------------------------------------

// Writes now with one syscall when nothing is queued; whatever the kernel does not take waits in
// the OutputQueue (moved or referenced, not copied, except borrowed pieces).
bool Connection::Send(const OutPiece* pieces, int count) {
  if (closing_) return false;
  size_t written = 0;
  if (out_.empty()) {
    uv_buf_t bufs[4];
    for (int i = 0; i < count; ++i) {
      bufs[i] =
          uv_buf_init(const_cast<char*>(pieces[i].data), static_cast<unsigned>(pieces[i].size));
    }
    int r;
    uv_os_fd_t fd;
    if (count == 1 && uv_fileno(reinterpret_cast<uv_handle_t*>(&tcp_), &fd) == 0) {
      // One piece (the common whole small response): send() straight from here, past the VFS
      // write path libuv takes (measured 1-3 % fewer CPU per request, tests/bench/ab.sh).
      ssize_t n;
      do {
        n = ::send(fd, pieces[0].data, std::min(pieces[0].size, size_t{1} << 30),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
      } while (n < 0 && errno == EINTR);
      r = n >= 0 ? static_cast<int>(n)
                 : (errno == EAGAIN || errno == EWOULDBLOCK ? UV_EAGAIN : -errno);
    } else {
      r = uv_try_write(reinterpret_cast<uv_stream_t*>(&tcp_), bufs, count);
    }
    if (r >= 0) {
      written = static_cast<size_t>(r);
    } else if (r != UV_EAGAIN && r != UV_ENOSYS) {
      CloseNow();
      return false;
    }
    last_write_ms_ = uv_now(core_->loop);
  }
  for (int i = 0; i < count; ++i) {
    if (written >= pieces[i].size) {
      written -= pieces[i].size;
      continue;
    }
    out_.Push(pieces[i], written);
    written = 0;
  }
  if (!out_.empty() && !writing_) StartWrite();
  return !closing_;
}

void Connection::StartWrite() {
  uv_buf_t bufs[kMaxWriteBufs];
  int n = out_.Peek(bufs, kMaxWriteBufs);
  writing_ = true;
  writing_count_ = n;
  int r = uv_write(&write_req_, reinterpret_cast<uv_stream_t*>(&tcp_), bufs, n, &OnWriteDone);
  if (r < 0) {
    writing_ = false;
    CloseNow();
    return;
  }
  if (!in_process_) UpdateTimeout();
}

void Connection::OnWriteDone(uv_write_t* req, int status) {
  auto* self = static_cast<Connection*>(req->data);
  self->writing_ = false;
  if (self->closing_) return;
  if (status < 0) return self->CloseNow();
  self->out_.Pop(self->writing_count_);
  self->last_write_ms_ = uv_now(self->core_->loop);
  if (!self->out_.empty()) self->StartWrite();
  if (self->closing_) return;
  self->AfterWrite();
}

void Connection::AfterWrite() {
  if (out_.bytes() <= core_->limits.write_buffer_bytes) {
    if (file_waiting_ && file_) {
      file_waiting_ = false;
      file_->ReadNext();
    }
    if (ex_ && ex_->need_drain_) {
      ex_->need_drain_ = false;
      if (ex_->on_drain_) {
        std::shared_ptr<ExchangeImpl> keep = ex_;
        std::function<void()> cb = keep->on_drain_;  // a copy: it may replace itself
        cb();
        if (closing_) return;
      }
    }
  }
  if (out_.empty() && !writing_) {
    if (close_pending_ && !shutdown_started_) {
      shutdown_started_ = true;
      if (uv_shutdown(&shutdown_req_, reinterpret_cast<uv_stream_t*>(&tcp_), &OnShutdown) != 0) {
        return CloseNow();
      }
    } else if (core_->draining) {
      core_->OnConnectionIdle(this);
    }
  }
  UpdateTimeout();
}

// -- Connection: errors, timeouts, closing --------------------------------------------------------

void Connection::LogAccess(const AccessAnnotations* annotations, std::string_view method,
                           std::string_view target, int status, uint64_t bytes, uint64_t start_ns) {
  AccessRecord rec;
  rec.annotations = annotations;
  rec.method = method;
  rec.target = target;
  rec.status = status;
  rec.body_bytes = bytes;
  rec.duration_ms = start_ns ? static_cast<double>(uv_hrtime() - start_ns) / 1e6 : 0;
  core_->access_log(rec);
}

// An error found before the request reached the application: answer it and close.
void Connection::SendErrorAndClose(int status, const char* detail,
                                   std::shared_ptr<ExchangeImpl> ex) {
  parser_active_ = false;
  discard_input_ = true;
  if (!ex) ex = std::move(ex_);
  ex_.reset();
  head_buf_.clear();
  AppendErrorResponse(&head_buf_, status, detail, core_->date.Get());
  size_t body_len = head_buf_.size() - head_buf_.find("\r\n\r\n") - 4;
  OutPiece piece = OutPiece::Copy(head_buf_);
  if (!Send(&piece, 1)) return;
  if (core_->access_log) {
    LogAccess(nullptr, ex ? std::string_view(ex->head_.method) : std::string_view(),
              ex ? std::string_view(ex->head_.target) : std::string_view(), status, body_len, 0);
  }
  CloseGracefully();
}

// The body of a request the application holds cannot be read (malformed, too big, timed out,
// cut off). The Exchange is aborted; the server answers if nothing was sent yet.
void Connection::FailBody(int status, const char* detail) {
  parser_active_ = false;
  discard_input_ = true;
  std::shared_ptr<ExchangeImpl> ex = ex_;  // for the access log
  bool can_answer = status != 0 && !ex->responded_;
  AbortExchange(detail);
  if (closing_) return;
  if (!can_answer) return CloseNow();
  SendErrorAndClose(status, detail, std::move(ex));
}

void Connection::AbortExchange(const char* reason) {
  if (file_) {
    file_->Cancel();
    file_ = nullptr;
  }
  if (!ex_) return;
  std::shared_ptr<ExchangeImpl> ex = std::move(ex_);
  if (!ex->dispatched_) return;
  if (core_) --core_->active_requests;
  ex->Abort(reason);
}

void Connection::UpdateTimeout() {
  if (closing_) return;
  const config::HttpLimits& l = core_->limits;
  if (lingering_) {
    return SetDeadline(Timeout::kLinger,
                       linger_start_ms_ + std::min<uint64_t>(kLingerMs, l.idle_timeout_ms));
  }
  if (writing_) return SetDeadline(Timeout::kWrite, last_write_ms_ + l.body_timeout_ms);
  if (ex_ && ex_->dispatched_) {
    if (ex_->on_chunk_ && !body_done_) {
      return SetDeadline(Timeout::kBody, last_body_ms_ + l.body_timeout_ms);
    }
    return SetDeadline(Timeout::kNone, 0);  // the application is thinking
  }
  if (parser_active_) {
    if (ex_) return SetDeadline(Timeout::kHead, head_start_ms_ + l.header_timeout_ms);
    return SetDeadline(Timeout::kBody, idle_since_ms_ + l.body_timeout_ms);  // discarding
  }
  if (close_pending_) return SetDeadline(Timeout::kNone, 0);
  if (!served_any_) return SetDeadline(Timeout::kHead, idle_since_ms_ + l.header_timeout_ms);
  SetDeadline(Timeout::kIdle, idle_since_ms_ + l.idle_timeout_ms);
}

// One timer per connection, moved only when a deadline comes earlier than the one it is armed
// for: per request this is usually just two stores, not a timer-heap update.
void Connection::SetDeadline(Timeout kind, uint64_t at) {
  timeout_kind_ = kind;
  deadline_ = at;
  if (at == 0 || (timer_armed_ && timer_due_ <= at)) return;
  uint64_t now = uv_now(core_->loop);
  uv_timer_start(&timer_, &OnTimer, at > now ? at - now : 0, 0);
  timer_armed_ = true;
  timer_due_ = at;
}

void Connection::OnTimer(uv_timer_t* timer) {
  auto* self = static_cast<Connection*>(timer->data);
  self->timer_armed_ = false;
  if (self->closing_ || self->deadline_ == 0) return;
  uint64_t now = uv_now(self->core_->loop);
  if (now < self->deadline_) {
    uv_timer_start(&self->timer_, &OnTimer, self->deadline_ - now, 0);
    self->timer_armed_ = true;
    self->timer_due_ = self->deadline_;
    return;
  }
  self->OnTimeout(self->timeout_kind_);
}

void Connection::OnTimeout(Timeout kind) {
  switch (kind) {
    case Timeout::kNone:
      return;
    case Timeout::kHead:
      if (parser_.started()) return SendErrorAndClose(408, "request head not received in time");
      return CloseNow();
    case Timeout::kBody:
      if (ex_ && ex_->dispatched_) return FailBody(408, "request body not received in time");
      return CloseNow();
    case Timeout::kIdle:
    case Timeout::kWrite:
    case Timeout::kLinger:
      return CloseNow();
  }
}

// Flush what is queued, send FIN, then wait (briefly) for the client's FIN before closing, so a
// client still sending does not get a reset that destroys the response it has not read yet.
void Connection::CloseGracefully() {
  if (closing_ || close_pending_) return;
  close_pending_ = true;
  close_after_response_ = true;
  if (file_) {
    file_->Cancel();
    file_ = nullptr;
  }
  if (out_.empty() && !writing_) {
    shutdown_started_ = true;
    if (uv_shutdown(&shutdown_req_, reinterpret_cast<uv_stream_t*>(&tcp_), &OnShutdown) != 0) {
      return CloseNow();
    }
  }
  if (!in_process_) {
    UpdateReading();
    UpdateTimeout();
  }
}

void Connection::OnShutdown(uv_shutdown_t* req, int status) {
  auto* self = static_cast<Connection*>(req->data);
  if (self->closing_) return;
  if (status < 0 || self->peer_eof_) return self->CloseNow();
  self->lingering_ = true;
  self->discard_input_ = true;
  self->linger_start_ms_ = uv_now(self->core_->loop);
  self->UpdateReading();
  self->UpdateTimeout();
}

void Connection::CloseNow() {
  if (closing_) return;
  closing_ = true;
  uv_timer_stop(&timer_);
  AbortExchange("connection closed");
  ServerCore* core = core_;
  core_ = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), &OnHandleClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(&timer_), &OnHandleClosed);
  if (core) core->OnConnectionClosing(this);
}

void Connection::StopAfterResponse() {
  if (closing_) return;
  if (ex_ && ex_->dispatched_) return;  // FinishResponse closes it (core->draining)
  if (writing_ || !out_.empty()) {
    discard_input_ = true;
    return CloseGracefully();
  }
  CloseNow();
}

void Connection::OnHandleClosed(uv_handle_t* handle) {
  auto* self = static_cast<Connection*>(handle->data);
  if (--self->handles_open_ == 0) delete self;
}

}  // namespace edgerun::http
