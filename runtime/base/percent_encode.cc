#include "runtime/base/percent_encode.h"

#include <array>

namespace edgerun::url {
namespace {

// One bit per EncodeSet, indexed by byte. Built once at compile time from the spec's lists.
constexpr uint8_t Bit(EncodeSet set) { return static_cast<uint8_t>(1u << static_cast<int>(set)); }

constexpr std::array<uint8_t, 256> MakeTable() {
  std::array<uint8_t, 256> table{};
  auto add = [&table](std::string_view chars, std::initializer_list<EncodeSet> sets) {
    for (char ch : chars) {
      for (EncodeSet s : sets) table[static_cast<unsigned char>(ch)] |= Bit(s);
    }
  };
  constexpr uint8_t kAll = 0xff;
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c > 0x7e) table[c] = kAll;
  }
  using E = EncodeSet;
  add(" \"<>`", {E::kFragment});
  add(" \"#<>",
      {E::kQuery, E::kSpecialQuery, E::kPath, E::kUserinfo, E::kComponent, E::kFormUrlencoded});
  add("'", {E::kSpecialQuery, E::kFormUrlencoded});
  add("?^`{}", {E::kPath, E::kUserinfo, E::kComponent, E::kFormUrlencoded});
  add("/:;=@[\\]|", {E::kUserinfo, E::kComponent, E::kFormUrlencoded});
  add("$%&+,", {E::kComponent, E::kFormUrlencoded});
  add("!()~", {E::kFormUrlencoded});
  return table;
}

constexpr std::array<uint8_t, 256> kTable = MakeTable();
constexpr char kHex[] = "0123456789ABCDEF";

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool InEncodeSet(unsigned char c, EncodeSet set) { return (kTable[c] & Bit(set)) != 0; }

// https://url.spec.whatwg.org/#string-percent-encode-after-encoding (UTF-8 only)
void AppendPercentEncoded(std::string& out, std::string_view input, EncodeSet set,
                          bool space_as_plus) {
  const uint8_t bit = Bit(set);
  size_t run_start = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (!(kTable[c] & bit) && !(space_as_plus && c == ' ')) continue;
    out.append(input.data() + run_start, i - run_start);
    if (space_as_plus && c == ' ') {
      out.push_back('+');
    } else {
      const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 0xf]};
      out.append(escaped, 3);
    }
    run_start = i + 1;
  }
  out.append(input.data() + run_start, input.size() - run_start);
}

std::string PercentEncode(std::string_view input, EncodeSet set, bool space_as_plus) {
  std::string out;
  out.reserve(input.size());
  AppendPercentEncoded(out, input, set, space_as_plus);
  return out;
}

std::string PercentDecode(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    if (c == '%' && i + 2 < input.size()) {
      const int hi = HexValue(static_cast<unsigned char>(input[i + 1]));
      const int lo = HexValue(static_cast<unsigned char>(input[i + 2]));
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

namespace {

// Length of the well-formed UTF-8 sequence at `s[i]`, or 0 with `*subpart` set to the number
// of bytes forming the maximal subpart to replace by one U+FFFD
// (https://encoding.spec.whatwg.org/#utf-8-decoder).
size_t Utf8SequenceLength(std::string_view s, size_t i, size_t* subpart) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t needed;
  unsigned char lower = 0x80, upper = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    needed = 1;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    needed = 2;
    if (b0 == 0xe0) lower = 0xa0;
    if (b0 == 0xed) upper = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    needed = 3;
    if (b0 == 0xf0) lower = 0x90;
    if (b0 == 0xf4) upper = 0x8f;
  } else {
    *subpart = 1;
    return 0;
  }
  for (size_t k = 1; k <= needed; ++k) {
    if (i + k >= s.size()) {
      *subpart = k;
      return 0;
    }
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < lower || b > upper) {
      *subpart = k;
      return 0;
    }
    lower = 0x80;
    upper = 0xbf;
  }
  return needed + 1;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  size_t subpart = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i, &subpart);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string Utf8DecodeWithoutBom(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  size_t subpart = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i, &subpart);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      i += subpart;
    } else {
      out.append(bytes.data() + i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace edgerun::url
