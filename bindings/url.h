// What the engine asks of the URL binding (bindings/url.cc) outside a JS call.
#pragma once

#include "bindings/runtime_state.h"
#include "runtime/base/url.h"

namespace edgerun::bindings {

// Stores a canonical request URL's components where js/internal/url.js reads them for
// `new URL(request.url)` (RuntimeState::request_url_offsets); nothing before url.js registered it.
void WriteRequestUrlOffsets(RuntimeState* state, const url::UrlOffsets& offsets);

}  // namespace edgerun::bindings
