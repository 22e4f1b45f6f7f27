// Process-wide logging. Lines are written whole (one write per line), so lines from several
// event-loop threads never interleave mid-line. Not for the access log, which the host writes to
// stdout in its own format.
//
// Two formats, chosen once at start-up: text for people (what `wrangler dev` prints: runtime
// messages on stderr with a level prefix, console output unprefixed) and JSON for machines (one
// object per line; `--log-format json`). Either way a line written on behalf of a request can
// carry a RequestTag: text shows it as " (METHOD path)" on runtime errors, JSON as a "request"
// object on every line, console output included.
#pragma once

#include <cstdint>
#include <string_view>

namespace edgerun::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

void SetMinLevel(Level level);
bool Enabled(Level level);
void SetFormat(Format format);
Format CurrentFormat();

// The request a line belongs to. `id` is unique in the process (it also appears in the JSON
// access log), the views are borrowed for the call.
struct RequestTag {
  uint64_t id = 0;
  std::string_view method;
  std::string_view path;
};

void Write(Level level, std::string_view message, const RequestTag* request = nullptr);

inline void Debug(std::string_view m) { Write(Level::kDebug, m); }
inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

// A worker's console output. `level`: 0 debug, 1 log/info, 2 warn, 3 error; log/info/debug go
// to stdout and warn/error to stderr, as a terminal user of wrangler dev sees them. Text is
// printed as it is; JSON wraps it with its level and request.
void Console(int level, std::string_view text, const RequestTag* request = nullptr);

// Writes `line` to `fd` whole (retrying short writes), so lines of several threads never
// interleave mid-line. For the access log and console output as well as for log lines.
void WriteLine(int fd, std::string_view line);

// True when stderr is a terminal (colour allowed).
bool StderrIsTty();

}  // namespace edgerun::log
