// Line handling shared by the `_headers` and `_redirects` parsers (internal to runtime/assets).
#pragma once

#include <string_view>
#include <vector>

namespace edgerun::assets::rule_text {

// The file split on '\n' as wrangler does (a leading UTF-8 byte-order mark dropped).
std::vector<std::string_view> SplitLines(std::string_view text);
// JS String.prototype.trim for the whitespace that occurs in these files.
std::string_view Trim(std::string_view s);
bool IsSpace(char c);
// Length in UTF-16 code units, which is what wrangler's line-length limit counts.
size_t Utf16Length(std::string_view s);

}  // namespace edgerun::assets::rule_text
