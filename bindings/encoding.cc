// Native half of UTF-8 text coding, used by TextEncoder/TextDecoder and body.text().
#include "bindings/binding.h"
#include "bindings/natives.h"

namespace edgerun::bindings {
namespace {

bool IsValidUtf8(const uint8_t* p, size_t size) {
  const uint8_t* end = p + size;
  while (p < end) {
    const uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    const int n = (c >= 0xC2 && c <= 0xDF)   ? 1
                  : (c >= 0xE0 && c <= 0xEF) ? 2
                  : (c >= 0xF0 && c <= 0xF4) ? 3
                                             : -1;
    if (n < 0 || end - p <= n) return false;
    uint8_t lo = 0x80, hi = 0xBF;  // the second byte's range narrows for some leads
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
    else if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
    if (p[1] < lo || p[1] > hi) return false;
    for (int k = 2; k <= n; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
    }
    p += n + 1;
  }
  return true;
}

// Decodes UTF-8 with U+FFFD for invalid sequences (WHATWG "UTF-8 decode"; the BOM is handled in
// JS). With `fatal`, invalid input throws a TypeError instead.
Value Utf8Decode(CallInfo& call, ByteView bytes, bool fatal) {
  if (fatal) {
    // V8 replaces invalid sequences silently; detect them first.
    if (!IsValidUtf8(bytes.data, bytes.size)) {
      call.ThrowTypeError("The encoded data was not valid for encoding utf-8");
      return {};
    }
  }
  return v8::String::NewFromUtf8(call.isolate, reinterpret_cast<const char*>(bytes.data),
                                 v8::NewStringType::kNormal, static_cast<int>(bytes.size))
      .FromMaybe(v8::Local<v8::String>());
}

// Encodes a string as UTF-8 (lone surrogates become U+FFFD) into a new Uint8Array.
Value Utf8Encode(CallInfo& call, v8::Local<v8::String> text) {
  const int n = text->Utf8Length(call.isolate);
  auto buffer = v8::ArrayBuffer::New(call.isolate, static_cast<size_t>(n));
  text->WriteUtf8(call.isolate, static_cast<char*>(buffer->GetBackingStore()->Data()), n, nullptr,
                  v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  return v8::Uint8Array::New(buffer, 0, static_cast<size_t>(n));
}

}  // namespace

void InstallEncoding(NativeObjectBuilder& natives) {
  natives.Function<&Utf8Decode>("utf8Decode").Function<&Utf8Encode>("utf8Encode");
}

}  // namespace edgerun::bindings
