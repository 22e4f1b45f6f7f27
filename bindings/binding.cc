#include "bindings/binding.h"

#include <cstring>

#include "runtime/base/ascii.h"

namespace edgerun::bindings {

v8::Local<v8::String> NewString(v8::Isolate* isolate, std::string_view utf8) {
  // ASCII is valid Latin-1: the one-byte constructor skips V8's UTF-8 decoder.
  if (IsAscii(utf8)) {
    return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(utf8.data()),
                                      v8::NewStringType::kNormal, static_cast<int>(utf8.size()))
        .ToLocalChecked();
  }
  return v8::String::NewFromUtf8(isolate, utf8.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(utf8.size()))
      .ToLocalChecked();
}

v8::Local<v8::String> NewOneByteInternalized(v8::Isolate* isolate, const char* latin1) {
  return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(latin1),
                                    v8::NewStringType::kInternalized)
      .ToLocalChecked();
}

void AssignLatin1(v8::Isolate* isolate, v8::Local<v8::String> s, std::string* out) {
  const int len = s->Length();
  out->resize(static_cast<size_t>(len));
  s->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out->data()), 0, len,
                  v8::String::NO_NULL_TERMINATION);
}

void AssignUtf8(v8::Isolate* isolate, v8::Local<v8::String> s, std::string* out) {
  if (s->IsOneByte()) {
    // Latin-1 that is pure ASCII is already UTF-8 (the common case): one copy, one scan.
    AssignLatin1(isolate, s, out);
    if (IsAscii(*out)) return;
  }
  const int n = s->Utf8Length(isolate);
  out->resize(static_cast<size_t>(n));
  s->WriteUtf8(isolate, out->data(), n, nullptr,
               v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
}

std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (!value->IsString()) {
    v8::String::Utf8Value utf8(isolate, value);
    return std::string(*utf8 ? *utf8 : "", utf8.length());
  }
  std::string out;
  AssignUtf8(isolate, value.As<v8::String>(), &out);
  return out;
}

v8::Local<v8::ArrayBuffer> NewArrayBuffer(v8::Isolate* isolate, std::string_view bytes) {
  auto buffer = v8::ArrayBuffer::New(isolate, bytes.size());
  if (!bytes.empty()) memcpy(buffer->GetBackingStore()->Data(), bytes.data(), bytes.size());
  return buffer;
}

void CallInfo::ThrowTypeError(std::string_view message) const {
  isolate->ThrowException(v8::Exception::TypeError(NewString(isolate, message)));
  const_cast<CallInfo*>(this)->threw = true;
}

void CallInfo::ThrowRangeError(std::string_view message) const {
  isolate->ThrowException(v8::Exception::RangeError(NewString(isolate, message)));
  const_cast<CallInfo*>(this)->threw = true;
}

void CallInfo::ThrowError(std::string_view message) const {
  isolate->ThrowException(v8::Exception::Error(NewString(isolate, message)));
  const_cast<CallInfo*>(this)->threw = true;
}

bool Convert<ByteView>::From(v8::Isolate*, v8::Local<v8::Context>, v8::Local<v8::Value> v,
                             ByteView* out) {
  if (v->IsArrayBufferView()) {
    auto view = v.As<v8::ArrayBufferView>();
    // Data() rather than GetBackingStore(): no shared_ptr (atomic count) per call.
    out->data = static_cast<const uint8_t*>(view->Buffer()->Data()) + view->ByteOffset();
    out->size = view->ByteLength();
    return true;
  }
  if (v->IsArrayBuffer()) {
    auto buffer = v.As<v8::ArrayBuffer>();
    out->data = static_cast<const uint8_t*>(buffer->Data());
    out->size = buffer->ByteLength();
    return true;
  }
  if (v->IsSharedArrayBuffer()) {
    auto store = v.As<v8::SharedArrayBuffer>()->GetBackingStore();
    out->data = static_cast<const uint8_t*>(store->Data());
    out->size = store->ByteLength();
    return true;
  }
  return false;
}

namespace detail {
void ThrowArgumentError(CallInfo& call, size_t index, const char* expected) {
  call.ThrowTypeError("argument " + std::to_string(index + 1) + " must be " + expected);
}
}  // namespace detail

}  // namespace edgerun::bindings
