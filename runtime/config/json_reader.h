// Reads JSON and JSONC text (wrangler.json, wrangler.jsonc) into a ConfigNode tree with source
// positions, using simdjson. JSONC is JSON plus `//` and `/* */` comments and trailing commas;
// they are blanked out first (StripJsonc) without moving any other byte, so the line:column of
// every value and every syntax error still points into the file as the user wrote it.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/config/config_node.h"

namespace edgerun::config {

// `text` with comments and trailing commas replaced by spaces (newlines kept): same length,
// same offsets. Text inside strings is never touched. An unterminated `/*` is left in place so
// that the JSON parser reports it where it starts.
std::string StripJsonc(std::string_view text);

// 1-based line and column (in characters, not bytes) of a byte offset in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition PositionOfOffset(std::string_view text, size_t offset);

// Parses JSONC. The root must be an object.
Result<ConfigNode> ReadJsonc(std::string_view text, const std::string& path_for_errors);

}  // namespace edgerun::config
