#include "bindings/error_page.h"

#include "bindings/binding.h"

namespace edgerun::bindings {

ErrorReport DescribeException(v8::Isolate* isolate, v8::Local<v8::Context> context,
                              v8::Local<v8::Value> exception) {
  ErrorReport report;
  report.message = ToStdString(isolate, exception);
  report.stack = report.message;
  if (exception->IsObject()) {
    v8::Local<v8::Value> stack;
    if (exception.As<v8::Object>()
            ->Get(context, NewOneByteInternalized(isolate, "stack"))
            .ToLocal(&stack) &&
        stack->IsString()) {
      report.stack = ToStdString(isolate, stack);
    }
  }
  v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate, exception);
  if (!message.IsEmpty()) {
    report.file = ToStdString(isolate, message->GetScriptResourceName());
    report.line = message->GetLineNumber(context).FromMaybe(0);
    report.column = message->GetStartColumn(context).FromMaybe(-1) + 1;
  }
  return report;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

ErrorPage RenderErrorPage(ErrorPageMode mode, const ErrorReport& report, std::string_view accept) {
  ErrorPage page;
  if (mode == ErrorPageMode::kServe) return page;  // never leak internals to the public
  std::string location;
  if (!report.file.empty() && report.line > 0) {
    location =
        report.file + ":" + std::to_string(report.line) + ":" + std::to_string(report.column);
  }
  if (accept.find("text/html") != std::string_view::npos) {
    page.headers.push_back({"content-type", "text/html; charset=utf-8"});
    page.body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Error: " +
                HtmlEscape(report.message) +
                "</title><style>body{font-family:system-ui,sans-serif;margin:2rem}"
                "pre{background:#f6f6f6;padding:1rem;overflow:auto}</style></head><body>"
                "<h1>Uncaught exception</h1><p><strong>" +
                HtmlEscape(report.message) + "</strong></p>";
    if (!location.empty()) page.body += "<p>at <code>" + HtmlEscape(location) + "</code></p>";
    page.body += "<pre>" + HtmlEscape(report.stack) + "</pre></body></html>\n";
  } else {
    page.headers.push_back({"content-type", "text/plain; charset=utf-8"});
    page.body = report.stack;
    if (!location.empty() && report.stack.find(location) == std::string::npos) {
      page.body += "\n    at " + location;
    }
    page.body += "\n";
  }
  return page;
}

}  // namespace edgerun::bindings
