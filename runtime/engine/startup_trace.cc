#include "runtime/engine/startup_trace.h"

#include <time.h>

#include <cstdio>
#include <cstdlib>

namespace edgerun::engine {
namespace {

double Ms(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Trace {
  bool enabled = false;
  double wall_origin = 0;
  Trace() {
    const char* env = std::getenv("EDGERUN_TRACE_STARTUP");
    enabled = env != nullptr && env[0] != '\0' && env[0] != '0';
    wall_origin = Ms(CLOCK_MONOTONIC);
    if (enabled) TraceStartup("static-init");
  }
};

// A function-local static would start the clock at the first phase; this one starts it with
// the binary's static initialisers, as early as anything of ours runs.
const Trace g_trace;

}  // namespace

bool StartupTraceEnabled() { return g_trace.enabled; }

void TraceStartup(const char* phase) {
  if (!g_trace.enabled) return;
  std::fprintf(stderr, "startup: %-28s wall=%7.2f cpu=%7.2f\n", phase,
               Ms(CLOCK_MONOTONIC) - g_trace.wall_origin, Ms(CLOCK_PROCESS_CPUTIME_ID));
}

}  // namespace edgerun::engine
