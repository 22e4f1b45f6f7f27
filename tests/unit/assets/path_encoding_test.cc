#include "runtime/assets/path_encoding.h"

#include <gtest/gtest.h>

namespace edgerun::assets {
namespace {

TEST(PathEncoding, DecodesEachSegmentWithDecodeUriComponent) {
  EXPECT_EQ(DecodePath("/about/%5Bboop%5D"), "/about/[boop]");
  EXPECT_EQ(DecodePath("/about/[f%C3%BCnky].txt"), "/about/[f\xC3\xBCnky].txt");
  EXPECT_EQ(DecodePath("/awesome/file%2ebin"), "/awesome/file.bin");
  EXPECT_EQ(DecodePath("/beep%3Fboop"), "/beep?boop");
}

TEST(PathEncoding, MalformedSegmentIsKeptRaw) {
  EXPECT_EQ(DecodePath("/%A0"), "/%A0");
  EXPECT_EQ(DecodePath("/%A0%A0/%41"), "/%A0%A0/A");
  EXPECT_EQ(DecodePath("/100%/x"), "/100%/x");
  EXPECT_EQ(DecodePath("/%zz%41"), "/%zz%41");  // the whole segment stays raw
}

TEST(PathEncoding, RejectsInvalidUtf8LikeDecodeUriComponent) {
  std::string out;
  EXPECT_FALSE(DecodeUriComponent("%C0%AF", &out));        // overlong '/'
  EXPECT_FALSE(DecodeUriComponent("%ED%A0%80", &out));     // surrogate
  EXPECT_FALSE(DecodeUriComponent("%F4%90%80%80", &out));  // above U+10FFFF
  EXPECT_FALSE(DecodeUriComponent("%80", &out));           // stray continuation
  EXPECT_FALSE(DecodeUriComponent("%E2%82", &out));        // truncated
  EXPECT_FALSE(DecodeUriComponent("%4", &out));
  EXPECT_TRUE(DecodeUriComponent("%F0%9F%98%80", &out));
  EXPECT_EQ(out, "\xF0\x9F\x98\x80");
}

TEST(PathEncoding, EncodedSlashBecomesSeparatorAndRunsCollapse) {
  EXPECT_EQ(DecodePath("/bin%2F"), "/bin/");
  EXPECT_EQ(DecodePath("//blog/index.html"), "/blog/index.html");
  EXPECT_EQ(DecodePath("/%2fblog/index.html"), "/blog/index.html");
  EXPECT_EQ(DecodePath("/%2f%2fbad.example.com%2f"), "/bad.example.com/");
  EXPECT_EQ(DecodePath("/bin%252F"), "/bin%2F");
}

TEST(PathEncoding, EncodedDotSegmentsDecodeToLiteralNames) {
  EXPECT_EQ(DecodePath("/a/..%2F..%2Fb"), "/a/../../b");
  EXPECT_EQ(DecodePath("/blog/..%2fnope"), "/blog/../nope");
  EXPECT_EQ(DecodePath("/%2e%2e/x"), "/../x");
}

TEST(PathEncoding, NulDecodesToAByteThatNoKeyHas) {
  EXPECT_EQ(DecodePath("/a%00b"), std::string("/a\0b", 4));
}

TEST(PathEncoding, EncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(EncodePath("/about/[boop]"), "/about/%5Bboop%5D");
  EXPECT_EQ(EncodePath("/a:b@c$d,e;f=g+h&i"), "/a%3Ab%40c%24d%2Ce%3Bf%3Dg%2Bh%26i");
  EXPECT_EQ(EncodePath("/-_.!~*'()"), "/-_.!~*'()");
  EXPECT_EQ(EncodePath("/%A0%A0"), "/%25A0%25A0");
  EXPECT_EQ(EncodePath("/f\xC3\xBC"), "/f%C3%BC");
  EXPECT_EQ(EncodePath("/a b\\c"), "/a%20b%5Cc");
}

TEST(PathEncoding, EncodesToMatchesEncodePath) {
  for (const char* decoded : {"/", "/a b", "/[x]/y", "/%A0", "/f\xC3\xBC/", "/a+b.txt"}) {
    std::string encoded = EncodePath(decoded);
    EXPECT_TRUE(EncodesTo(decoded, encoded)) << decoded;
    EXPECT_FALSE(EncodesTo(decoded, encoded + "x")) << decoded;
  }
  EXPECT_FALSE(EncodesTo("/[x]", "/[x]"));
  EXPECT_FALSE(EncodesTo("/a.bin", "/a%2ebin"));
  EXPECT_FALSE(EncodesTo("/x", "/%78"));
}

TEST(PathEncoding, IdentityFastPathOnlyWithoutPercentOrDoubleSlash) {
  EXPECT_TRUE(DecodeIsIdentity("/a/b.html"));
  EXPECT_FALSE(DecodeIsIdentity("/a%20b"));
  EXPECT_FALSE(DecodeIsIdentity("//a"));
}

}  // namespace
}  // namespace edgerun::assets
