// libFuzzer target: the asset server's path decoding and resolution, over a small fixture folder
// made at first use. Invariants checked on every input:
//  - nothing outside the assets folder is ever served (file bodies are inside the real root,
//    a secret file beside the folder, reachable through an escaping symlink, never comes back);
//  - every Location the asset server builds is a same-site path ("/..." but never "//...");
//  - DecodePath never leaves "//", and EncodePath(d) is what EncodesTo(d, ...) accepts.
// Input: byte 0 picks html_handling / not_found_handling and the method; the rest is the path.
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "runtime/assets/asset_server.h"
#include "runtime/assets/path_encoding.h"

namespace {

using edgerun::assets::AssetRequest;
using edgerun::assets::AssetResponse;
using edgerun::assets::AssetServer;
namespace config = edgerun::config;

constexpr const char* kSecret = "FUZZ-SECRET-OUTSIDE";

struct Fixture {
  std::string base;
  std::string assets;
  std::unique_ptr<AssetServer> servers[12];
};

void Write(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

Fixture* MakeFixture() {
  auto* f = new Fixture;
  std::string tmpl = (std::filesystem::temp_directory_path() / "edgerun-fuzz-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) abort();
  f->base = tmpl;
  static std::string cleanup_base = tmpl;
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_base, ec);
  });
  f->assets = tmpl + "/public";
  Write(tmpl + "/secret.txt", kSecret);
  Write(f->assets + "/index.html", "index");
  Write(f->assets + "/404.html", "not found");
  Write(f->assets + "/file.html", "file");
  Write(f->assets + "/folder/index.html", "folder");
  Write(f->assets + "/about/[boop].html", "boop");
  Write(f->assets + "/%5Bboop%5D.html", "double");
  Write(f->assets + "/beep?boop.html", "beep");
  Write(f->assets + "/%A0%A0.html", "a0");
  Write(f->assets + "/f\xC3\xBCnky.txt", "funky");
  Write(f->assets + "/_redirects", "/r /file 301\n/p /folder/ 200\n/s/* /:splat\n");
  std::filesystem::create_symlink(tmpl + "/secret.txt", f->assets + "/leak.txt");
  std::filesystem::create_symlink(tmpl, f->assets + "/up");
  const config::HtmlHandling modes[] = {
      config::HtmlHandling::kAutoTrailingSlash, config::HtmlHandling::kForceTrailingSlash,
      config::HtmlHandling::kDropTrailingSlash, config::HtmlHandling::kNone};
  const config::NotFoundHandling fallbacks[] = {config::NotFoundHandling::kNone,
                                                config::NotFoundHandling::k404Page,
                                                config::NotFoundHandling::kSinglePageApplication};
  for (int m = 0; m < 4; ++m) {
    for (int n = 0; n < 3; ++n) {
      config::WorkerConfig c;
      c.assets.emplace();
      c.assets->directory = f->assets;
      c.assets->html_handling = modes[m];
      c.assets->not_found_handling = fallbacks[n];
      auto server = AssetServer::Create(c, nullptr);
      if (!server.ok()) abort();
      f->servers[m * 3 + n] = std::move(server).value();
    }
  }
  return f;
}

void CheckLocation(const AssetResponse& r) {
  for (const auto& h : r.headers) {
    if (h.name != "Location") continue;
    // `_redirects` may point anywhere the site owner wrote; only the asset server's own 307/308
    // are constrained.
    if (r.status != 307 && r.status != 308) continue;
    if (h.value.empty() || h.value[0] != '/') abort();
    if (h.value.size() > 1 && h.value[1] == '/') abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = MakeFixture();
  if (size == 0) return 0;
  uint8_t selector = data[0];
  std::string path(reinterpret_cast<const char*>(data + 1), size - 1);
  if (path.empty() || path[0] != '/') path.insert(path.begin(), '/');

  std::string decoded = edgerun::assets::DecodePath(path);
  if (decoded.find("//") != std::string::npos) abort();
  std::string encoded = edgerun::assets::EncodePath(decoded);
  if (!edgerun::assets::EncodesTo(decoded, encoded)) abort();

  const AssetServer& server = *fixture->servers[selector % 12];
  AssetRequest req;
  req.method = (selector & 0x80) ? "POST" : ((selector & 0x40) ? "HEAD" : "GET");
  req.path = path;
  req.query = (selector & 0x20) ? "?q=1" : "";
  req.host = "fuzz.example";
  AssetResponse r = server.Fetch(req);
  CheckLocation(r);
  if (r.bytes && r.bytes->find(kSecret) != std::string::npos) abort();
  if (!r.file_path.empty() && r.file_path.rfind(server.index()->root() + "/", 0) != 0) abort();
  (void)server.CanFetch(req, (selector & 0x10) != 0);
  return 0;
}
