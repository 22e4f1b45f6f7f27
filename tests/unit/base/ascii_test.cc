#include "runtime/base/ascii.h"

#include <gtest/gtest.h>

namespace edgerun {
namespace {

TEST(Ascii, IsAsciiFindsAHighByteAtAnyPosition) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("http://127.0.0.1:8787/some/longer/path?q=1"));
  for (size_t length = 1; length <= 20; ++length) {
    for (size_t at = 0; at < length; ++at) {
      std::string s(length, 'a');
      s[at] = static_cast<char>(0x80);
      EXPECT_FALSE(IsAscii(s)) << length << " " << at;
    }
  }
}

TEST(Ascii, AppendDecimalWritesPlainDigits) {
  std::string out = "port:";
  AppendDecimal(&out, 0);
  AppendDecimal(&out, 8787);
  out += ' ';
  AppendDecimal(&out, UINT64_MAX);
  EXPECT_EQ(out, "port:08787 18446744073709551615");
}

}  // namespace
}  // namespace edgerun
