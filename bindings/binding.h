// The binding helper: how every native function and class reaches JavaScript.
//
// A native function is an ordinary C++ function taking and returning plain C++ types; the helper
// converts arguments and the result (Convert<T> below) and turns conversion failures into
// TypeErrors that name the argument. Nobody else writes FunctionCallbackInfo boilerplate:
//
//   std::string Utf8Decode(ByteView bytes, bool fatal);
//   ...
//   NativeObjectBuilder(isolate, tmpl).Function<&Utf8Decode>("utf8Decode");
//
// A function that needs the isolate, the context or the raw call takes `CallInfo&` as its first
// parameter. Functions may throw a JS exception with ThrowTypeError()/ThrowError() and return a
// default value; the helper then ignores the return value.
//
// Native classes: ClassBuilder<T> exposes a C++ object owned by its JS wrapper (deleted when the
// wrapper is garbage-collected), with methods and getters declared in one place.
#pragma once

#include <v8.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgerun::bindings {

// What a native function may ask for as its first parameter.
struct CallInfo {
  const v8::FunctionCallbackInfo<v8::Value>& info;
  v8::Isolate* isolate;
  v8::Local<v8::Context> context;

  v8::Local<v8::Value> This() const { return info.This(); }
  void ThrowTypeError(std::string_view message) const;
  void ThrowRangeError(std::string_view message) const;
  void ThrowError(std::string_view message) const;
  bool threw = false;  // set by the Throw* helpers
};

// Bytes borrowed from an ArrayBuffer, ArrayBufferView or SharedArrayBuffer argument, valid for
// the duration of the call.
struct ByteView {
  const uint8_t* data = nullptr;
  size_t size = 0;
  std::string_view AsString() const { return {reinterpret_cast<const char*>(data), size}; }
};

// A JS value passed through untouched.
using Value = v8::Local<v8::Value>;

v8::Local<v8::String> NewString(v8::Isolate* isolate, std::string_view utf8);
v8::Local<v8::String> NewOneByteInternalized(v8::Isolate* isolate, const char* latin1);
std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value);
// `s` as UTF-8 (lone surrogates become U+FFFD) into `out`, replacing its contents but keeping its
// capacity: hot paths pass a buffer they reuse.
void AssignUtf8(v8::Isolate* isolate, v8::Local<v8::String> s, std::string* out);
// `s` as Latin-1 bytes into `out` (ByteStrings: header names and values), keeping capacity.
void AssignLatin1(v8::Isolate* isolate, v8::Local<v8::String> s, std::string* out);
// A new ArrayBuffer holding a copy of `bytes`.
v8::Local<v8::ArrayBuffer> NewArrayBuffer(v8::Isolate* isolate, std::string_view bytes);

// ---- Conversions -----------------------------------------------------------------------------
// Convert<T>::From returns false when the value is not acceptable; `expected` names what was
// wanted, for the TypeError.
template <typename T, typename = void>
struct Convert;

template <>
struct Convert<bool> {
  static constexpr const char* expected = "a boolean";
  static bool From(v8::Isolate* i, v8::Local<v8::Context>, v8::Local<v8::Value> v, bool* out) {
    // true/false themselves are checked by identity; ToBoolean only for other values.
    *out = v->IsTrue() || (!v->IsFalse() && v->BooleanValue(i));
    return true;
  }
  static v8::Local<v8::Value> To(v8::Isolate* i, bool v) { return v8::Boolean::New(i, v); }
};

template <typename T>
struct Convert<T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr const char* expected = "a number";
  static bool From(v8::Isolate*, v8::Local<v8::Context> c, v8::Local<v8::Value> v, T* out) {
    if (v->IsInt32()) {
      *out = static_cast<T>(v.As<v8::Int32>()->Value());
      return true;
    }
    double d;
    if (!v->NumberValue(c).To(&d)) return false;
    *out = static_cast<T>(d);
    return true;
  }
  static v8::Local<v8::Value> To(v8::Isolate* i, T v) {
    if constexpr (std::is_integral_v<T> && sizeof(T) <= 4 && std::is_signed_v<T>) {
      return v8::Integer::New(i, v);
    } else if constexpr (std::is_integral_v<T> && sizeof(T) <= 4) {
      return v8::Integer::NewFromUnsigned(i, v);
    } else {
      return v8::Number::New(i, static_cast<double>(v));
    }
  }
};

template <>
struct Convert<std::string> {
  static constexpr const char* expected = "a string";
  static bool From(v8::Isolate* i, v8::Local<v8::Context> c, v8::Local<v8::Value> v,
                   std::string* out) {
    if (v->IsString()) {
      *out = ToStdString(i, v);
      return true;
    }
    v8::Local<v8::String> s;
    if (!v->ToString(c).ToLocal(&s)) return false;
    *out = ToStdString(i, s);
    return true;
  }
  static v8::Local<v8::Value> To(v8::Isolate* i, const std::string& v) { return NewString(i, v); }
};

template <>
struct Convert<ByteView> {
  static constexpr const char* expected = "an ArrayBuffer or ArrayBufferView";
  static bool From(v8::Isolate*, v8::Local<v8::Context>, v8::Local<v8::Value> v, ByteView* out);
};

template <typename T>
struct Convert<v8::Local<T>> {
  static constexpr const char* expected = "a value";
  static bool From(v8::Isolate*, v8::Local<v8::Context>, v8::Local<v8::Value> v,
                   v8::Local<T>* out) {
    if constexpr (std::is_same_v<T, v8::Value>) {
      *out = v;
      return true;
    } else if constexpr (std::is_same_v<T, v8::Function>) {
      if (!v->IsFunction()) return false;
      *out = v.As<v8::Function>();
      return true;
    } else if constexpr (std::is_same_v<T, v8::Object>) {
      if (!v->IsObject()) return false;
      *out = v.As<v8::Object>();
      return true;
    } else if constexpr (std::is_same_v<T, v8::Array>) {
      if (!v->IsArray()) return false;
      *out = v.As<v8::Array>();
      return true;
    } else if constexpr (std::is_same_v<T, v8::String>) {
      if (!v->IsString()) return false;
      *out = v.As<v8::String>();
      return true;
    } else if constexpr (std::is_same_v<T, v8::Int32Array>) {
      if (!v->IsInt32Array()) return false;
      *out = v.As<v8::Int32Array>();
      return true;
    } else {
      static_assert(sizeof(T) == 0, "add a Convert for this handle type");
    }
  }
  static v8::Local<v8::Value> To(v8::Isolate*, v8::Local<T> v) { return v; }
};

template <typename T>
struct Convert<std::optional<T>> {
  static constexpr const char* expected = Convert<T>::expected;
  static bool From(v8::Isolate* i, v8::Local<v8::Context> c, v8::Local<v8::Value> v,
                   std::optional<T>* out) {
    if (v->IsUndefined() || v->IsNull()) {
      out->reset();
      return true;
    }
    T value;
    if (!Convert<T>::From(i, c, v, &value)) return false;
    *out = std::move(value);
    return true;
  }
  static v8::Local<v8::Value> To(v8::Isolate* i, const std::optional<T>& v) {
    if (!v) return v8::Undefined(i);
    return Convert<T>::To(i, *v);
  }
};

// ---- Function binding ------------------------------------------------------------------------
namespace detail {

template <typename F>
struct Signature;
template <typename R, typename... A>
struct Signature<R (*)(A...)> {
  using Return = R;
  using Args = std::tuple<A...>;
  static constexpr size_t kArity = sizeof...(A);
};

template <typename T>
using Bare = std::remove_cv_t<std::remove_reference_t<T>>;

template <typename Tuple, size_t I>
constexpr bool TakesCallInfo() {
  if constexpr (std::tuple_size_v < Tuple >> I) {
    return std::is_same_v<Bare<std::tuple_element_t<I, Tuple>>, CallInfo>;
  } else {
    return false;
  }
}

void ThrowArgumentError(CallInfo& call, size_t index, const char* expected);

template <typename Arg>
bool ConvertArg(CallInfo& call, size_t js_index, Bare<Arg>* out) {
  v8::Local<v8::Value> v = js_index < static_cast<size_t>(call.info.Length())
                               ? call.info[static_cast<int>(js_index)]
                               : v8::Undefined(call.isolate).As<v8::Value>();
  if (!Convert<Bare<Arg>>::From(call.isolate, call.context, v, out)) {
    if (!call.info.GetIsolate()->IsExecutionTerminating()) {
      ThrowArgumentError(call, js_index, Convert<Bare<Arg>>::expected);
    }
    return false;
  }
  return true;
}

template <auto Fn, size_t Offset, typename Tuple, size_t... I>
void Invoke(CallInfo& call, std::index_sequence<I...>) {
  using Sig = Signature<decltype(Fn)>;
  std::tuple<Bare<std::tuple_element_t<I + Offset, Tuple>>...> args;
  bool ok =
      (ConvertArg<std::tuple_element_t<I + Offset, Tuple>>(call, I, &std::get<I>(args)) && ...);
  if (!ok) return;
  auto call_fn = [&](auto&&... a) -> decltype(auto) {
    if constexpr (Offset == 1) {
      return Fn(call, std::move(a)...);
    } else {
      return Fn(std::move(a)...);
    }
  };
  if constexpr (std::is_void_v<typename Sig::Return>) {
    std::apply(call_fn, std::move(args));
  } else {
    auto result = std::apply(call_fn, std::move(args));
    if (call.threw) return;
    call.info.GetReturnValue().Set(Convert<Bare<typename Sig::Return>>::To(call.isolate, result));
  }
}

}  // namespace detail

template <auto Fn>
void Callback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  using Sig = detail::Signature<decltype(Fn)>;
  using Tuple = typename Sig::Args;
  v8::Isolate* isolate = info.GetIsolate();
  CallInfo call{info, isolate, isolate->GetCurrentContext()};
  constexpr size_t offset = detail::TakesCallInfo<Tuple, 0>() ? 1 : 0;
  detail::Invoke<Fn, offset, Tuple>(call, std::make_index_sequence<Sig::kArity - offset>());
}

// Adds functions to an object template (the internal binding object, or a namespace object).
class NativeObjectBuilder {
 public:
  NativeObjectBuilder(v8::Isolate* isolate, v8::Local<v8::ObjectTemplate> tmpl)
      : isolate_(isolate), tmpl_(tmpl) {}

  template <auto Fn>
  NativeObjectBuilder& Function(const char* name) {
    auto fn =
        v8::FunctionTemplate::New(isolate_, &Callback<Fn>, v8::Local<v8::Value>(),
                                  v8::Local<v8::Signature>(), 0, v8::ConstructorBehavior::kThrow);
    tmpl_->Set(NewOneByteInternalized(isolate_, name), fn);
    return *this;
  }
  // A raw callback, for the rare function whose arguments are variadic by nature.
  NativeObjectBuilder& RawFunction(const char* name, v8::FunctionCallback cb) {
    auto fn =
        v8::FunctionTemplate::New(isolate_, cb, v8::Local<v8::Value>(), v8::Local<v8::Signature>(),
                                  0, v8::ConstructorBehavior::kThrow);
    tmpl_->Set(NewOneByteInternalized(isolate_, name), fn);
    return *this;
  }
  NativeObjectBuilder& Constant(const char* name, int32_t value) {
    tmpl_->Set(NewOneByteInternalized(isolate_, name), v8::Integer::New(isolate_, value));
    return *this;
  }

 private:
  v8::Isolate* isolate_;
  v8::Local<v8::ObjectTemplate> tmpl_;
};

}  // namespace edgerun::bindings
