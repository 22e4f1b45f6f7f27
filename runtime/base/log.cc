#include "runtime/base/log.h"

#include <unistd.h>

#include <atomic>
#include <string>

#include "runtime/base/json_quote.h"

namespace edgerun::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};
std::atomic<Format> g_format{Format::kText};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// {"level":...,"source":...,"message":...[,"request":{...}]}\n
std::string JsonLine(std::string_view level, std::string_view source, std::string_view message,
                     const RequestTag* request) {
  std::string line = "{\"level\":\"";
  line.append(level).append("\",\"source\":\"").append(source).append("\",\"message\":");
  // A message's own trailing newline is framing, not content.
  if (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  line += JsonQuote(message);
  if (request != nullptr) {
    line += ",\"request\":{\"id\":";
    line += std::to_string(request->id);
    line += ",\"method\":";
    line += JsonQuote(request->method);
    line += ",\"path\":";
    line += JsonQuote(request->path);
    line += '}';
  }
  line += "}\n";
  return line;
}

}  // namespace

void SetMinLevel(Level level) { g_min_level = level; }
bool Enabled(Level level) { return level >= g_min_level.load(std::memory_order_relaxed); }
void SetFormat(Format format) { g_format = format; }
Format CurrentFormat() { return g_format.load(std::memory_order_relaxed); }

void WriteLine(int fd, std::string_view line) {
  // One write per line: atomic enough for a pipe or tty up to PIPE_BUF, and in practice beyond.
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

bool StderrIsTty() {
  static const bool tty = isatty(STDERR_FILENO) == 1;
  return tty;
}

void Write(Level level, std::string_view message, const RequestTag* request) {
  if (!Enabled(level)) return;
  if (CurrentFormat() == Format::kJson) {
    WriteLine(STDERR_FILENO, JsonLine(LevelName(level), "runtime", message, request));
    return;
  }
  std::string line;
  line.reserve(message.size() + 16);
  const bool color = StderrIsTty();
  switch (level) {
    case Level::kDebug:
      line += color ? "\x1b[2mdebug\x1b[0m: " : "debug: ";
      break;
    case Level::kInfo:
      break;
    case Level::kWarn:
      line += color ? "\x1b[33mwarning\x1b[0m: " : "warning: ";
      break;
    case Level::kError:
      line += color ? "\x1b[31merror\x1b[0m: " : "error: ";
      break;
  }
  line.append(message);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  if (request != nullptr) {
    line.append(" (").append(request->method).append(" ").append(request->path).append(")");
  }
  line += '\n';
  WriteLine(STDERR_FILENO, line);
}

void Console(int level, std::string_view text, const RequestTag* request) {
  const int fd = level >= 2 ? STDERR_FILENO : STDOUT_FILENO;
  if (CurrentFormat() == Format::kJson) {
    static constexpr const char* kNames[] = {"debug", "log", "warn", "error"};
    WriteLine(fd, JsonLine(kNames[level < 0   ? 0
                                  : level > 3 ? 3
                                              : level],
                           "console", text, request));
    return;
  }
  std::string line(text);
  line += '\n';
  WriteLine(fd, line);
}

}  // namespace edgerun::log
