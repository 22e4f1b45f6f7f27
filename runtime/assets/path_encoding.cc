#include "runtime/assets/path_encoding.h"

#include <cstdint>

namespace edgerun::assets {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads "%XX" at s[i]; -1 when it is not one.
int EscapedByte(std::string_view s, size_t i) {
  if (s.size() < 3 || i > s.size() - 3 || s[i] != '%') return -1;
  int hi = HexValue(s[i + 1]);
  int lo = HexValue(s[i + 2]);
  if (hi < 0 || lo < 0) return -1;
  return hi * 16 + lo;
}

bool IsUnreserved(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

constexpr char kHex[] = "0123456789ABCDEF";

}  // namespace

bool DecodeUriComponent(std::string_view s, std::string* out) {
  std::string result;
  result.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c != '%') {
      result.push_back(c);
      ++i;
      continue;
    }
    int b = EscapedByte(s, i);
    if (b < 0) return false;
    i += 3;
    if (b < 0x80) {
      result.push_back(static_cast<char>(b));
      continue;
    }
    int extra;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07;
    } else {
      return false;  // a continuation byte first, or 0xF8..0xFF
    }
    char bytes[4] = {static_cast<char>(b)};
    for (int k = 1; k <= extra; ++k) {
      if (i >= s.size() || s[i] != '%') return false;
      int cb = EscapedByte(s, i);
      if (cb < 0 || (cb & 0xC0) != 0x80) return false;
      cp = (cp << 6) | static_cast<uint32_t>(cb & 0x3F);
      bytes[k] = static_cast<char>(cb);
      i += 3;
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    result.append(bytes, static_cast<size_t>(extra) + 1);
  }
  *out = std::move(result);
  return true;
}

void AppendEncodedUriComponent(std::string_view text, std::string* out) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out->push_back(ch);
    } else {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    }
  }
}

bool DecodeIsIdentity(std::string_view raw) {
  return raw.find('%') == std::string_view::npos && raw.find("//") == std::string_view::npos;
}

std::string DecodePath(std::string_view raw) {
  std::string joined;
  joined.reserve(raw.size());
  std::string decoded;
  size_t start = 0;
  while (true) {
    size_t slash = raw.find('/', start);
    std::string_view segment =
        raw.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.find('%') != std::string_view::npos && DecodeUriComponent(segment, &decoded)) {
      joined += decoded;
    } else {
      joined += segment;
    }
    if (slash == std::string_view::npos) break;
    joined.push_back('/');
    start = slash + 1;
  }
  // Collapse runs of '/' (decoded %2F included) so no result can read as a protocol-relative URL.
  std::string out;
  out.reserve(joined.size());
  for (char c : joined) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  return out;
}

std::string EncodePath(std::string_view decoded) {
  std::string out;
  out.reserve(decoded.size() + 16);
  size_t start = 0;
  while (true) {
    size_t slash = decoded.find('/', start);
    AppendEncodedUriComponent(
        decoded.substr(start,
                       slash == std::string_view::npos ? std::string_view::npos : slash - start),
        &out);
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

bool EncodesTo(std::string_view decoded, std::string_view raw) {
  size_t j = 0;
  for (char ch : decoded) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '/' || IsUnreserved(c)) {
      if (j >= raw.size() || raw[j] != ch) return false;
      ++j;
    } else {
      if (j + 3 > raw.size() || raw[j] != '%' || raw[j + 1] != kHex[c >> 4] ||
          raw[j + 2] != kHex[c & 0xF]) {
        return false;
      }
      j += 3;
    }
  }
  return j == raw.size();
}

}  // namespace edgerun::assets
