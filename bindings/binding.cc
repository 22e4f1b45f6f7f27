#include "bindings/binding.h"

namespace edgerun::bindings {

v8::Local<v8::String> NewString(v8::Isolate* isolate, std::string_view utf8) {
  return v8::String::NewFromUtf8(isolate, utf8.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(utf8.size()))
      .ToLocalChecked();
}

v8::Local<v8::String> NewOneByteInternalized(v8::Isolate* isolate, const char* latin1) {
  return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(latin1),
                                    v8::NewStringType::kInternalized)
      .ToLocalChecked();
}

std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (!value->IsString()) {
    v8::String::Utf8Value utf8(isolate, value);
    return std::string(*utf8 ? *utf8 : "", utf8.length());
  }
  v8::Local<v8::String> s = value.As<v8::String>();
  std::string out;
  if (s->IsOneByte() && s->ContainsOnlyOneByte()) {
    // Latin-1 strings that are pure ASCII copy straight across (the common case for headers).
    const int len = s->Length();
    out.resize(static_cast<size_t>(len));
    s->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0, len,
                    v8::String::NO_NULL_TERMINATION);
    bool ascii = true;
    for (unsigned char c : out) {
      if (c >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return out;
  }
  const int n = s->Utf8Length(isolate);
  out.resize(static_cast<size_t>(n));
  s->WriteUtf8(isolate, out.data(), n, nullptr,
               v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
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
    auto store = view->Buffer()->GetBackingStore();
    out->data = static_cast<const uint8_t*>(store->Data()) + view->ByteOffset();
    out->size = view->ByteLength();
    return true;
  }
  if (v->IsArrayBuffer()) {
    auto store = v.As<v8::ArrayBuffer>()->GetBackingStore();
    out->data = static_cast<const uint8_t*>(store->Data());
    out->size = store->ByteLength();
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
