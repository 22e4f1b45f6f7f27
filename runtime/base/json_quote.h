// JSON string literals for messages and logs (config errors quote field names the way wrangler
// prints them; the JSON access log; run_worker_first's duplicate list).
#pragma once

#include <string>
#include <string_view>

namespace edgerun {

// A JSON string literal for `s`: quotes, backslash escapes, \uXXXX for other control bytes.
std::string JsonQuote(std::string_view s);

}  // namespace edgerun
