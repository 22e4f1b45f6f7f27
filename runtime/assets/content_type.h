// Content-Type of an asset, chosen from its file name the way wrangler does at upload: npm
// `mime` v4 `getType` (its standard and "other" tables), with `; charset=utf-8` appended to
// every text/* type. An unknown extension has no Content-Type at all (spec/assets.md, section 6).
//
// Not for: sniffing bytes, or request Accept negotiation. Everything here is a pure function over
// static tables; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edgerun::assets {

// The bare media type (`text/javascript`) for a path's extension, or nothing. Same rules as
// mime's getType: case-insensitive extension after the last '.', of the last path segment; a
// name without a dot (or only a leading dot, `.env`) has no type.
std::optional<std::string_view> MimeTypeForPath(std::string_view path);

// The Content-Type header value for an asset path (`text/javascript; charset=utf-8`), or
// nothing when the extension is unknown.
std::optional<std::string> ContentTypeForPath(std::string_view path);

// Whether edgerun offers br/gzip for this Content-Type (edgerun decision "Compression"):
// text/*, JSON, JavaScript, SVG, XML (and +json/+xml suffixes), wasm.
bool IsCompressibleContentType(std::string_view content_type);

}  // namespace edgerun::assets
