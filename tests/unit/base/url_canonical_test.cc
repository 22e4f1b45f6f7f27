// The canonical-URL shortcut (runtime/base/url_canonical.h) against the full parser: whatever it
// accepts must parse to exactly itself with the same component offsets, and the everyday
// canonical forms (request URLs) must be accepted, or the shortcut would be useless.
#include "runtime/base/url_canonical.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace edgerun::url {
namespace {

struct Piece {
  const char* text;
  bool canonical;  // the scan must accept a URL made only of canonical pieces
};

// Serialises Parse(input) with its offsets; false when it does not parse.
bool ParseAndSerialize(std::string_view input, std::string* href, UrlOffsets* offsets) {
  std::optional<Url> url = Parse(input);
  if (!url) return false;
  url->SerializeInto(href, offsets);
  return true;
}

TEST(UrlCanonical, AcceptsRequestUrlsWithTheParsersOffsets) {
  for (const char* input : {"http://localhost/", "http://127.0.0.1:8787/api/items?id=7&x=%20",
                            "https://example.com/a/b.html", "http://a.b-c.d:65535/?",
                            "https://x.y/p;q=1/@:$!*'(),~_-.x?a=/?:@"}) {
    UrlOffsets scanned;
    ASSERT_TRUE(ScanCanonicalHttpUrl(input, &scanned)) << input;
    std::string href;
    UrlOffsets expected;
    ASSERT_TRUE(ParseAndSerialize(input, &href, &expected)) << input;
    EXPECT_EQ(href, input);
    EXPECT_EQ(std::memcmp(&scanned, &expected, sizeof expected), 0) << input;
  }
}

TEST(UrlCanonical, LeavesEverythingItIsUnsureOfToTheParser) {
  for (const char* input : {"HTTP://a/",
                            "http://A/",
                            "http://a",
                            "http://a?x",
                            "http://a:80/",
                            "https://a:443/",
                            "http://a:/",
                            "http://a:080/",
                            "http://a:65536/",
                            "http://u@a/",
                            "http://u:p@a/",
                            "http://[::1]/",
                            "http://1.2.3/",
                            "http://0x7f.0.0.1/",
                            "http://1.2.3.4./",
                            "http://01.2.3.4/",
                            "http://xn--nxasmq6b/",
                            "http://a/./b",
                            "http://a/b/..",
                            "http://a/%2e/",
                            "http://a/%2E%2E",
                            "http://a/b#f",
                            "http://a/b c",
                            "http://a/b\\c",
                            "http://a/b|c",
                            "http://a/?q'",
                            "http://a/é",
                            " http://a/",
                            "http://a/\t",
                            "ftp://a/",
                            "file:///x",
                            "http:/a/",
                            "http:a/"}) {
    UrlOffsets scanned;
    EXPECT_FALSE(ScanCanonicalHttpUrl(input, &scanned)) << input;
  }
}

// Every combination of these pieces: the scan may say false to a canonical URL only when some
// piece is marked non-canonical, and must never say true to anything the parser changes.
TEST(UrlCanonical, AgreesWithTheParserOnEveryCombination) {
  const std::vector<Piece> schemes = {{"http://", true},
                                      {"https://", true},
                                      {"HTTP://", false},
                                      {"ws://", false},
                                      {"http:", false}};
  const std::vector<Piece> hosts = {
      {"a", true},         {"example.com", true}, {"127.0.0.1", true},
      {"0.0.0.0", true},   {"a..b", true},        {".", true},
      {"a.", true},        {"a-b.c1", true},      {"EXAMPLE.com", false},
      {"1.2.3", false},    {"0x7f.1", false},     {"xn--abc", false},
      {"a.xn--b", false},  {"1.2.3.4.", false},   {"256.1.1.1", false},
      {"01.2.3.4", false}, {"[::1]", false},      {"a%41", false},
      {"a_b", false},      {"", false},           {"user@a", false},
      {"a.0x", false},     {"a.1", false},        {"1.2.3.4.5", false}};
  const std::vector<Piece> ports = {
      {"", true},        {":8080", true},         {":0", true},    {":65535", true},
      {":", false},      {":80", false},          {":443", false}, {":080", false},
      {":65536", false}, {":99999999999", false}, {":8a", false}};
  const std::vector<Piece> paths = {{"/", true},
                                    {"/a", true},
                                    {"/a/b/", true},
                                    {"/a%20b", true},
                                    {"/a'b;c=d", true},
                                    {"/a..b/c.", true},
                                    {"", false},
                                    {"/./a", false},
                                    {"/a/..", false},
                                    {"/%2e", false},
                                    {"/.well-known", false},
                                    {"/a b", false},
                                    {"/a\\b", false},
                                    {"/a|b", false},
                                    {"/a^b", false},
                                    {"/a{b}", false},
                                    {"/\xc3\xa9", false},
                                    {"//a", true},
                                    {"/a/%2E%2e/b", false}};
  const std::vector<Piece> queries = {{"", true},         {"?", true},     {"?a=b&c", true},
                                      {"?a/b?c:@", true}, {"?a'b", false}, {"?a b", false},
                                      {"?%zz", true},     {"?a`b", false}};
  const std::vector<Piece> fragments = {{"", true}, {"#x", false}};
  size_t accepted = 0;
  for (const Piece& scheme : schemes) {
    for (const Piece& host : hosts) {
      for (const Piece& port : ports) {
        for (const Piece& path : paths) {
          for (const Piece& query : queries) {
            for (const Piece& fragment : fragments) {
              const std::string input = std::string(scheme.text) + host.text + port.text +
                                        path.text + query.text + fragment.text;
              UrlOffsets scanned;
              const bool ok = ScanCanonicalHttpUrl(input, &scanned);
              const bool canonical = scheme.canonical && host.canonical && port.canonical &&
                                     path.canonical && query.canonical && fragment.canonical;
              if (canonical) {
                EXPECT_TRUE(ok) << "missed " << input;
              }
              if (!ok) continue;
              ++accepted;
              std::string href;
              UrlOffsets expected;
              ASSERT_TRUE(ParseAndSerialize(input, &href, &expected)) << "accepted " << input;
              ASSERT_EQ(href, input);
              ASSERT_EQ(std::memcmp(&scanned, &expected, sizeof expected), 0) << input;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(accepted, 1000u);
}

}  // namespace
}  // namespace edgerun::url
