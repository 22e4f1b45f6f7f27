#include "runtime/http/exchange.h"

namespace edgerun::http {

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string_view RequestHead::Get(std::string_view name) const {
  for (const Header& h : headers) {
    if (HeaderNameEquals(h.name, name)) return h.value;
  }
  return {};
}

namespace {
// Offset where the path starts in an absolute-form target ("http://host/p" -> 13), else 0.
size_t PathStart(std::string_view target) {
  if (target.empty() || target[0] == '/') return 0;
  size_t scheme = target.find("://");
  if (scheme == std::string_view::npos) return 0;
  size_t slash = target.find_first_of("/?", scheme + 3);
  return slash == std::string_view::npos ? target.size() : slash;
}
}  // namespace

std::string_view RequestHead::Path() const {
  std::string_view t = target;
  t.remove_prefix(PathStart(t));
  size_t q = t.find('?');
  std::string_view path = q == std::string_view::npos ? t : t.substr(0, q);
  return path.empty() ? std::string_view("/") : path;
}

std::string_view RequestHead::Query() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q);
}

std::string_view RequestHead::Host() const {
  size_t start = PathStart(target);
  if (start > 0) {
    std::string_view t = target;
    size_t auth = t.find("://") + 3;
    return t.substr(auth, start - auth);
  }
  return Get("host");
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 203:
      return "Non-Authoritative Information";
    case 204:
      return "No Content";
    case 205:
      return "Reset Content";
    case 206:
      return "Partial Content";
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 407:
      return "Proxy Authentication Required";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 418:
      return "I'm a teapot";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Entity";
    case 425:
      return "Too Early";
    case 426:
      return "Upgrade Required";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 451:
      return "Unavailable For Legal Reasons";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";
  }
}

}  // namespace edgerun::http
