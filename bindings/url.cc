// Native half of URL / URLSearchParams (js/internal/url.js) over runtime/base/url.h.
// A URL crosses to JS as its href and the offsets of its components (see ToJs).
#include "bindings/url.h"

#include "bindings/binding.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"
#include "runtime/base/url_canonical.h"

namespace edgerun::bindings {
namespace {

// Setter selectors of native.urlSet (the same numbers as in url.js).
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
};

// The eight offsets in url::UrlOffsets order, as JS reads them.
void StoreOffsets(const url::UrlOffsets& offsets, int32_t* out) {
  const uint32_t values[8] = {offsets.protocol_end, offsets.username_start, offsets.username_end,
                              offsets.host_start,   offsets.host_end,       offsets.path_start,
                              offsets.search_start, offsets.hash_start};
  for (int i = 0; i < 8; ++i) out[i] = static_cast<int32_t>(values[i]);
}

// Writes `offsets` into the caller's Int32Array(8).
void WriteOffsets(const url::UrlOffsets& offsets, v8::Local<v8::Int32Array> offsets_out) {
  if (offsets_out->Length() < 8) return;
  StoreOffsets(offsets,
               reinterpret_cast<int32_t*>(static_cast<char*>(offsets_out->Buffer()->Data()) +
                                          offsets_out->ByteOffset()));
}

// A parsed URL crosses to JS as its href (one ASCII string) plus the positions of its
// components, written into the caller's Int32Array(8) in url::UrlOffsets order: the getters
// slice the href, so a URL costs one string instead of eleven.
Value ToJs(CallInfo& call, const url::Url& u, v8::Local<v8::Int32Array> offsets_out) {
  thread_local std::string href;
  url::UrlOffsets offsets;
  u.SerializeInto(&href, &offsets);
  WriteOffsets(offsets, offsets_out);
  return v8::String::NewFromOneByte(call.isolate, reinterpret_cast<const uint8_t*>(href.data()),
                                    v8::NewStringType::kNormal, static_cast<int>(href.size()))
      .ToLocalChecked();
}

// Parses `input` against `base`; undefined when either does not parse. An input that is already
// a canonical http(s) URL (`new URL(request.url)`, nearly always) is its own href: the same
// string goes back, with no parse and no new string.
Value UrlParse(CallInfo& call, v8::Local<v8::String> input, const std::optional<std::string>& base,
               v8::Local<v8::Int32Array> offsets) {
  thread_local std::string text;
  AssignUtf8(call.isolate, input, &text);
  if (!base) {
    url::UrlOffsets scanned;
    if (url::ScanCanonicalHttpUrl(text, &scanned)) {
      WriteOffsets(scanned, offsets);
      return input;
    }
  }
  std::optional<url::Url> parsed =
      base ? url::Parse(text, std::string_view(*base)) : url::Parse(text);
  if (!parsed) return v8::Undefined(call.isolate);
  return ToJs(call, *parsed, offsets);
}

// The serialised origin of `href` (already a parsed URL's href).
std::string UrlOrigin(const std::string& href) {
  std::optional<url::Url> u = url::Parse(href);
  return u ? u->origin() : "null";
}

// Applies the URL API setter `which` (a Component) to the URL `href`.
Value UrlSet(CallInfo& call, const std::string& href, int32_t which, const std::string& value,
             v8::Local<v8::Int32Array> offsets) {
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
  return ToJs(call, *u, offsets);
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

// url.js hands over the array the engine fills for each request (RuntimeState).
void SetRequestUrlOffsets(CallInfo& call, v8::Local<v8::Int32Array> array) {
  if (array->Length() < 8) return call.ThrowRangeError("the request URL offsets need 8 slots");
  RuntimeState* state = RuntimeState::From(call.isolate);
  state->request_url_offsets.Reset(call.isolate, array);
  state->request_url_offsets_data =
      reinterpret_cast<int32_t*>(static_cast<char*>(array->Buffer()->Data()) + array->ByteOffset());
}

}  // namespace

void WriteRequestUrlOffsets(RuntimeState* state, const url::UrlOffsets& offsets) {
  if (state->request_url_offsets_data != nullptr) {
    StoreOffsets(offsets, state->request_url_offsets_data);
  }
}

void InstallUrl(NativeObjectBuilder& natives) {
  natives.Function<&SetRequestUrlOffsets>("setRequestUrlOffsets");
  natives.Function<&UrlParse>("urlParse")
      .Function<&UrlSet>("urlSet")
      .Function<&UrlOrigin>("urlOrigin")
      .Function<&FormDecode>("formDecode")
      .Function<&FormEncode>("formEncode");
}

}  // namespace edgerun::bindings
