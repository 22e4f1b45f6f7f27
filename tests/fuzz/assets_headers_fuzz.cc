// libFuzzer target: a `_headers` file, then a few requests against it.
// Input: the file text; the paths tried include ones derived from the input itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/assets/headers_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<edgerun::assets::ParseMessage> warnings;
  auto rules = edgerun::assets::HeadersRules::Parse(text, &warnings, {10, 300});
  std::vector<std::string> paths = {"/", "/a", "/a/b/c", "/static/x.css", "//x", ""};
  // Every rule's own path, so that placeholders and splats actually get to match.
  for (const auto& rule : rules.rules()) {
    paths.push_back(rule.path);
    size_t scheme = rule.path.find("://");
    if (scheme != std::string::npos) {
      size_t slash = rule.path.find('/', scheme + 3);
      paths.push_back(slash == std::string::npos ? "/" : rule.path.substr(slash));
    }
  }
  for (const std::string& path : paths) {
    edgerun::http::HeaderList headers = {{"ETag", "\"e\""}, {"Content-Type", "text/html"}};
    rules.Apply("example.com:8787", path, headers);
    rules.Apply("a.b.example.com", path, headers);
  }
  return 0;
}
