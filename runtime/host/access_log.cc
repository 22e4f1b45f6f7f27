#include "runtime/host/access_log.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "runtime/base/json_quote.h"
#include "runtime/base/log.h"

namespace edgerun::host {

namespace {

bool StdoutIsTty() {
  static const bool tty = isatty(STDOUT_FILENO) == 1;
  return tty;
}

}  // namespace

void WritePrettyAccessLine(const http::AccessRecord& r) {
  char timing[64];
  std::snprintf(timing, sizeof timing, " (%.1fms, %llu B)", r.duration_ms,
                static_cast<unsigned long long>(r.body_bytes));
  std::string line;
  line.reserve(r.method.size() + r.target.size() + 64);
  line.append(r.method).append(" ").append(r.target).append(" ");
  const std::string status =
      std::to_string(r.status) + " " + std::string(http::ReasonPhrase(r.status));
  if (StdoutIsTty()) {
    const char* color = r.status >= 500   ? "\x1b[31m"
                        : r.status >= 400 ? "\x1b[33m"
                        : r.status >= 300 ? "\x1b[36m"
                                          : "\x1b[32m";
    line.append(color).append(status).append("\x1b[0m");
  } else {
    line.append(status);
  }
  line.append(timing).append("\n");
  log::WriteLine(STDOUT_FILENO, line);
}

void WriteJsonAccessLine(const http::AccessRecord& r) {
  std::string line = "{\"method\":";
  line += JsonQuote(r.method);
  line += ",\"path\":";
  line += JsonQuote(r.target);
  char rest[192];
  std::snprintf(rest, sizeof rest, ",\"status\":%d,\"duration_ms\":%.3f,\"bytes\":%llu", r.status,
                r.duration_ms, static_cast<unsigned long long>(r.body_bytes));
  line += rest;
  if (r.annotations != nullptr && r.annotations->request_id != 0) {
    // The worker's part: joins this line to the request's console and error lines.
    std::snprintf(rest, sizeof rest, ",\"request_id\":%llu,\"cpu_ms\":%.3f,\"subrequests\":%u",
                  static_cast<unsigned long long>(r.annotations->request_id),
                  static_cast<double>(r.annotations->cpu_ns) / 1e6, r.annotations->subrequests);
    line += rest;
  }
  line += "}\n";
  log::WriteLine(STDOUT_FILENO, line);
}

}  // namespace edgerun::host
