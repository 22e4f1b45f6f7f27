#include "runtime/assets/byte_range.h"

#include <optional>

namespace edgerun::assets {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Decimal digits only; nothing on overflow or any other character.
std::optional<uint64_t> ParseUint(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

ByteRange ParseByteRange(std::string_view header, uint64_t size) {
  ByteRange r;
  header = Trim(header);
  if (header.size() < 6) return r;
  std::string_view unit = header.substr(0, 6);
  for (size_t i = 0; i < 5; ++i) {
    char c = unit[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != "bytes"[i]) return r;
  }
  if (unit[5] != '=') return r;
  std::string_view spec = Trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return r;  // several ranges: whole body
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return r;
  std::string_view first = Trim(spec.substr(0, dash));
  std::string_view last = Trim(spec.substr(dash + 1));
  if (first.empty()) {  // suffix range: the last N bytes
    std::optional<uint64_t> n = ParseUint(last);
    if (!n) return r;
    if (*n == 0 || size == 0) {
      r.kind = ByteRange::Kind::kUnsatisfiable;
      return r;
    }
    r.kind = ByteRange::Kind::kSatisfiable;
    r.length = *n < size ? *n : size;
    r.offset = size - r.length;
    return r;
  }
  std::optional<uint64_t> a = ParseUint(first);
  if (!a) return r;
  std::optional<uint64_t> b;
  if (!last.empty()) {
    b = ParseUint(last);
    if (!b || *b < *a) return r;  // syntactically invalid: ignored, as RFC 9110 asks
  }
  if (*a >= size) {
    r.kind = ByteRange::Kind::kUnsatisfiable;
    return r;
  }
  uint64_t end = (b && *b < size) ? *b : size - 1;
  r.kind = ByteRange::Kind::kSatisfiable;
  r.offset = *a;
  r.length = end - *a + 1;
  return r;
}

}  // namespace edgerun::assets
