// Process-wide logging to stderr. Lines are written whole (one write per line), so lines from
// several event-loop threads never interleave mid-line. Not for the access log, which the host
// writes to stdout in its own format.
#pragma once

#include <string_view>

namespace edgerun::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void SetMinLevel(Level level);
bool Enabled(Level level);
void Write(Level level, std::string_view message);

inline void Debug(std::string_view m) { Write(Level::kDebug, m); }
inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

// True when stderr is a terminal (colour allowed).
bool StderrIsTty();

}  // namespace edgerun::log
