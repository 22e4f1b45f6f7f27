// Response bytes waiting for the socket, in order. Each queued chunk keeps its own storage alive:
// bytes the application handed over are moved in (never copied), shared immutable bodies are held
// by their shared_ptr (never copied), and only small borrowed pieces (a response head in the
// connection's scratch buffer, a chunk-size line) are copied.
//
// What it is for: the slow path of Connection's writes. The fast path writes straight from the
// caller's buffers with one uv_try_write; only what the kernel did not take lands here.
#pragma once

#include <uv.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace edgerun::http {

// One piece of a write, and what to do with its bytes if they have to wait.
struct OutPiece {
  enum class Kind : uint8_t {
    kCopy,    // borrowed for the duration of the call: copied if queued
    kStatic,  // lives forever (string literals)
    kOwned,   // inside *owned, which is moved into the queue if needed
    kShared,  // inside **shared, whose reference is taken if needed
  };
  const char* data = nullptr;
  size_t size = 0;
  Kind kind = Kind::kCopy;
  std::string* owned = nullptr;
  const std::shared_ptr<const std::string>* shared = nullptr;

  static OutPiece Copy(std::string_view s) { return {s.data(), s.size(), Kind::kCopy}; }
  static OutPiece Static(std::string_view s) { return {s.data(), s.size(), Kind::kStatic}; }
  static OutPiece Owned(std::string* s) { return {s->data(), s->size(), Kind::kOwned, s}; }
  static OutPiece Shared(const std::shared_ptr<const std::string>* s, size_t offset, size_t size) {
    return {(*s)->data() + offset, size, Kind::kShared, nullptr, s};
  }
};

class OutputQueue {
 public:
  bool empty() const { return chunks_.empty(); }
  // Bytes queued and not yet confirmed written.
  size_t bytes() const { return bytes_; }

  // Queues `piece` minus its first `skip` bytes (already written).
  void Push(const OutPiece& piece, size_t skip);
  // Describes up to `max` chunks from the front in `bufs`; returns how many.
  int Peek(uv_buf_t* bufs, int max) const;
  // Drops the first `count` chunks, which have been written.
  void Pop(int count);

 private:
  struct Chunk {
    std::string owned;
    std::shared_ptr<const std::string> shared;
    const char* external = nullptr;  // kStatic / kShared bytes; otherwise inside `owned`
    size_t offset = 0;
    size_t size = 0;
    const char* data() const { return (external ? external : owned.data()) + offset; }
  };
  std::deque<Chunk> chunks_;  // deque: chunks never move, so in-flight uv_buf_t stay valid
  size_t bytes_ = 0;
};

}  // namespace edgerun::http
