// Native half of URL / URLSearchParams (js/internal/url.js) over runtime/base/url.h.
// A URL crosses to JS as an array of its serialised components (see the layout in url.js),
// so every getter in JS is a plain array read.
#include "runtime/base/url.h"

#include "bindings/binding.h"
#include "bindings/natives.h"

namespace edgerun::bindings {
namespace {

enum Component {
  kHref,
  kProtocol,
  kUsername,
  kPassword,
  kHost,
  kHostname,
  kPort,
  kPathname,
  kSearch,
  kHash,
  kOrigin,
  kCount
};

v8::Local<v8::Value> ToParts(v8::Isolate* isolate, const url::Url& u) {
  v8::Local<v8::Value> parts[kCount] = {
      NewString(isolate, u.href()),     NewString(isolate, u.protocol()),
      NewString(isolate, u.username()), NewString(isolate, u.password()),
      NewString(isolate, u.host()),     NewString(isolate, u.hostname()),
      NewString(isolate, u.port()),     NewString(isolate, u.pathname()),
      NewString(isolate, u.search()),   NewString(isolate, u.hash()),
      NewString(isolate, u.origin()),
  };
  return v8::Array::New(isolate, parts, kCount);
}

// Parses `input` against `base`; undefined when either does not parse.
Value UrlParse(CallInfo& call, const std::string& input, const std::optional<std::string>& base) {
  std::optional<url::Url> parsed =
      base ? url::Parse(input, std::string_view(*base)) : url::Parse(input);
  if (!parsed) return v8::Undefined(call.isolate);
  return ToParts(call.isolate, *parsed);
}

// Applies the URL API setter `which` (a Component) to the URL `href`.
Value UrlSet(CallInfo& call, const std::string& href, int32_t which, const std::string& value) {
  std::optional<url::Url> u = url::Parse(href);
  if (!u) return v8::Undefined(call.isolate);
  switch (which) {
    case kHref:
      if (!u->SetHref(value)) return v8::Undefined(call.isolate);
      break;
    case kProtocol:
      u->SetProtocol(value);
      break;
    case kUsername:
      u->SetUsername(value);
      break;
    case kPassword:
      u->SetPassword(value);
      break;
    case kHost:
      u->SetHost(value);
      break;
    case kHostname:
      u->SetHostname(value);
      break;
    case kPort:
      u->SetPort(value);
      break;
    case kPathname:
      u->SetPathname(value);
      break;
    case kSearch:
      u->SetSearch(value);
      break;
    case kHash:
      u->SetHash(value);
      break;
    default:
      call.ThrowTypeError("unknown URL component");
      return {};
  }
  return ToParts(call.isolate, *u);
}

// application/x-www-form-urlencoded parse: [[name, value], ...].
Value FormDecode(CallInfo& call, const std::string& input) {
  url::FormList list = url::ParseFormUrlencoded(input);
  std::vector<v8::Local<v8::Value>> pairs;
  pairs.reserve(list.size());
  for (const auto& [name, value] : list) {
    v8::Local<v8::Value> pair[2] = {NewString(call.isolate, name), NewString(call.isolate, value)};
    pairs.emplace_back(v8::Array::New(call.isolate, pair, 2));
  }
  return v8::Array::New(call.isolate, pairs.data(), pairs.size());
}

std::string FormEncode(CallInfo& call, v8::Local<v8::Array> pairs) {
  url::FormList list;
  const uint32_t n = pairs->Length();
  list.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    v8::Local<v8::Value> pair;
    if (!pairs->Get(call.context, i).ToLocal(&pair) || !pair->IsArray()) continue;
    v8::Local<v8::Value> name, value;
    if (!pair.As<v8::Array>()->Get(call.context, 0).ToLocal(&name) ||
        !pair.As<v8::Array>()->Get(call.context, 1).ToLocal(&value)) {
      continue;
    }
    list.emplace_back(ToStdString(call.isolate, name), ToStdString(call.isolate, value));
  }
  return url::SerializeFormUrlencoded(list);
}

}  // namespace

void InstallUrl(NativeObjectBuilder& natives) {
  natives.Function<&UrlParse>("urlParse")
      .Function<&UrlSet>("urlSet")
      .Function<&FormDecode>("formDecode")
      .Function<&FormEncode>("formEncode");
}

}  // namespace edgerun::bindings
