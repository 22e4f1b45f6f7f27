// The asset server's path canonicalisation (spec/assets.md, section 1): the request pathname is
// split on '/', each segment decoded with decodeURIComponent semantics (a segment that fails to
// decode, e.g. `%A0`, is kept raw), re-joined, and runs of '/' collapsed. The canonical URL of an
// asset is that decoded path re-encoded segment by segment with encodeURIComponent.
//
// Not for: dot-segment resolution (the URL parser has done it before the pathname reaches us) or
// file-system access: decoded paths are only ever looked up in the in-memory asset index.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace edgerun::assets {

// decodeURIComponent of one segment; false (and `out` untouched) when it would throw: a '%' not
// followed by two hex digits, or escapes that are not well-formed UTF-8 (overlong, surrogate,
// above U+10FFFF, stray continuation byte).
bool DecodeUriComponent(std::string_view segment, std::string* out);

// Appends encodeURIComponent(text) to `out`: everything but ASCII letters, digits and
// `-_.!~*'()` becomes %XX (upper-case hex) byte by byte.
void AppendEncodedUriComponent(std::string_view text, std::string* out);

// Decode each segment, join, collapse runs of '/'.
std::string DecodePath(std::string_view raw_path);

// True when DecodePath(raw_path) == raw_path (no '%' and no "//"), so callers may skip the copy.
bool DecodeIsIdentity(std::string_view raw_path);

// Encode each '/'-separated segment with encodeURIComponent and re-join.
std::string EncodePath(std::string_view decoded_path);

// EncodePath(decoded_path) == raw_path, computed without building the encoded string.
bool EncodesTo(std::string_view decoded_path, std::string_view raw_path);

}  // namespace edgerun::assets
