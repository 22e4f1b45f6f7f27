// The list of native modules: each bindings/<api>.cc exposes one Install function, called by
// InstallNatives (natives.cc) to fill the internal binding object that js/ imports as
// "edgerun:native". User code never sees that object.
#pragma once

#include "bindings/binding.h"

namespace edgerun::bindings {

void InstallConsole(NativeObjectBuilder& natives);
void InstallTimers(NativeObjectBuilder& natives);
void InstallEncoding(NativeObjectBuilder& natives);
void InstallRequest(NativeObjectBuilder& natives);
void InstallAsyncContext(NativeObjectBuilder& natives);
void InstallUrl(NativeObjectBuilder& natives);
void InstallAssets(NativeObjectBuilder& natives);

}  // namespace edgerun::bindings
