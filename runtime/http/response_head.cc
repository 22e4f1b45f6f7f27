#include "runtime/http/response_head.h"

#include <charconv>

#include "runtime/base/ascii.h"

namespace edgerun::http {

namespace {

bool NameIsSafe(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == ':') return false;
  }
  return true;
}

bool ValueIsSafe(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
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
  AppendStatusLine(out, status);
  bool has_server = false, has_date = false;
  for (const Header& h : headers) {
    const std::string& n = h.name;
    switch (n.size()) {
      case 4:
        if (HeaderNameEquals(n, "date")) has_date = true;
        break;
      case 6:
        if (HeaderNameEquals(n, "server")) has_server = true;
        break;
      case 10:
        if (HeaderNameEquals(n, "connection") || HeaderNameEquals(n, "keep-alive")) continue;
        break;
      case 14:
        if (HeaderNameEquals(n, "content-length")) continue;
        break;
      case 17:
        if (HeaderNameEquals(n, "transfer-encoding")) continue;
        break;
      default:
        break;
    }
    if (!NameIsSafe(n) || !ValueIsSafe(h.value)) continue;
    out->append(n);
    out->append(": ", 2);
    out->append(h.value);
    out->append("\r\n", 2);
  }
  if (!has_server) out->append("Server: edgerun\r\n");
  if (!has_date) {
    out->append("Date: ", 6);
    out->append(date);
    out->append("\r\n", 2);
  }
  if (plan.content_length) {
    out->append("Content-Length: ", 16);
    AppendDecimal(out, *plan.content_length);
    out->append("\r\n", 2);
  }
  if (plan.mode == BodyMode::kChunked) out->append("Transfer-Encoding: chunked\r\n");
  if (plan.close) {
    out->append("Connection: close\r\n");
  } else if (plan.keep_alive_header) {
    out->append("Connection: keep-alive\r\n");
  }
  out->append("\r\n", 2);
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
