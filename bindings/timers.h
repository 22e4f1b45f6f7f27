// Timer bookkeeping that the engine must see: closing every timer of an isolate at disposal.
#pragma once

namespace edgerun::bindings {

class RuntimeState;
struct TimerTable;

// Stops and frees every pending timer of the isolate (before it is disposed).
void CloseAllTimers(RuntimeState* state);

}  // namespace edgerun::bindings
