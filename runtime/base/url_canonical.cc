#include "runtime/base/url_canonical.h"

#include <array>
#include <cstdint>

namespace edgerun::url {
namespace {

// Which bytes may appear as they are, per component, in a canonical URL this scan accepts.
// Narrower than what the parser keeps (it keeps e.g. "[" or "|" in a path): anything outside
// these sets goes to the parser, which knows the exact percent-encode sets.
enum : uint8_t {
  kHostByte = 1,   // a-z 0-9 - .  (a domain that UTS #46 maps to itself; no upper case)
  kPathByte = 2,   // unreserved, sub-delims, ":", "@", "%" (not "/": see the path loop)
  kQueryByte = 4,  // the path's set without "'" (encoded in special queries), plus "?"
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = kHostByte | kPathByte | kQueryByte;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = kPathByte | kQueryByte;
  for (int c = '0'; c <= '9'; ++c) table[c] = kHostByte | kPathByte | kQueryByte;
  table['-'] = table['.'] = kHostByte | kPathByte | kQueryByte;
  for (char c : std::string_view("_~!$&()*+,;=:@%"))
    table[static_cast<uint8_t>(c)] |= kPathByte | kQueryByte;
  table['/'] = kQueryByte;  // in a path, "/" starts a segment and is looked at on its own
  table['\''] = kPathByte;
  table['?'] = kQueryByte;
  return table;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

bool Is(char c, uint8_t cls) { return (kClasses[static_cast<uint8_t>(c)] & cls) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A dotted-quad that the IPv4 serialiser reproduces: four decimal parts 0-255, no leading
// zeros, no trailing dot.
bool IsCanonicalIpv4(std::string_view host) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    unsigned value = 0;
    while (i < host.size() && IsDigit(host[i])) value = value * 10 + (host[i++] - '0');
    size_t len = i - start;
    if (len == 0 || len > 3 || value > 255 || (len > 1 && host[start] == '0')) return false;
    ++parts;
    if (i == host.size()) return parts == 4;
    if (host[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// The host (between "//" and the port or path) is a domain the host parser returns unchanged, or
// a canonical IPv4 address. https://url.spec.whatwg.org/#concept-host-parser: an ASCII domain
// with no "xn--" label is only lower-cased by domain-to-ASCII; a host whose last label "ends in
// a number" (all digits, or 0x...) goes to the IPv4 parser, which only reproduces a dotted quad.
// Scans from `from` to the first byte that is not a host byte; returns where the host ends, or
// npos when it is not such a host.
size_t ScanCanonicalHost(std::string_view input, size_t from) {
  const char* d = input.data();
  const size_t n = input.size();
  size_t label = from, prev_label = from;  // where the last label, and the one before, start
  size_t i = from;
  for (; i < n; ++i) {
    const char c = d[i];
    if (!Is(c, kHostByte)) break;
    if (c == '.') {
      prev_label = label;
      label = i + 1;
    } else if (c == 'x' && i == label && input.substr(i, 4) == "xn--") {
      return std::string_view::npos;
    }
  }
  if (i == from) return std::string_view::npos;
  // The last label, ignoring one trailing empty label ("example.com.").
  size_t last = label, last_end = i;
  if (last == last_end && i - from > 1) {
    last = prev_label;
    last_end = label - 1;
  }
  if (last == last_end) return i;
  bool all_digits = true;
  for (size_t k = last; k < last_end; ++k) all_digits = all_digits && IsDigit(d[k]);
  if (all_digits) return IsCanonicalIpv4(input.substr(from, i - from)) ? i : std::string_view::npos;
  if (last_end - last >= 2 && d[last] == '0' && d[last + 1] == 'x') return std::string_view::npos;
  return i;
}

// A path segment the parser treats as "." or ".." (including %2e spellings) starts with "." or
// "%2e"; such paths go to the parser, which removes them.
bool MayBeDotSegment(std::string_view segment) {
  return segment.starts_with('.') || segment.starts_with("%2e") || segment.starts_with("%2E");
}

}  // namespace

bool ScanCanonicalHttpUrl(std::string_view input, UrlOffsets* offsets) {
  size_t scheme_end;  // the index of ':'
  uint32_t default_port;
  if (input.starts_with("http://")) {
    scheme_end = 4;
    default_port = 80;
  } else if (input.starts_with("https://")) {
    scheme_end = 5;
    default_port = 443;
  } else {
    return false;
  }
  const size_t host_start = scheme_end + 3;
  const size_t host_end = ScanCanonicalHost(input, host_start);
  if (host_end == std::string_view::npos) return false;
  size_t i = host_end;
  if (i < input.size() && input[i] != ':' && input[i] != '/') return false;
  if (i < input.size() && input[i] == ':') {
    const size_t port_start = ++i;
    uint32_t port = 0;
    while (i < input.size() && IsDigit(input[i]) && port <= 65535)
      port = port * 10 + (input[i++] - '0');
    const size_t len = i - port_start;
    if (len == 0 || port > 65535 || port == default_port || (len > 1 && input[port_start] == '0')) {
      return false;
    }
  }
  if (i == input.size() || input[i] != '/') return false;  // the parser would add the "/"
  const size_t path_start = i;
  size_t search_start = input.size();
  const char* const data = input.data();
  const size_t n = input.size();
  while (i < n) {
    // At a "/": the segment after it.
    if (MayBeDotSegment(input.substr(i + 1))) return false;
    ++i;
    while (i < n && Is(data[i], kPathByte)) ++i;
    if (i == n || data[i] == '/') continue;
    if (data[i] != '?') return false;
    search_start = i++;
    while (i < n && Is(data[i], kQueryByte)) ++i;
    if (i != n) return false;
  }
  offsets->protocol_end = static_cast<uint32_t>(scheme_end + 1);
  offsets->username_start = offsets->username_end = offsets->host_start =
      static_cast<uint32_t>(host_start);
  offsets->host_end = static_cast<uint32_t>(host_end);
  offsets->path_start = static_cast<uint32_t>(path_start);
  offsets->search_start = static_cast<uint32_t>(search_start);
  offsets->hash_start = static_cast<uint32_t>(input.size());
  return true;
}

}  // namespace edgerun::url
