// Native half of the request/response plumbing (js/internal/dispatch.js): reading the incoming
// request's headers and body, and writing the Response back to the HTTP exchange.
//
// JS refers to an in-flight request by its numeric id; the RuntimeState owns the request, so a
// JS object that outlives it can never reach freed memory (the id simply no longer resolves).
#include <tuple>

#include "bindings/binding.h"
#include "bindings/error_page.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"
#include "runtime/base/log.h"

namespace edgerun::bindings {
namespace {

// [name0, value0, name1, value1, ...] of the request head, names lower-cased as Headers keeps them.
Value RequestHeaders(CallInfo& call, uint32_t id) {
  InflightRequest* req = RuntimeState::From(call.isolate)->FindRequest(id);
  if (req == nullptr) return v8::Array::New(call.isolate, 0);
  const http::HeaderList& headers = req->exchange->head().headers;
  std::vector<v8::Local<v8::Value>> flat;
  flat.reserve(headers.size() * 2);
  std::string lower;
  for (const http::Header& h : headers) {
    lower.assign(h.name);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    flat.emplace_back(NewString(call.isolate, lower));
    flat.emplace_back(NewString(call.isolate, h.value));
  }
  return v8::Array::New(call.isolate, flat.data(), flat.size());
}

bool RequestHasBody(CallInfo& call, uint32_t id) {
  InflightRequest* req = RuntimeState::From(call.isolate)->FindRequest(id);
  return req != nullptr && req->exchange->head().has_body;
}

struct BodyRead {
  RuntimeState* state;
  uint32_t id;
  v8::Global<v8::Promise::Resolver> resolver;
  std::string data;
};

void ContinueRead(BodyRead* read);

void OnChunk(BodyRead* read, http::BodyChunk chunk) {
  if (chunk.error.empty() && !chunk.done) {
    read->data += chunk.data;
    ContinueRead(read);
    return;
  }
  if (chunk.error.empty()) read->data += chunk.data;
  RuntimeState* state = read->state;
  state->RunMacrotask([&] {
    v8::Isolate* isolate = state->isolate();
    v8::Local<v8::Context> context = state->context();
    v8::Local<v8::Promise::Resolver> resolver = read->resolver.Get(isolate);
    if (!chunk.error.empty()) {
      std::ignore = resolver->Reject(
          context, v8::Exception::TypeError(
                       NewString(isolate, "request body could not be read: " + chunk.error)));
    } else {
      std::ignore = resolver->Resolve(context, NewArrayBuffer(isolate, read->data));
    }
  });
  delete read;
}

void ContinueRead(BodyRead* read) {
  InflightRequest* req = read->state->FindRequest(read->id);
  if (req == nullptr) {
    OnChunk(read, http::BodyChunk{{}, true, "the request is over"});
    return;
  }
  req->exchange->ReadBody([read](http::BodyChunk chunk) { OnChunk(read, std::move(chunk)); });
}

// Reads the whole request body; resolves with an ArrayBuffer.
Value ReadRequestBody(CallInfo& call, uint32_t id) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  auto resolver = v8::Promise::Resolver::New(call.context).ToLocalChecked();
  auto* read =
      new BodyRead{state, id, v8::Global<v8::Promise::Resolver>(call.isolate, resolver), {}};
  ContinueRead(read);
  return resolver->GetPromise();
}

// [name, value, ...] from JS into a header list; false when reading it threw.
bool ReadHeaderList(CallInfo& call, Value headers, http::HeaderList* list) {
  if (!headers->IsArray()) return true;
  auto array = headers.As<v8::Array>();
  const uint32_t n = array->Length();
  list->reserve(n / 2);
  for (uint32_t i = 0; i + 1 < n; i += 2) {
    v8::Local<v8::Value> name, value;
    if (!array->Get(call.context, i).ToLocal(&name) ||
        !array->Get(call.context, i + 1).ToLocal(&value)) {
      return false;
    }
    list->push_back({ToStdString(call.isolate, name), ToStdString(call.isolate, value)});
  }
  return true;
}

// ---- Streamed responses: respondStart, then respondWrite per chunk, then respondEnd ----------

// Starts a streamed response; `length` (a number) is announced as Content-Length, else chunked.
void RespondStart(CallInfo& call, uint32_t id, int32_t status, Value headers, Value length) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr || req->responded) return;
  req->MarkResponded();
  req->streaming = true;
  http::HeaderList list;
  if (!ReadHeaderList(call, headers, &list)) return;
  std::optional<uint64_t> content_length;
  if (length->IsNumber()) content_length = static_cast<uint64_t>(length.As<v8::Number>()->Value());
  req->exchange->StartResponse(status, std::move(list), content_length);
}

// Queues a chunk. Returns 0 to go on, 1 when the client is slow (await drainPromise first), and
// 2 when the client has gone (the stream should be cancelled).
int32_t RespondWrite(CallInfo& call, uint32_t id, ByteView chunk) {
  InflightRequest* req = RuntimeState::From(call.isolate)->FindRequest(id);
  if (req == nullptr || !req->streaming || req->exchange->aborted()) return 2;
  return req->exchange->WriteBody(std::string(chunk.AsString())) ? 0 : 1;
}

// Resolves once the exchange can take more bytes (or the client has gone).
Value DrainPromise(CallInfo& call, uint32_t id) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  auto resolver = v8::Promise::Resolver::New(call.context).ToLocalChecked();
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr || req->exchange->aborted()) {
    std::ignore = resolver->Resolve(call.context, v8::Undefined(call.isolate));
    return resolver->GetPromise();
  }
  auto keep = std::make_shared<v8::Global<v8::Promise::Resolver>>(call.isolate, resolver);
  auto settle = [state, keep] {
    if (keep->IsEmpty()) return;
    state->RunMacrotask([&] {
      std::ignore =
          keep->Get(state->isolate())->Resolve(state->context(), v8::Undefined(state->isolate()));
    });
    keep->Reset();
  };
  req->exchange->SetDrainCallback(settle);
  req->exchange->SetAbortCallback(settle);
  return resolver->GetPromise();
}

void RespondEnd(CallInfo& call, uint32_t id, bool finish) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr) return;
  if (req->streaming && !req->exchange->aborted()) req->exchange->EndResponse();
  req->streaming = false;
  if (finish) state->FinishRequest(id);
}

// Writes a complete response. `headers` is [name, value, ...]; `body` is a string, an
// ArrayBuffer(View) or null/undefined.
// With `finish`, the request's context ends too (no waitUntil work is pending).
void Respond(CallInfo& call, uint32_t id, int32_t status, Value headers, Value body, bool finish) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr) return;
  if (req->responded) {
    // Answered already (a 504 after the request timeout, or the client went away): the worker's
    // late answer is dropped, but its request context still ends when it says so.
    if (finish) state->FinishRequest(id);
    return;
  }
  req->MarkResponded();
  http::HeaderList list;
  if (!ReadHeaderList(call, headers, &list)) return;
  std::string bytes;
  if (body->IsString()) {
    bytes = ToStdString(call.isolate, body);
  } else if (body->IsArrayBufferView() || body->IsArrayBuffer()) {
    ByteView view;
    Convert<ByteView>::From(call.isolate, call.context, body, &view);
    bytes.assign(reinterpret_cast<const char*>(view.data), view.size);
  }
  req->exchange->Respond(status, std::move(list), std::move(bytes));
  if (finish) state->FinishRequest(id);
}

// The handler threw or its promise rejected: log it with the request, then answer 500 (an error
// page in dev, empty in serve) unless the response was already sent.
void RespondException(CallInfo& call, uint32_t id, Value exception) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  ErrorReport report = DescribeException(call.isolate, call.context, exception);
  std::string where;
  if (req != nullptr) {
    where = " (" + req->exchange->head().method + " " + req->exchange->head().target + ")";
  }
  log::Error("Uncaught " + report.stack + where);
  if (req == nullptr || req->responded) return;
  req->MarkResponded();
  ErrorPage page =
      RenderErrorPage(state->error_page_mode(), report, req->exchange->head().Get("accept"));
  req->exchange->Respond(500, std::move(page.headers), std::move(page.body));
}

// Responds 500 with a message (not an exception): a handler that returned a non-Response.
void RespondInternalError(CallInfo& call, uint32_t id, const std::string& message) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  std::string where;
  if (req != nullptr) {
    where = " (" + req->exchange->head().method + " " + req->exchange->head().target + ")";
  }
  log::Error(message + where);
  if (req == nullptr || req->responded) return;
  req->MarkResponded();
  ErrorReport report{message, message, "", 0, 0};
  ErrorPage page =
      RenderErrorPage(state->error_page_mode(), report, req->exchange->head().Get("accept"));
  req->exchange->Respond(500, std::move(page.headers), std::move(page.body));
}

// ctx.passThroughOnException() was called and the handler failed: hand the request to the
// origin. Returns false when there is no origin (the caller then answers 500).
bool PassThrough(CallInfo& call, uint32_t id) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr || req->responded || !req->pass_through) return false;
  req->MarkResponded();
  req->pass_through(req->exchange);
  return true;
}

// The request's context is over (response sent and waitUntil work settled).
void FinishRequest(CallInfo& call, uint32_t id) {
  RuntimeState::From(call.isolate)->FinishRequest(id);
}

}  // namespace

void InstallRequest(NativeObjectBuilder& natives) {
  natives.Function<&RequestHeaders>("requestHeaders")
      .Function<&RequestHasBody>("requestHasBody")
      .Function<&ReadRequestBody>("readRequestBody")
      .Function<&Respond>("respond")
      .Function<&RespondStart>("respondStart")
      .Function<&RespondWrite>("respondWrite")
      .Function<&DrainPromise>("drainPromise")
      .Function<&RespondEnd>("respondEnd")
      .Function<&RespondException>("respondException")
      .Function<&RespondInternalError>("respondInternalError")
      .Function<&PassThrough>("passThrough")
      .Function<&FinishRequest>("finishRequest");
}

}  // namespace edgerun::bindings
