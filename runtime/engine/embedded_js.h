// The builtin JavaScript of js/, compiled into the binary by cmake/embed_js_gen.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace edgerun::engine {

struct EmbeddedJsFile {
  std::string_view path;    // relative to js/, e.g. "headers.js"
  std::string_view source;  // UTF-8 text
};

const std::vector<EmbeddedJsFile>& EmbeddedJsFiles();
// SHA-256 over every file's path and bytes (hex).
const char* EmbeddedJsDigest();

}  // namespace edgerun::engine
