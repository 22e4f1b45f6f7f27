// Local secrets: `.dev.vars` (or `.env`) files next to the config file, in dotenv syntax, whose
// values override `vars` (assets.md section 9). Parsing follows the `dotenv` npm package that
// wrangler uses; a line it would silently drop is a warning here, with file:line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::config {

struct DotenvEntry {
  std::string key;
  std::string value;
  int line = 0;  // where the entry starts
};

// Dotenv syntax: `KEY=value` (or `KEY: value`), an optional `export ` prefix, `#` comments
// and blank lines. Values may be quoted with ', " or ` (a quoted value may span lines); in a
// double-quoted value `\n` and `\r` become newline and carriage return; an unquoted value ends
// at `#` and is trimmed. A later entry for the same key wins.
std::vector<DotenvEntry> ParseDotenv(std::string_view text, const std::string& path_for_warnings,
                                     std::vector<Error>* warnings);

// The files to read for a config in `dir`, in the order they apply (later wins), existing ones
// only: `.dev.vars.<env>` if it exists, else `.dev.vars`; when neither exists (and the
// environment variable CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV is not "false"), `.env`,
// `.env.local`, and with an env also `.env.<env>`, `.env.<env>.local`.
std::vector<std::string> DevVarsFiles(const std::string& dir,
                                      const std::optional<std::string>& env_name);

// Reads and merges DevVarsFiles(). An unreadable file is an Error.
Result<std::vector<std::pair<std::string, std::string>>> LoadDevVars(
    const std::string& dir, const std::optional<std::string>& env_name,
    std::vector<Error>* warnings);

}  // namespace edgerun::config
