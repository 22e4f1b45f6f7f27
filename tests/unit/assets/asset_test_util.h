// Shared helpers for the asset server tests: a temporary assets folder per test, a config over
// it, requests, and reading a response back.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/assets/asset_server.h"
#include "runtime/config/config.h"

namespace edgerun::assets::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "edgerun-assets-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    root_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return root_; }
  std::string Abs(const std::string& rel) const { return root_ + "/" + rel; }

  // Writes `rel` (creating folders) with `content`; the default content names the file, so
  // every fixture file has its own hash.
  void Write(const std::string& rel, std::string content = {}) const {
    if (content.empty()) content = "content of " + rel;
    std::filesystem::path p = Abs(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
  }
  void Mkdir(const std::string& rel) const { std::filesystem::create_directories(Abs(rel)); }
  void Symlink(const std::string& target, const std::string& rel) const {
    std::filesystem::path p = Abs(rel);
    std::filesystem::create_directories(p.parent_path());
    std::filesystem::create_symlink(target, p);
  }
  void Remove(const std::string& rel) const { std::filesystem::remove_all(Abs(rel)); }

 private:
  std::string root_;
};

inline config::WorkerConfig MakeConfig(
    const std::string& dir, config::HtmlHandling html = config::HtmlHandling::kAutoTrailingSlash,
    config::NotFoundHandling not_found = config::NotFoundHandling::kNone) {
  config::WorkerConfig c;
  c.assets.emplace();
  c.assets->directory = dir;
  c.assets->html_handling = html;
  c.assets->not_found_handling = not_found;
  return c;
}

inline std::unique_ptr<AssetServer> MustCreate(const config::WorkerConfig& c,
                                               std::vector<Error>* warnings = nullptr,
                                               IndexOptions options = {}) {
  Result<std::unique_ptr<AssetServer>> r = AssetServer::Create(c, warnings, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

inline AssetRequest Req(std::string_view path, std::string_view method = "GET") {
  AssetRequest r;
  r.method = method;
  r.path = path;
  r.host = "example.com";
  return r;
}

// The header's value, or "<none>"; several lines of the same name are joined with "|".
inline std::string HeaderOf(const AssetResponse& r, std::string_view name) {
  std::string out;
  bool found = false;
  for (const http::Header& h : r.headers) {
    if (!http::HeaderNameEquals(h.name, name)) continue;
    if (found) out += "|";
    out += h.value;
    found = true;
  }
  return found ? out : "<none>";
}

inline std::string BodyOf(const AssetResponse& r) {
  if (r.bytes) return r.bytes->substr(r.offset, r.length);
  if (!r.file_path.empty()) {
    std::ifstream in(r.file_path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str().substr(r.offset, r.length);
  }
  return {};
}

}  // namespace edgerun::assets::testing
