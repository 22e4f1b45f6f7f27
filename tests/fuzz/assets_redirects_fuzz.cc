// libFuzzer target: a `_redirects` file, then a few requests against it, including Location.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/assets/redirects_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool html_none = size > 0 && (data[0] & 1);
  std::vector<edgerun::assets::ParseMessage> warnings;
  auto rules = edgerun::assets::RedirectsRules::Parse(text, html_none, &warnings, {20, 10, 300});
  std::vector<std::string> paths = {"/", "/a", "/a/b/c", "/foo//google.com", "//x", ""};
  for (const auto* rule : rules.rules()) paths.push_back(rule->from);
  for (const std::string& path : paths) {
    auto match = rules.Match(path);
    if (!match) continue;
    (void)edgerun::assets::RedirectsRules::Location(*match, "example.com", "?q=1");
    (void)edgerun::assets::RedirectsRules::Location(*match, "other.example:8443", "");
    (void)edgerun::assets::RedirectsRules::RewritePath(*match);
  }
  return 0;
}
