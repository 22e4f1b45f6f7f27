// Native half of `console` (js/internal/console.js formats; this writes whole lines).
#include "bindings/binding.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"
#include "runtime/base/log.h"

namespace edgerun::bindings {
namespace {

// level: 0 debug, 1 log/info, 2 warn, 3 error (see log::Console). The line is attributed to the
// request whose code printed it, found through the async context frame.
void ConsolePrint(CallInfo& call, int32_t level, const std::string& line) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* request = state->FindRequest(state->CurrentRequestId());
  if (request == nullptr) return log::Console(level, line);
  const log::RequestTag tag = request->Tag();
  log::Console(level, line, &tag);
}

}  // namespace

void InstallConsole(NativeObjectBuilder& natives) {
  natives.Function<&ConsolePrint>("consolePrint");
}

}  // namespace edgerun::bindings
