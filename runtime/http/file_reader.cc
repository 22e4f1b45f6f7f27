#include "runtime/http/file_reader.h"

#include <fcntl.h>

#include <algorithm>

namespace edgerun::http {

FileReader::FileReader(uv_loop_t* loop, const FileRange& range, size_t chunk_size, Sink* sink)
    : loop_(loop),
      sink_(sink),
      offset_(range.offset),
      remaining_(range.length),
      chunk_size_(chunk_size) {
  req_.data = this;
}

FileReader* FileReader::Start(uv_loop_t* loop, const FileRange& range, size_t chunk_size,
                              Sink* sink) {
  auto* reader = new FileReader(loop, range, chunk_size, sink);
  reader->busy_ = true;
  if (uv_fs_open(loop, &reader->req_, range.path.c_str(), O_RDONLY | O_CLOEXEC, 0, &OnOpen) < 0) {
    uv_fs_req_cleanup(&reader->req_);
    delete reader;
    return nullptr;
  }
  return reader;
}

void FileReader::OnOpen(uv_fs_t* req) {
  auto* self = static_cast<FileReader*>(req->data);
  int result = static_cast<int>(req->result);
  uv_fs_req_cleanup(req);
  self->busy_ = false;
  if (result >= 0) self->fd_ = result;
  if (self->cancelled_) return self->Destroy();
  if (result < 0) return self->Fail(result);
  if (self->remaining_ == 0) {
    self->in_callback_ = true;
    self->sink_->OnFileData(std::string(), true);
    return self->Destroy();
  }
  self->ReadNext();
}

void FileReader::ReadNext() {
  if (busy_ || cancelled_ || remaining_ == 0) return;
  buf_.resize(static_cast<size_t>(std::min<uint64_t>(remaining_, chunk_size_)));
  uv_buf_t b = uv_buf_init(buf_.data(), static_cast<unsigned>(buf_.size()));
  busy_ = true;
  int rc = uv_fs_read(loop_, &req_, fd_, &b, 1, static_cast<int64_t>(offset_), &OnRead);
  if (rc < 0) {
    uv_fs_req_cleanup(&req_);
    busy_ = false;
    if (!in_callback_) Fail(rc);
    // Inside a Sink call the failure is reported when that call returns (see OnRead).
    else
      read_error_ = rc;
  }
}

void FileReader::OnRead(uv_fs_t* req) {
  auto* self = static_cast<FileReader*>(req->data);
  ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  self->busy_ = false;
  if (self->cancelled_) return self->Destroy();
  if (result <= 0) return self->Fail(result == 0 ? UV_EOF : static_cast<int>(result));

  std::string chunk = std::move(self->buf_);
  chunk.resize(static_cast<size_t>(result));
  self->offset_ += static_cast<uint64_t>(result);
  self->remaining_ -= static_cast<uint64_t>(result);
  bool last = self->remaining_ == 0;
  self->in_callback_ = true;
  self->sink_->OnFileData(std::move(chunk), last);
  self->in_callback_ = false;
  if (last || self->cancelled_) {
    if (!self->busy_) self->Destroy();
    return;
  }
  if (self->read_error_ != 0) self->Fail(self->read_error_);
}

void FileReader::Fail(int error) {
  in_callback_ = true;
  sink_->OnFileError(error);
  Destroy();
}

void FileReader::Cancel() {
  cancelled_ = true;
  sink_ = nullptr;
  if (!busy_ && !in_callback_) Destroy();
}

void FileReader::Destroy() {
  if (fd_ >= 0) {
    uv_fs_t close_req;
    uv_fs_close(loop_, &close_req, fd_, nullptr);  // synchronous: closing a regular file is cheap
    uv_fs_req_cleanup(&close_req);
  }
  delete this;
}

}  // namespace edgerun::http
