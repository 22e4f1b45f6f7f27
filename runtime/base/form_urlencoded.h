// application/x-www-form-urlencoded parsing and serialisation
// (https://url.spec.whatwg.org/#application/x-www-form-urlencoded).
//
// For: URLSearchParams and form bodies. Names and values are UTF-8; parsing replaces ill-formed
// UTF-8 (after percent-decoding) with U+FFFD, as the spec's "UTF-8 decode without BOM" does.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgerun::url {

using FormList = std::vector<std::pair<std::string, std::string>>;

// https://url.spec.whatwg.org/#concept-urlencoded-parser
FormList ParseFormUrlencoded(std::string_view input);

// https://url.spec.whatwg.org/#concept-urlencoded-serializer
std::string SerializeFormUrlencoded(const FormList& tuples);

}  // namespace edgerun::url
