// Percent-encoding and UTF-8 helpers of the WHATWG URL Standard
// (https://url.spec.whatwg.org/#percent-encoded-bytes).
//
// For: the URL parser, URLSearchParams, encodeURIComponent-like helpers. Strings are UTF-8
// byte strings; every byte >= 0x80 is in every encode set, so encoding byte by byte is the
// same as the spec's "UTF-8 percent-encode" of each code point. Not for: legacy (non-UTF-8)
// encodings, which the URL parser only needs for HTML documents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace edgerun::url {

// https://url.spec.whatwg.org/#percent-encoded-bytes — each set contains the C0 control set.
enum class EncodeSet : uint8_t {
  kC0Control,       // C0 controls and everything above U+007E
  kFragment,        // + space " < > `
  kQuery,           // + space " # < >
  kSpecialQuery,    // query + '
  kPath,            // query + ? ^ ` { }
  kUserinfo,        // path + / : ; = @ [ \ ] |
  kComponent,       // userinfo + $ % & + ,
  kFormUrlencoded,  // component + ! ' ( ) ~
};

// True if the byte `c` must be percent-encoded in `set`.
bool InEncodeSet(unsigned char c, EncodeSet set);

// Appends `input` to `out`, percent-encoding (uppercase hex) every byte in `set`.
// With `space_as_plus` (application/x-www-form-urlencoded), U+0020 becomes "+".
void AppendPercentEncoded(std::string& out, std::string_view input, EncodeSet set,
                          bool space_as_plus = false);
std::string PercentEncode(std::string_view input, EncodeSet set, bool space_as_plus = false);

// https://url.spec.whatwg.org/#percent-decode — bytes in, bytes out; a "%" not followed by
// two hex digits is kept as is.
std::string PercentDecode(std::string_view input);

// https://encoding.spec.whatwg.org/#utf-8-decode-without-bom — ill-formed sequences become
// U+FFFD (one per maximal subpart). Returns the input unchanged when it is valid UTF-8.
std::string Utf8DecodeWithoutBom(std::string_view bytes);

// True if `bytes` is well-formed UTF-8 (no surrogates, no overlongs).
bool IsValidUtf8(std::string_view bytes);

}  // namespace edgerun::url
