#include "runtime/http/response_head.h"

#include <array>
#include <charconv>
#include <cstring>

#include "runtime/base/ascii.h"

namespace edgerun::http {

namespace {

// Bytes a header line may not carry: in a name, anything but visible ASCII other than ':'; in a
// value, CR, LF and NUL (they would end the line or the head). One table lookup per byte.
enum : uint8_t { kBadInName = 1, kBadInValue = 2 };

constexpr std::array<uint8_t, 256> MakeHeaderByteClasses() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (c <= 0x20 || c >= 0x7f || c == ':') table[c] |= kBadInName;
  }
  table['\r'] |= kBadInValue;
  table['\n'] |= kBadInValue;
  table[0] |= kBadInValue;
  return table;
}
constexpr std::array<uint8_t, 256> kHeaderByteClasses = MakeHeaderByteClasses();

bool NoByteOf(std::string_view text, uint8_t cls) {
  uint8_t seen = 0;
  for (char c : text) seen |= kHeaderByteClasses[static_cast<uint8_t>(c)];
  return (seen & cls) == 0;
}

bool NameIsSafe(std::string_view name) { return !name.empty() && NoByteOf(name, kBadInName); }

// True when some byte of `word` is zero (the usual SWAR test).
constexpr bool HasZeroByte(uint64_t word) {
  return ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
}

// Eight bytes at a time: values are the longer half of a header line.
bool ValueIsSafe(std::string_view value) {
  size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, value.data() + i, 8);
    if (HasZeroByte(word) || HasZeroByte(word ^ 0x0d0d0d0d0d0d0d0dULL) ||
        HasZeroByte(word ^ 0x0a0a0a0a0a0a0a0aULL)) {
      return false;
    }
  }
  return NoByteOf(value.substr(i), kBadInValue);
}

void AppendStatusLine(std::string* out, int status) {
  char code[4] = {static_cast<char>('0' + status / 100 % 10),
                  static_cast<char>('0' + status / 10 % 10), static_cast<char>('0' + status % 10),
                  ' '};
  out->append("HTTP/1.1 ", 9);
  out->append(code, 4);
  out->append(ReasonPhrase(status));
  out->append("\r\n", 2);
}

// What the head does with one of the application's headers.
enum class Disposition : uint8_t { kDrop, kKeep, kKeepDate, kKeepServer };

Disposition Classify(const Header& h) {
  const std::string& n = h.name;
  Disposition keep = Disposition::kKeep;
  switch (n.size()) {
    case 4:
      if (HeaderNameEquals(n, "date")) keep = Disposition::kKeepDate;
      break;
    case 6:
      if (HeaderNameEquals(n, "server")) keep = Disposition::kKeepServer;
      break;
    case 10:
      if (HeaderNameEquals(n, "connection") || HeaderNameEquals(n, "keep-alive")) {
        return Disposition::kDrop;
      }
      break;
    case 14:
      if (HeaderNameEquals(n, "content-length")) return Disposition::kDrop;
      break;
    case 17:
      if (HeaderNameEquals(n, "transfer-encoding")) return Disposition::kDrop;
      break;
    default:
      break;
  }
  return NameIsSafe(n) && ValueIsSafe(h.value) ? keep : Disposition::kDrop;
}

// Writes into a region reserved in advance: the head is measured first, then filled with plain
// copies (one resize instead of a capacity check per piece; this runs once per response).
class HeadWriter {
 public:
  explicit HeadWriter(char* at) : at_(at) {}
  HeadWriter& operator<<(std::string_view s) {
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
    return *this;
  }

 private:
  char* at_;
};

}  // namespace

std::optional<uint64_t> FindContentLength(const HeaderList& headers) {
  for (const Header& h : headers) {
    if (h.name.size() != 14 || !HeaderNameEquals(h.name, "content-length")) continue;
    std::string_view v = h.value;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    uint64_t n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size()) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

ResponsePlan PlanResponse(int status, const ResponseContext& ctx,
                          std::optional<uint64_t> body_length, const HeaderList& headers) {
  ResponsePlan plan;
  plan.close = !ctx.keep_alive;
  if (status < 200 || status == 204 || status == 304) {
    plan.mode = BodyMode::kNone;
  } else if (ctx.head_request) {
    plan.mode = BodyMode::kNone;
    std::optional<uint64_t> app = FindContentLength(headers);
    plan.content_length = app ? app : body_length;
  } else if (body_length) {
    plan.mode = BodyMode::kLength;
    plan.content_length = body_length;
  } else if (ctx.version_minor >= 1) {
    plan.mode = BodyMode::kChunked;
  } else {
    plan.mode = BodyMode::kUntilClose;
    plan.close = true;
  }
  plan.keep_alive_header = !plan.close && ctx.version_minor == 0;
  return plan;
}

void AppendResponseHead(std::string* out, int status, const HeaderList& headers,
                        const ResponsePlan& plan, std::string_view date) {
  constexpr std::string_view kCrlf = "\r\n", kColon = ": ";
  constexpr std::string_view kServer = "Server: edgerun\r\n",
                             kDate = "Date: ", kLength = "Content-Length: ",
                             kChunked = "Transfer-Encoding: chunked\r\n",
                             kClose = "Connection: close\r\n",
                             kKeepAlive = "Connection: keep-alive\r\n";
  const std::string_view reason = ReasonPhrase(status);
  // Which headers stay: a bit each for the first 64 (classified once), the rest classified again
  // while writing.
  uint64_t kept = 0;
  bool has_server = false, has_date = false;
  size_t size = 13 + reason.size() + 2;  // "HTTP/1.1 200 " reason CRLF
  for (size_t i = 0; i < headers.size(); ++i) {
    const Disposition d = Classify(headers[i]);
    if (d == Disposition::kDrop) continue;
    has_date |= d == Disposition::kKeepDate;
    has_server |= d == Disposition::kKeepServer;
    if (i < 64) kept |= uint64_t{1} << i;
    size += headers[i].name.size() + headers[i].value.size() + 4;
  }
  char length_digits[24];
  size_t length_size = 0;
  if (plan.content_length) {
    length_size = static_cast<size_t>(
        std::to_chars(length_digits, length_digits + sizeof length_digits, *plan.content_length)
            .ptr -
        length_digits);
  }
  if (!has_server) size += kServer.size();
  if (!has_date) size += kDate.size() + date.size() + 2;
  if (plan.content_length) size += kLength.size() + length_size + 2;
  if (plan.mode == BodyMode::kChunked) size += kChunked.size();
  if (plan.close) {
    size += kClose.size();
  } else if (plan.keep_alive_header) {
    size += kKeepAlive.size();
  }
  size += 2;

  const size_t start = out->size();
  out->resize(start + size);
  HeadWriter w(out->data() + start);
  const char code[4] = {static_cast<char>('0' + status / 100 % 10),
                        static_cast<char>('0' + status / 10 % 10),
                        static_cast<char>('0' + status % 10), ' '};
  w << "HTTP/1.1 " << std::string_view(code, 4) << reason << kCrlf;
  for (size_t i = 0; i < headers.size(); ++i) {
    const bool keep = i < 64 ? (kept >> i & 1) != 0 : Classify(headers[i]) != Disposition::kDrop;
    if (keep) w << headers[i].name << kColon << headers[i].value << kCrlf;
  }
  if (!has_server) w << kServer;
  if (!has_date) w << kDate << date << kCrlf;
  if (plan.content_length) w << kLength << std::string_view(length_digits, length_size) << kCrlf;
  if (plan.mode == BodyMode::kChunked) w << kChunked;
  if (plan.close) {
    w << kClose;
  } else if (plan.keep_alive_header) {
    w << kKeepAlive;
  }
  w << kCrlf;
}

void AppendErrorResponse(std::string* out, int status, std::string_view detail,
                         std::string_view date) {
  std::string_view phrase = ReasonPhrase(status);
  size_t body_len = phrase.size() + (detail.empty() ? 0 : 2 + detail.size()) + 1;
  AppendStatusLine(out, status);
  out->append("Server: edgerun\r\nDate: ");
  out->append(date);
  out->append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ");
  AppendDecimal(out, body_len);
  out->append("\r\nConnection: close\r\n\r\n");
  out->append(phrase);
  if (!detail.empty()) {
    out->append(": ", 2);
    out->append(detail);
  }
  out->push_back('\n');
}

}  // namespace edgerun::http
