// EDGERUN_TRACE_STARTUP=1: one line per start-up phase on stderr, for finding where the time
// between exec and the first request goes. Off (the default) it costs one branch per phase.
//
//   startup: <phase> wall=<ms since this binary's first static initialiser> cpu=<process CPU ms>
//
// The CPU clock starts at exec, so the first line's cpu= is the dynamic loader's share (mostly
// resolving libnode's symbols), which no wall clock inside the process can see.
#pragma once

namespace edgerun::engine {

bool StartupTraceEnabled();
void TraceStartup(const char* phase);

}  // namespace edgerun::engine
