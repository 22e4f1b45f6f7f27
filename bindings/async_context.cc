// Native half of the async context (js/internal/async_context.js): V8's continuation-preserved
// embedder data, which V8 carries from the code that creates a promise reaction to the code that
// runs it. AsyncLocalStorage keeps its frame there; the engine keeps the request id there.
#include "bindings/binding.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"

namespace edgerun::bindings {
namespace {

Value GetContinuationData(CallInfo& call) {
  return call.context->GetContinuationPreservedEmbedderData();
}

void SetContinuationData(CallInfo& call, Value value) {
  call.context->SetContinuationPreservedEmbedderData(value);
}

// Sets the frame and returns the one it replaces (runInFrame: one call instead of two).
Value SwapContinuationData(CallInfo& call, Value value) {
  Value previous = call.context->GetContinuationPreservedEmbedderData();
  call.context->SetContinuationPreservedEmbedderData(value);
  return previous;
}

// Tells the engine under which key a frame Map keeps the request id (see CurrentRequestId).
void SetRequestKey(CallInfo& call, Value key) {
  RuntimeState::From(call.isolate)->SetRequestKey(key);
}

}  // namespace

void InstallAsyncContext(NativeObjectBuilder& natives) {
  natives.Function<&GetContinuationData>("getContinuationData")
      .Function<&SetContinuationData>("setContinuationData")
      .Function<&SwapContinuationData>("swapContinuationData")
      .Function<&SetRequestKey>("setRequestKey");
}

}  // namespace edgerun::bindings
