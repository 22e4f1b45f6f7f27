// Reads a byte range of a file in chunks on libuv's thread pool, one read at a time, so the
// caller (Connection, for Exchange::RespondFile) can stop asking while its socket is backed up.
//
// Ownership: a FileReader owns its file descriptor and deletes itself: after delivering the last
// chunk, after reporting an error, or after Cancel() once no fs request is in flight. The fd is
// closed in every case. The Sink is borrowed and must call Cancel() before it goes away.
#pragma once

#include <uv.h>

#include <cstdint>
#include <string>

#include "runtime/http/exchange.h"

namespace edgerun::http {

class FileReader {
 public:
  class Sink {
   public:
    // The next chunk, in order. `last` when the range is complete; the reader is then gone.
    // When not last, call ReadNext() for the next chunk (now or later).
    virtual void OnFileData(std::string chunk, bool last) = 0;
    // Opening or reading failed (a libuv error; UV_EOF when the file is shorter than the
    // range). The reader is then gone.
    virtual void OnFileError(int error) = 0;

   protected:
    ~Sink() = default;
  };

  // Opens the file and reads the first chunk. Returns null (and never calls the sink) when the
  // request could not even be started.
  static FileReader* Start(uv_loop_t* loop, const FileRange& range, size_t chunk_size, Sink* sink);

  void ReadNext();
  // No more callbacks; the file is closed and the reader freed as soon as possible.
  void Cancel();

 private:
  FileReader(uv_loop_t* loop, const FileRange& range, size_t chunk_size, Sink* sink);
  ~FileReader() = default;
  static void OnOpen(uv_fs_t* req);
  static void OnRead(uv_fs_t* req);
  void Fail(int error);
  void Destroy();

  uv_loop_t* loop_;
  uv_fs_t req_;
  Sink* sink_;
  uv_file fd_ = -1;
  uint64_t offset_;
  uint64_t remaining_;
  size_t chunk_size_;
  std::string buf_;
  bool busy_ = false;         // an fs request is in flight
  bool in_callback_ = false;  // inside a Sink call (Cancel must not free us there)
  bool cancelled_ = false;
  int read_error_ = 0;  // a read that failed to start while inside a Sink call
};

}  // namespace edgerun::http
