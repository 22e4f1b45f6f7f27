#include "runtime/cli/http_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace edgerun::cli {

bool ProbeResponse::Get(const std::string& name, std::string* value) const {
  bool found = false;
  value->clear();
  for (const auto& [n, v] : headers) {
    if (n != name) continue;
    if (found) *value += ", ";
    *value += v;
    found = true;
  }
  return found;
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

// Decodes a chunked body; returns false when it is malformed.
bool Dechunk(const std::string& in, std::string* out) {
  size_t pos = 0;
  while (true) {
    size_t eol = in.find("\r\n", pos);
    if (eol == std::string::npos) return false;
    size_t size = std::strtoul(in.substr(pos, eol - pos).c_str(), nullptr, 16);
    pos = eol + 2;
    if (size == 0) return true;
    if (pos + size > in.size()) return false;
    out->append(in, pos, size);
    pos += size + 2;
  }
}

}  // namespace

Result<ProbeResponse> Probe(uint16_t port, const std::string& method, const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Error{"socket: " + std::string(strerror(errno))};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return Error{"connect: " + std::string(strerror(errno))};
  }
  std::string request = method + " " + target + " HTTP/1.1\r\n";
  bool has_host = false;
  for (const auto& [n, v] : headers) {
    if (Lower(n) == "host") has_host = true;
    request += n + ": " + v + "\r\n";
  }
  if (!has_host) request += "Host: localhost:" + std::to_string(port) + "\r\n";
  if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "Connection: close\r\n\r\n" + body;
  size_t off = 0;
  while (off < request.size()) {
    ssize_t n = send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return Error{"send failed"};
    }
    off += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[65536];
  while (true) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      close(fd);
      return Error{"no complete response within 10 s"};
    }
    if (n == 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return Error{"malformed response: " + raw.substr(0, 200)};
  ProbeResponse response;
  size_t line_end = raw.find("\r\n");
  std::string status_line = raw.substr(0, line_end);
  if (status_line.size() < 12) return Error{"malformed status line: " + status_line};
  response.status = std::atoi(status_line.c_str() + 9);
  size_t pos = line_end + 2;
  while (pos < head_end) {
    size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers.emplace_back(Lower(line.substr(0, colon)), value);
    }
    pos = eol + 2;
  }
  std::string payload = raw.substr(head_end + 4);
  std::string te;
  if (response.Get("transfer-encoding", &te) && Lower(te).find("chunked") != std::string::npos) {
    if (!Dechunk(payload, &response.body)) return Error{"malformed chunked body"};
  } else {
    response.body = std::move(payload);
  }
  return response;
}

}  // namespace edgerun::cli
