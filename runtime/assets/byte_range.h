// The `Range: bytes=` request header as edgerun's asset server reads it (spec/assets.md, edgerun
// decision "Range"): one range -> 206, an unsatisfiable one -> 416, several ranges or anything it
// does not understand -> the whole representation (200).
//
// Not for: multipart/byteranges responses (never produced). Pure function; any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace edgerun::assets {

struct ByteRange {
  enum class Kind {
    kIgnore,         // no usable Range: serve the whole body
    kSatisfiable,    // serve [offset, offset + length)
    kUnsatisfiable,  // 416 with `Content-Range: bytes */size`
  };
  Kind kind = Kind::kIgnore;
  uint64_t offset = 0;
  uint64_t length = 0;
};

// `header` is the Range value, `size` the representation's length.
ByteRange ParseByteRange(std::string_view header, uint64_t size);

}  // namespace edgerun::assets
