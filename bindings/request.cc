// Native half of the request/response plumbing (js/internal/dispatch.js): reading the incoming
// request's headers and body, and writing the Response back to the HTTP exchange.
//
// JS refers to an in-flight request by its numeric id; the RuntimeState owns the request, so a
// JS object that outlives it can never reach freed memory (the id simply no longer resolves).
#include <algorithm>
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
  state->RunMacrotask(
      [&] {
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
      },
      read->id);
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

// The response headers follow the fixed arguments as name, value, name, value ... (JS spreads
// its flat list into the call; a list longer than kMaxSpreadHeaders comes as one array): each is
// one argument read, no array element lookups. They are ByteStrings, so they are copied as Latin-1
// into `list`, whose strings keep their capacity from one request to the next when `list` is
// reused.
void ReadHeaderArgs(CallInfo& call, int first, http::HeaderList* list) {
  if (call.info.Length() == first + 1 && call.info[first]->IsArray()) {
    // A long list comes as one array instead (spreading it would overflow the stack).
    auto array = call.info[first].As<v8::Array>();
    const uint32_t n = array->Length() / 2;
    list->resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      v8::Local<v8::Value> name, value;
      if (!array->Get(call.context, 2 * i).ToLocal(&name) ||
          !array->Get(call.context, 2 * i + 1).ToLocal(&value)) {
        list->resize(i);
        return;
      }
      (*list)[i] = {ToStdString(call.isolate, name), ToStdString(call.isolate, value)};
    }
    return;
  }
  const int n = (call.info.Length() - first) / 2;
  list->resize(static_cast<size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) {
    v8::Local<v8::Value> name = call.info[first + 2 * i];
    v8::Local<v8::Value> value = call.info[first + 2 * i + 1];
    http::Header& header = (*list)[static_cast<size_t>(i)];
    if (name->IsString() && value->IsString()) {
      AssignLatin1(call.isolate, name.As<v8::String>(), &header.name);
      AssignLatin1(call.isolate, value.As<v8::String>(), &header.value);
    } else {
      header.name = ToStdString(call.isolate, name);
      header.value = ToStdString(call.isolate, value);
    }
  }
}

// What Respond reuses from one request to the next on this thread.
struct ResponseScratch {
  http::HeaderList headers;
  std::string body;
};

// ---- Streamed responses: respondStart, then respondWrite per chunk, then respondEnd ----------

// Starts a streamed response: respondStart(id, status, length, name, value, ...). `length` (a
// number) is announced as Content-Length, else the body is chunked.
void RespondStart(CallInfo& call, uint32_t id, int32_t status, Value length) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr || req->responded) return;
  req->MarkResponded(state->loop());
  req->streaming = true;
  http::HeaderList list;
  ReadHeaderArgs(call, 3, &list);
  std::optional<uint64_t> content_length;
  if (length->IsNumber()) content_length = static_cast<uint64_t>(length.As<v8::Number>()->Value());
  state->AnnotateExchange(req);
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
  auto settle = [state, keep, id] {
    if (keep->IsEmpty()) return;
    state->RunMacrotask(
        [&] {
          std::ignore = keep->Get(state->isolate())
                            ->Resolve(state->context(), v8::Undefined(state->isolate()));
        },
        id);
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
  if (req->streaming && !req->exchange->aborted()) {
    state->AnnotateExchange(req);
    req->exchange->EndResponse();
  }
  req->streaming = false;
  if (finish) state->FinishRequest(id);
}

// Writes a complete response: respond(id, status, body, finish, name, value, ...). `body` is a
// string, an ArrayBuffer(View) or null/undefined. With `finish`, the request's context ends too
// (no waitUntil work is pending). Headers and a string body go through buffers reused for every
// request; bytes are written straight from the ArrayBuffer.
void Respond(CallInfo& call, uint32_t id, int32_t status, Value body, bool finish) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  if (req == nullptr) return;
  if (req->responded) {
    // Answered already (a 504 after the request timeout, or the client went away): the worker's
    // late answer is dropped, but its request context still ends when it says so.
    if (finish) state->FinishRequest(id);
    return;
  }
  req->MarkResponded(state->loop());
  thread_local ResponseScratch scratch;
  ReadHeaderArgs(call, 4, &scratch.headers);
  std::string_view bytes;
  if (body->IsString()) {
    AssignUtf8(call.isolate, body.As<v8::String>(), &scratch.body);
    bytes = scratch.body;
  } else {
    ByteView view;
    if (Convert<ByteView>::From(call.isolate, call.context, body, &view)) bytes = view.AsString();
  }
  state->AnnotateExchange(req);
  req->exchange->RespondBorrowed(status, scratch.headers, bytes);
  // A huge body would otherwise keep its memory for the life of the thread.
  if (scratch.body.capacity() > (64u << 10)) std::string().swap(scratch.body);
  if (finish) state->FinishRequest(id);
}

// The handler threw or its promise rejected: log it with the request, then answer 500 (an error
// page in dev, empty in serve) unless the response was already sent.
void RespondException(CallInfo& call, uint32_t id, Value exception) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  ErrorReport report = DescribeException(call.isolate, call.context, exception);
  const log::RequestTag tag = req != nullptr ? req->Tag() : log::RequestTag{};
  log::Write(log::Level::kError, "Uncaught " + report.stack, req != nullptr ? &tag : nullptr);
  if (req == nullptr || req->responded) return;
  req->MarkResponded(state->loop());
  state->AnnotateExchange(req);
  ErrorPage page =
      RenderErrorPage(state->error_page_mode(), report, req->exchange->head().Get("accept"));
  req->exchange->Respond(500, std::move(page.headers), std::move(page.body));
}

// Responds 500 with a message (not an exception): a handler that returned a non-Response.
void RespondInternalError(CallInfo& call, uint32_t id, const std::string& message) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  InflightRequest* req = state->FindRequest(id);
  const log::RequestTag tag = req != nullptr ? req->Tag() : log::RequestTag{};
  log::Write(log::Level::kError, message, req != nullptr ? &tag : nullptr);
  if (req == nullptr || req->responded) return;
  req->MarkResponded(state->loop());
  state->AnnotateExchange(req);
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
  req->MarkResponded(state->loop());
  state->AnnotateExchange(req);
  req->pass_through(req->exchange);
  return true;
}

// The value of `promise` when it is a promise that has already fulfilled, else `otherwise`. An
// async fetch() that never awaits returns such a promise: its Response can be sent at once
// instead of one microtask turn and two closures later.
Value FulfilledValue(Value promise, Value otherwise) {
  if (!promise->IsPromise()) return otherwise;
  auto p = promise.As<v8::Promise>();
  return p->State() == v8::Promise::kFulfilled ? p->Result() : otherwise;
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
      .Function<&FulfilledValue>("fulfilledValue")
      .Function<&FinishRequest>("finishRequest");
}

}  // namespace edgerun::bindings
