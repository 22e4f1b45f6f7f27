#include "runtime/http/output_queue.h"

namespace edgerun::http {

void OutputQueue::Push(const OutPiece& piece, size_t skip) {
  if (skip >= piece.size) return;
  Chunk& c = chunks_.emplace_back();
  c.size = piece.size - skip;
  switch (piece.kind) {
    case OutPiece::Kind::kCopy:
      c.owned.assign(piece.data + skip, c.size);
      break;
    case OutPiece::Kind::kStatic:
      c.external = piece.data + skip;
      break;
    case OutPiece::Kind::kOwned:
      c.offset = static_cast<size_t>(piece.data - piece.owned->data()) + skip;
      c.owned = std::move(*piece.owned);
      break;
    case OutPiece::Kind::kShared:
      c.shared = *piece.shared;
      c.external = piece.data + skip;
      break;
  }
  bytes_ += c.size;
}

int OutputQueue::Peek(uv_buf_t* bufs, int max) const {
  int n = 0;
  for (auto it = chunks_.begin(); it != chunks_.end() && n < max; ++it, ++n) {
    bufs[n] = uv_buf_init(const_cast<char*>(it->data()), static_cast<unsigned>(it->size));
  }
  return n;
}

void OutputQueue::Pop(int count) {
  for (int i = 0; i < count && !chunks_.empty(); ++i) {
    bytes_ -= chunks_.front().size;
    chunks_.pop_front();
  }
}

}  // namespace edgerun::http
