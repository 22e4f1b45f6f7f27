// libFuzzer target for the configuration readers: the same bytes are parsed as wrangler.toml
// and as wrangler.jsonc, with and without an env selected. Any input must give a config or an
// Error, never a crash, a hang or an escaped exception. The path names a folder that does not
// exist, so `main` / `assets.directory` / .dev.vars lookups find nothing and touch no files.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/config/config_loader.h"
#include "runtime/config/dev_vars.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace edgerun::config;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string dir = "/nonexistent-edgerun-fuzz";

  LoadOptions plain;
  LoadOptions with_env;
  with_env.env_name = "staging";
  with_env.var_overrides = {{"A", "b"}};

  for (const LoadOptions* options : {&plain, &with_env}) {
    std::vector<edgerun::Error> warnings;
    auto toml = ParseConfigText(text, Format::kToml, dir + "/wrangler.toml", *options, &warnings);
    if (!toml.ok()) (void)toml.error().ToString();
    auto json = ParseConfigText(text, Format::kJsonc, dir + "/wrangler.jsonc", *options, &warnings);
    if (!json.ok()) (void)json.error().ToString();
  }
  std::vector<edgerun::Error> warnings;
  (void)ParseDotenv(text, dir + "/.dev.vars", &warnings);
  return 0;
}
