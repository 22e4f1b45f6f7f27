// Host parsing: https://url.spec.whatwg.org/#hosts-(domains-and-ip-addresses)
#include <unicode/uidna.h>

#include "runtime/base/url.h"

namespace edgerun::url {
namespace {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr int HexValue(char c) {
  return IsAsciiDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}
constexpr char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// https://url.spec.whatwg.org/#forbidden-host-code-point
constexpr bool IsForbiddenHostCodePoint(char c) {
  switch (c) {
    case '\0':
    case '\t':
    case '\n':
    case '\r':
    case ' ':
    case '#':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|':
      return true;
    default:
      return false;
  }
}

// https://url.spec.whatwg.org/#forbidden-domain-code-point
constexpr bool IsForbiddenDomainCodePoint(char c) {
  const auto u = static_cast<unsigned char>(c);
  return IsForbiddenHostCodePoint(c) || u <= 0x1f || c == '%' || u == 0x7f;
}

// UTS #46 processors for the process, one per UseSTD3ASCIIRules value (beStrict): ICU's
// UIDNA is immutable once opened, so threads may share them.
const UIDNA* OpenUts46(uint32_t extra_options) {
  UErrorCode status = U_ZERO_ERROR;
  const UIDNA* opened =
      uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII |
                          UIDNA_NONTRANSITIONAL_TO_UNICODE | extra_options,
                      &status);
  return U_SUCCESS(status) ? opened : nullptr;
}

const UIDNA* Uts46(bool be_strict) {
  static const UIDNA* const lenient = OpenUts46(0);
  static const UIDNA* const strict = OpenUts46(UIDNA_USE_STD3_RULES);
  return be_strict ? strict : lenient;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// ICU 72 carries the UTS #46 mapping table of Unicode 15.0; the URL Standard follows the
// current one. These are the code points, assigned in 15.0, whose status changed since
// (up to 17.0) from disallowed (or another mapping) to mapped or ignored. Mapping them
// before ICU runs gives the current result. Returns false for an unchanged code point;
// otherwise appends the new mapping ("" for ignored). Not covered: U+1806, now valid, and
// code points assigned after Unicode 15.0, which ICU 72 cannot know.
struct NewerMapping {
  char32_t from;
  char32_t to;  // 0: ignored (mapped to nothing)
};
constexpr NewerMapping kNewerMappings[] = {
    {0x04c0, 0x04cf},   {0x115f, 0},       {0x1160, 0},       {0x17b4, 0},       {0x17b5, 0},
    {0x180e, 0},        {0x1e9e, 0x00df},  {0x2061, 0},       {0x2062, 0},       {0x2063, 0},
    {0x206a, 0},        {0x206b, 0},       {0x206c, 0},       {0x206d, 0},       {0x206e, 0},
    {0x206f, 0},        {0x2132, 0x214e},  {0x2183, 0x2184},  {0x3164, 0},       {0xffa0, 0},
    {0x1d173, 0},       {0x1d174, 0},      {0x1d175, 0},      {0x1d176, 0},      {0x1d177, 0},
    {0x1d178, 0},       {0x1d179, 0},      {0x1d17a, 0},      {0x2f868, 0x36fc}, {0x2f874, 0x5f53},
    {0x2f91f, 0x243ab}, {0x2f95f, 0x7aee}, {0x2f9bf, 0x45d7},
};

bool AppendNewerUts46Mapping(std::string& out, char32_t cp) {
  if (cp >= 0x10a0 && cp <= 0x10c5) {  // Georgian capitals map to Nuskhuri
    AppendUtf8(out, 0x2d00 + (cp - 0x10a0));
    return true;
  }
  for (const NewerMapping& m : kNewerMappings) {
    if (m.from != cp) continue;
    if (m.to != 0) AppendUtf8(out, m.to);
    return true;
  }
  return false;
}

// Rewrites `domain` with AppendNewerUts46Mapping; nullopt when nothing changes.
std::optional<std::string> ApplyNewerUts46Mappings(std::string_view domain) {
  std::optional<std::string> out;
  for (size_t i = 0; i < domain.size();) {
    const auto b0 = static_cast<unsigned char>(domain[i]);
    size_t len = b0 < 0x80 ? 1 : b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 1;
    if (i + len > domain.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(domain[i + k]) & 0xc0) != 0x80) len = 1;
    }
    char32_t cp = len == 1 ? b0 : b0 & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (domain[i + k] & 0x3f);
    std::string mapped;
    if (len > 1 && AppendNewerUts46Mapping(mapped, cp)) {
      if (!out) out.emplace(domain.substr(0, i));
      out->append(mapped);
    } else if (out) {
      out->append(domain.substr(i, len));
    }
    i += len;
  }
  return out;
}

// UTS #46 ToASCII with the URL Standard's options. ICU has no switches for CheckHyphens=false
// and VerifyDnsLength=false, so the errors those would suppress are ignored here.
std::optional<std::string> Uts46ToAscii(std::string_view domain, bool be_strict) {
  const UIDNA* idna = Uts46(be_strict);
  if (idna == nullptr) return std::nullopt;
  const std::optional<std::string> remapped = ApplyNewerUts46Mappings(domain);
  if (remapped) domain = *remapped;
  std::string out(domain.size() * 2 + 64, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    const int32_t length =
        uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()), out.data(),
                               static_cast<int32_t>(out.size()), &info, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.resize(static_cast<size_t>(length));
      continue;
    }
    if (U_FAILURE(status)) return std::nullopt;
    uint32_t errors = info.errors;
    errors &= ~static_cast<uint32_t>(UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN |
                                     UIDNA_ERROR_HYPHEN_3_4);
    if (!be_strict) {
      errors &= ~static_cast<uint32_t>(UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                       UIDNA_ERROR_DOMAIN_NAME_TOO_LONG);
    }
    if (errors != 0) return std::nullopt;
    out.resize(static_cast<size_t>(length));
    return out;
  }
  return std::nullopt;
}

// https://url.spec.whatwg.org/#ipv4-number-parser — nullopt for failure. Values that do not
// fit 64 bits saturate, which is as good as any value >= 2^32 for the callers.
std::optional<uint64_t> ParseIpv4Number(std::string_view input) {
  if (input.empty()) return std::nullopt;
  int radix = 10;
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    input.remove_prefix(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    input.remove_prefix(1);
    radix = 8;
  }
  if (input.empty()) return 0;
  uint64_t value = 0;
  for (char c : input) {
    int digit;
    if (radix == 16 && IsAsciiHexDigit(c)) {
      digit = HexValue(c);
    } else if (radix == 10 && IsAsciiDigit(c)) {
      digit = c - '0';
    } else if (radix == 8 && c >= '0' && c <= '7') {
      digit = c - '0';
    } else {
      return std::nullopt;
    }
    if (value > (UINT64_MAX >> 5)) {
      value = UINT64_MAX >> 1;  // keep scanning: a later bad digit still means failure
    } else {
      value = value * radix + digit;
    }
  }
  return value;
}

// https://url.spec.whatwg.org/#ends-in-a-number-checker
bool EndsInANumber(std::string_view input) {
  if (input.empty()) return false;
  if (input.back() == '.') input.remove_suffix(1);  // an empty last part is dropped
  const size_t dot = input.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? input : input.substr(dot + 1);
  if (!last.empty()) {
    bool all_digits = true;
    for (char c : last) all_digits = all_digits && IsAsciiDigit(c);
    if (all_digits) return true;
  }
  return ParseIpv4Number(last).has_value();
}

// https://url.spec.whatwg.org/#concept-opaque-host-parser
std::optional<std::string> ParseOpaqueHost(std::string_view input) {
  for (char c : input) {
    if (IsForbiddenHostCodePoint(c)) return std::nullopt;
  }
  return PercentEncode(input, EncodeSet::kC0Control);
}

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view input) {
  // "If the last item in parts is the empty string ... if parts's size is greater than 1,
  // remove the last item."
  if (input.size() > 1 && input.back() == '.') input.remove_suffix(1);
  uint64_t numbers[4];
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t dot = input.find('.', start);
    const std::string_view part =
        input.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (count == 4) return std::nullopt;
    const std::optional<uint64_t> n = ParseIpv4Number(part);
    if (!n) return std::nullopt;
    numbers[count++] = *n;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (size_t i = 0; i + 1 < count; ++i) {
    if (numbers[i] > 255) return std::nullopt;
  }
  const uint64_t limit = uint64_t{1} << (8 * (5 - count));
  if (numbers[count - 1] >= limit) return std::nullopt;
  uint64_t ipv4 = numbers[count - 1];
  for (size_t i = 0; i + 1 < count; ++i) ipv4 += numbers[i] << (8 * (3 - i));
  return static_cast<uint32_t>(ipv4);
}

std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view input) {
  std::array<uint16_t, 8> address{};
  int piece_index = 0;
  int compress = -1;
  size_t pointer = 0;
  const size_t n = input.size();
  auto c_at = [&](size_t i) -> int { return i < n ? static_cast<unsigned char>(input[i]) : -1; };
  if (c_at(pointer) == ':') {
    if (c_at(pointer + 1) != ':') return std::nullopt;
    pointer += 2;
    ++piece_index;
    compress = piece_index;
  }
  while (c_at(pointer) != -1) {
    if (piece_index == 8) return std::nullopt;
    if (c_at(pointer) == ':') {
      if (compress != -1) return std::nullopt;
      ++pointer;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    uint32_t value = 0;
    int length = 0;
    while (length < 4 && pointer < n && IsAsciiHexDigit(input[pointer])) {
      value = value * 0x10 + HexValue(input[pointer]);
      ++pointer;
      ++length;
    }
    if (c_at(pointer) == '.') {
      if (length == 0) return std::nullopt;
      pointer -= length;
      if (piece_index > 6) return std::nullopt;
      int numbers_seen = 0;
      while (c_at(pointer) != -1) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (c_at(pointer) == '.' && numbers_seen < 4) {
            ++pointer;
          } else {
            return std::nullopt;
          }
        }
        if (pointer >= n || !IsAsciiDigit(input[pointer])) return std::nullopt;
        while (pointer < n && IsAsciiDigit(input[pointer])) {
          const int number = input[pointer] - '0';
          if (ipv4_piece == -1) {
            ipv4_piece = number;
          } else if (ipv4_piece == 0) {
            return std::nullopt;
          } else {
            ipv4_piece = ipv4_piece * 10 + number;
          }
          if (ipv4_piece > 255) return std::nullopt;
          ++pointer;
        }
        address[piece_index] = static_cast<uint16_t>(address[piece_index] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return std::nullopt;
      break;
    } else if (c_at(pointer) == ':') {
      ++pointer;
      if (c_at(pointer) == -1) return std::nullopt;
    } else if (c_at(pointer) != -1) {
      return std::nullopt;
    }
    address[piece_index] = static_cast<uint16_t>(value);
    ++piece_index;
  }
  if (compress != -1) {
    int swaps = piece_index - compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return std::nullopt;
  }
  return address;
}

std::string SerializeIpv4(uint32_t address) {
  // Hand-formatted: this runs for every request to an IP-literal host (127.0.0.1 in dev).
  char buf[16];
  size_t len = 0;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const unsigned n = (address >> shift) & 0xff;
    if (n >= 100) buf[len++] = static_cast<char>('0' + n / 100);
    if (n >= 10) buf[len++] = static_cast<char>('0' + n / 10 % 10);
    buf[len++] = static_cast<char>('0' + n % 10);
    if (shift != 0) buf[len++] = '.';
  }
  return std::string(buf, len);
}

std::string SerializeIpv6(const std::array<uint16_t, 8>& address) {
  // The first longest run of two or more zero pieces is compressed.
  int compress = -1;
  int best = 1;
  for (int i = 0; i < 8;) {
    if (address[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best) {
      best = j - i;
      compress = i;
    }
    i = j;
  }
  std::string output;
  output.reserve(39);
  bool ignore0 = false;
  for (int i = 0; i < 8; ++i) {
    if (ignore0 && address[i] == 0) continue;
    ignore0 = false;
    if (compress == i) {
      output.append(i == 0 ? "::" : ":");
      ignore0 = true;
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned digit = (address[i] >> shift) & 0xf;
      if (digit == 0 && !started && shift != 0) continue;
      started = true;
      output.push_back(kHex[digit]);
    }
    if (i != 7) output.push_back(':');
  }
  return output;
}

std::optional<std::string> DomainToAscii(std::string_view domain, bool be_strict) {
  // An ASCII domain is only lowercased: Punycode in it is not validated (the current
  // URL Standard's rule, which urltestdata.json's "xn--" cases check).
  bool fast = !be_strict;
  for (size_t i = 0; fast && i < domain.size(); ++i) {
    if (static_cast<unsigned char>(domain[i]) >= 0x80) fast = false;
  }
  std::string result;
  if (fast) {
    result.assign(domain);
    for (char& c : result) c = ToLower(c);
  } else {
    std::optional<std::string> mapped = Uts46ToAscii(domain, be_strict);
    if (!mapped) return std::nullopt;
    result = std::move(*mapped);
  }
  if (!be_strict) {
    if (result.empty()) return std::nullopt;
    for (char c : result) {
      if (IsForbiddenDomainCodePoint(c)) return std::nullopt;
    }
  }
  return result;
}

namespace {

// "a.b.c.d", each part 0-255 in plain decimal without leading zeros: already the serialised
// IPv4 address (127.0.0.1 in every dev request), so domain-to-ASCII, the IPv4 parser and the
// serializer can be skipped. Anything else takes the general path.
bool IsSerializedIpv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  for (;;) {
    const size_t start = i;
    unsigned value = 0;
    while (i < s.size() && i - start < 3 && s[i] >= '0' && s[i] <= '9') {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    const size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

}  // namespace

std::optional<std::string> ParseHost(std::string_view input, bool is_opaque) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']' || input.size() < 2) return std::nullopt;
    const auto address = ParseIpv6(input.substr(1, input.size() - 2));
    if (!address) return std::nullopt;
    std::string out = "[";
    out += SerializeIpv6(*address);
    out.push_back(']');
    return out;
  }
  if (is_opaque) return ParseOpaqueHost(input);
  if (IsSerializedIpv4(input)) return std::string(input);
  // "Let domain be the result of running UTF-8 decode without BOM on the percent-decoding of
  // input": ill-formed UTF-8 becomes U+FFFD, which UTS #46 rejects, so ICU may see it raw.
  std::optional<std::string> ascii_domain =
      input.find('%') == std::string_view::npos
          ? DomainToAscii(input)
          : DomainToAscii(Utf8DecodeWithoutBom(PercentDecode(input)));
  if (!ascii_domain) return std::nullopt;
  if (EndsInANumber(*ascii_domain)) {
    const std::optional<uint32_t> ipv4 = ParseIpv4(*ascii_domain);
    if (!ipv4) return std::nullopt;
    return SerializeIpv4(*ipv4);
  }
  return ascii_domain;
}

}  // namespace edgerun::url
