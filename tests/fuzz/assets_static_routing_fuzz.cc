// libFuzzer target: run_worker_first rules (one per input line), then a few paths.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/assets/static_routing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> rules;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    rules.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  auto routing = edgerun::assets::StaticRouting::Parse(rules);
  std::vector<std::string> paths = {"/", "/api/x", "/a/b.html", ""};
  for (const std::string& rule : rules) {
    paths.push_back(rule);
    for (const std::string& path : paths) {
      (void)edgerun::assets::StaticRouting::GlobMatches(rule, path);
    }
  }
  if (!routing.ok()) return 0;
  for (const std::string& path : paths) (void)routing->Match(path);
  return 0;
}
