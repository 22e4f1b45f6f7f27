// Native half of env.ASSETS (js/internal/assets_binding.js): runs the asset server pipeline
// in-process (never over HTTP, never calling the worker back) and hands the answer to JS as
// [status, [name, value, ...], body | null]. In-memory bodies cross without a copy: the
// ArrayBuffer's backing store keeps the asset server's shared bytes alive.
#include <fstream>

#include "bindings/binding.h"
#include "bindings/natives.h"
#include "bindings/runtime_state.h"
#include "runtime/assets/asset_server.h"
#include "runtime/base/url.h"

namespace edgerun::bindings {
namespace {

v8::Local<v8::Value> SharedBytes(v8::Isolate* isolate, std::shared_ptr<const std::string> bytes,
                                 uint64_t offset, uint64_t length) {
  auto* keep = new std::shared_ptr<const std::string>(std::move(bytes));
  void* data = const_cast<char*>((*keep)->data()) + offset;
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      data, length,
      [](void*, size_t, void* deleter_data) {
        delete static_cast<std::shared_ptr<const std::string>*>(deleter_data);
      },
      keep);
  auto buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  return v8::Uint8Array::New(buffer, 0, length);
}

v8::Local<v8::Value> FileBytes(CallInfo& call, const std::string& path, uint64_t offset,
                               uint64_t length, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  if (!in) return v8::Null(call.isolate);
  auto buffer = v8::ArrayBuffer::New(call.isolate, length);
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(static_cast<char*>(buffer->GetBackingStore()->Data()),
          static_cast<std::streamsize>(length));
  *ok = static_cast<uint64_t>(in.gcount()) == length;
  return v8::Uint8Array::New(buffer, 0, length);
}

// assetsFetch(method, url, [name, value, ...]) -> [status, flatHeaders, body]
Value AssetsFetch(CallInfo& call, const std::string& method, const std::string& url_text,
                  v8::Local<v8::Array> flat) {
  RuntimeState* state = RuntimeState::From(call.isolate);
  const assets::AssetServer* server = state->asset_server();
  if (server == nullptr) {
    call.ThrowTypeError("env.ASSETS is not available: this worker has no [assets] directory");
    return {};
  }
  state->CountSubrequest();
  std::optional<url::Url> url = url::Parse(url_text);
  if (!url) {
    call.ThrowTypeError("env.ASSETS.fetch: invalid URL: " + url_text);
    return {};
  }
  std::vector<std::string> header_store;  // keeps the string_views of AssetRequest alive
  header_store.reserve(flat->Length());
  for (uint32_t i = 0; i < flat->Length(); ++i) {
    header_store.push_back(ToStdString(call.isolate, flat->Get(call.context, i).ToLocalChecked()));
  }
  const std::string search = url->search();
  const std::string host = url->host();
  assets::AssetRequest request;
  request.method = method;
  request.path = url->pathname();
  request.query = search;
  request.host = host;
  for (size_t i = 0; i + 1 < header_store.size(); i += 2) {
    const std::string& name = header_store[i];
    const std::string& value = header_store[i + 1];
    if (name == "if-none-match")
      request.if_none_match = value;
    else if (name == "range") {
      request.range = value;
      request.has_range = true;
    } else if (name == "accept-encoding")
      request.accept_encoding = value;
    else if (name == "sec-fetch-mode")
      request.sec_fetch_mode = value;
    else if (name == "authorization")
      request.has_authorization = true;
  }
  assets::AssetResponse response = server->Fetch(request);

  std::vector<v8::Local<v8::Value>> headers;
  headers.reserve(response.headers.size() * 2);
  for (const http::Header& h : response.headers) {
    std::string lower = h.name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(NewString(call.isolate, lower));
    headers.emplace_back(NewString(call.isolate, h.value));
  }
  if (response.has_body()) {
    // As fetch() shows it: the length is a header, so a HEAD answer passed on by the worker
    // still announces the size of the body it does not carry.
    headers.emplace_back(NewString(call.isolate, "content-length"));
    headers.emplace_back(NewString(call.isolate, std::to_string(response.length)));
  }
  v8::Local<v8::Value> body = v8::Null(call.isolate);
  const bool null_body = method == "HEAD" || response.status == 204 || response.status == 304;
  if (!null_body && response.bytes != nullptr) {
    body = SharedBytes(call.isolate, response.bytes, response.offset, response.length);
  } else if (!null_body && !response.file_path.empty()) {
    bool ok = false;
    body = FileBytes(call, response.file_path, response.offset, response.length, &ok);
    if (!ok) {
      v8::Local<v8::Value> failed[3] = {v8::Integer::New(call.isolate, 500),
                                        v8::Array::New(call.isolate, 0), v8::Null(call.isolate)};
      return v8::Array::New(call.isolate, failed, 3);
    }
  }
  v8::Local<v8::Value> result[3] = {
      v8::Integer::New(call.isolate, response.status),
      v8::Array::New(call.isolate, headers.data(), headers.size()),
      body,
  };
  return v8::Array::New(call.isolate, result, 3);
}

}  // namespace

void InstallAssets(NativeObjectBuilder& natives) { natives.Function<&AssetsFetch>("assetsFetch"); }

}  // namespace edgerun::bindings
