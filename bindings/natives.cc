#include "bindings/natives.h"

#include "bindings/runtime_state.h"

namespace edgerun::bindings {

void InstallNatives(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> tmpl) {
  NativeObjectBuilder natives(isolate, tmpl);
  InstallConsole(natives);
  InstallTimers(natives);
  InstallEncoding(natives);
  InstallRequest(natives);
  InstallAsyncContext(natives);
  InstallUrl(natives);
  InstallAssets(natives);
}

}  // namespace edgerun::bindings
