// How an uncaught exception becomes a log line and a 500 response: in dev an HTML page for
// browsers (Accept: text/html) and plain text for other clients; in serve an empty body.
#pragma once

#include <v8.h>

#include <string>
#include <string_view>

#include "bindings/runtime_state.h"
#include "runtime/http/exchange.h"

namespace edgerun::bindings {

struct ErrorReport {
  std::string message;  // "TypeError: x is not a function"
  std::string stack;    // the stack, or the message when there is none
  std::string file;     // where it was thrown, when known
  int line = 0;
  int column = 0;
};

ErrorReport DescribeException(v8::Isolate* isolate, v8::Local<v8::Context> context,
                              v8::Local<v8::Value> exception);

struct ErrorPage {
  http::HeaderList headers;
  std::string body;
};

ErrorPage RenderErrorPage(ErrorPageMode mode, const ErrorReport& report, std::string_view accept);

std::string HtmlEscape(std::string_view text);

}  // namespace edgerun::bindings
