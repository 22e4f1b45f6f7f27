// Recognises an http(s) URL string that is already in the form the URL parser would serialise it
// to, and says where its components sit, without parsing it into a Url.
//
// Why: nearly every worker starts with `new URL(request.url)`, and `request.url` (like most URLs
// a worker builds from it) is already canonical: "http://host[:port]/path[?query]". For such an
// input the full parser (runtime/base/url.h) only rebuilds the same string, at ~2,000
// instructions; this check costs one pass over the bytes. It is deliberately conservative: any
// input it is unsure of (upper case, IDNA, IPv4 shorthands, dot segments, characters the parser
// would percent-encode, credentials, default ports, fragments, ...) is left to the full parser,
// so a `false` answer means "parse it", never "invalid".
#pragma once

#include <string_view>

#include "runtime/base/url.h"

namespace edgerun::url {

// True when Parse(input) (no base) would succeed and serialise to exactly `input`; `offsets`
// then holds what Url::SerializeInto would have produced. Untouched when false.
bool ScanCanonicalHttpUrl(std::string_view input, UrlOffsets* offsets);

}  // namespace edgerun::url
