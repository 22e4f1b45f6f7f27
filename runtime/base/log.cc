#include "runtime/base/log.h"

#include <unistd.h>

#include <atomic>
#include <string>

namespace edgerun::log {
namespace {
std::atomic<Level> g_min_level{Level::kInfo};
}

void SetMinLevel(Level level) { g_min_level = level; }
bool Enabled(Level level) { return level >= g_min_level.load(std::memory_order_relaxed); }

bool StderrIsTty() {
  static const bool tty = isatty(STDERR_FILENO) == 1;
  return tty;
}

void Write(Level level, std::string_view message) {
  if (!Enabled(level)) return;
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
  if (line.empty() || line.back() != '\n') line += '\n';
  // One write per line: atomic enough for stderr (a pipe or tty) up to PIPE_BUF and in practice
  // beyond.
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

}  // namespace edgerun::log
