// _headers: spec/assets.md section 7, checklist items 8-15, 43-47, 75-87 and "Recorded
// reference behaviour" 3.
#include "runtime/assets/headers_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgerun::assets {
namespace {

using http::HeaderList;

HeadersRules Parse(std::string_view text, std::vector<ParseMessage>* warnings = nullptr,
                   HeadersLimits limits = {}) {
  return HeadersRules::Parse(text, warnings, limits);
}

HeaderList Apply(const HeadersRules& rules, std::string_view path, HeaderList headers = {},
                 std::string_view host = "example.com") {
  rules.Apply(host, path, headers);
  return headers;
}

// All values of `name`, in order (one entry per header line).
std::vector<std::string> Values(const HeaderList& headers, std::string_view name) {
  std::vector<std::string> out;
  for (const http::Header& h : headers) {
    if (http::HeaderNameEquals(h.name, name)) out.push_back(h.value);
  }
  return out;
}
std::string Get(const HeaderList& headers, std::string_view name) {
  std::vector<std::string> v = Values(headers, name);
  return v.empty() ? "<absent>" : v.front();
}

std::vector<std::string> Messages(const std::vector<ParseMessage>& warnings) {
  std::vector<std::string> out;
  for (const ParseMessage& m : warnings) out.push_back(m.message);
  return out;
}

std::vector<std::string> Paths(const HeadersRules& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules.rules()) out.push_back(r.path);
  return out;
}

// --- Parsing (parseHeaders.valid.test.ts) ---------------------------------------------------

TEST(HeadersRules, SingleRuleLowerCasesNameAndKeepsValue) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse("/a\n  Name: Value", &warnings);
  ASSERT_EQ(rules.rules().size(), 1u);
  EXPECT_EQ(rules.rules()[0].path, "/a");
  ASSERT_EQ(rules.rules()[0].set.size(), 1u);
  EXPECT_EQ(rules.rules()[0].set[0].name, "name");
  EXPECT_EQ(rules.rules()[0].set[0].value.text(), "Value");
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.rule_count(), 1u);
}

TEST(HeadersRules, BangWithoutSpaceSetsHeaderNamedWithBang) {
  HeadersRules rules = Parse("/a\n  !Name: Value");
  EXPECT_EQ(Get(Apply(rules, "/a"), "!name"), "Value");
}

TEST(HeadersRules, BlankLinesAndCommentsAreIgnored) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules =
      Parse("\n  # This is a comment\n/a\n\n  # And one here too.\nName: Value\n\n", &warnings);
  EXPECT_EQ(Paths(rules), std::vector<std::string>{"/a"});
  EXPECT_EQ(Get(Apply(rules, "/a"), "name"), "Value");
  EXPECT_TRUE(warnings.empty());
}

TEST(HeadersRules, WhitespaceAroundColonIsTrimmed) {
  HeadersRules rules = Parse("\n                /a\n    Name         :           Value\n");
  EXPECT_EQ(Get(Apply(rules, "/a"), "name"), "Value");
}

TEST(HeadersRules, RepeatedNameInOneBlockIsJoinedWithComma) {
  HeadersRules rules = Parse(
      "/a\n  Set-Cookie: test=cookie; expires=never\n  Set-Cookie: another=cookie; magic!\n"
      "/b\n  A: ABBA\n  B: BABA\n");
  EXPECT_EQ(Values(Apply(rules, "/a"), "set-cookie"),
            std::vector<std::string>{"test=cookie; expires=never, another=cookie; magic!"});
  HeaderList b = Apply(rules, "/b");
  EXPECT_EQ(Get(b, "a"), "ABBA");
  EXPECT_EQ(Get(b, "b"), "BABA");
}

TEST(HeadersRules, HostRulesAreAcceptedAndGetATrailingSlash) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(
      "https://example.com\n a: a\nhttps://example.com/\n b: b\nhttps://example.com/blog\n c: c\n"
      "/blog\n d:d\nhttps://:subdomain.example.*/path\n e:e\n",
      &warnings);
  EXPECT_TRUE(warnings.empty());
  // The second block for https://example.com/ replaces the first in its position.
  EXPECT_EQ(Paths(rules),
            (std::vector<std::string>{"https://example.com/", "https://example.com/blog", "/blog",
                                      "https://:subdomain.example.*/path"}));
  EXPECT_EQ(rules.rule_count(), 5u);
}

TEST(HeadersRules, BangSpaceAddsHeaderToUnsetList) {
  HeadersRules rules = Parse("/a\n  Name: Value\n  ! Place");
  ASSERT_EQ(rules.rules().size(), 1u);
  EXPECT_EQ(rules.rules()[0].unset, std::vector<std::string>{"Place"});
  EXPECT_EQ(Get(Apply(rules, "/a", {{"Place", "x"}}), "place"), "<absent>");
}

TEST(HeadersRules, CustomLineLengthAndRuleLimitsAreHonoured) {
  std::string aaa(1001, 'a'), bbb(1001, 'b');
  std::string text = "/a\n Name: Value\n" + std::string(1001, '#') + "\n/b\n Name: Value\n " + aaa +
                     ": " + bbb + "\n";
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(text, &warnings, HeadersLimits{100, 3000});
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Get(Apply(rules, "/b"), aaa), bbb);

  std::string many;
  for (int i = 0; i < 150; ++i)
    many += "/a/" + std::to_string(i) + "\nx-index: " + std::to_string(i) + "\n";
  warnings.clear();
  rules = Parse(many, &warnings, HeadersLimits{200, 2000});
  EXPECT_EQ(rules.rules().size(), 150u);
  EXPECT_TRUE(warnings.empty());
}

// --- Parsing problems (parseHeaders.invalid.test.ts) ------------------------------------------

TEST(HeadersRules, BareTokenBeforeAnyPathExpectsAPath) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(
      "\n    # A single token before a path\n    c\n    # A header before a path\n"
      "    Access-Control-Allow-Origin: *\n  ",
      &warnings);
  EXPECT_TRUE(rules.rules().empty());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].line, 3);
  EXPECT_EQ(warnings[0].message, "Expected a path beginning with at least one forward-slash");
  EXPECT_EQ(warnings[1].line, 5);
  EXPECT_EQ(warnings[1].message, "Path should come before header (access-control-allow-origin: *)");
}

TEST(HeadersRules, InvalidHeaderLinesAreSkippedWithTheirReason) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(
      "\n    # Valid header sails through\n    /a\n      Name:       Value\n    #\n    /b\n"
      "      I'm invalid!\n      !x-content-type\n      But: I'm okay!\n"
      "      ! Content-Type: application/json\n  ",
      &warnings);
  EXPECT_EQ(Paths(rules), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(Get(Apply(rules, "/b"), "but"), "I'm okay!");
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0].line, 7);
  EXPECT_EQ(warnings[0].message, "Expected a colon-separated header pair (e.g. name: value)");
  EXPECT_EQ(warnings[1].line, 8);
  EXPECT_EQ(warnings[1].message, "Expected a colon-separated header pair (e.g. name: value)");
  EXPECT_EQ(warnings[2].line, 10);
  EXPECT_EQ(warnings[2].message, "Header name cannot include spaces");
}

TEST(HeadersRules, LineOver2000CharactersIsIgnoredButLongCommentsAreFine) {
  std::string huge = std::string(1001, 'a') + ": " + std::string(1001, 'b');
  std::string text = "\n    # Valid entry\n    /a\n      Name: Value\n    # Jumbo comment\n    " +
                     std::string(1001, '#') +
                     "\n    # Huge path names rejected\n    /b\n"
                     "      Name: Value\n      " +
                     huge + "\n  ";
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(text, &warnings);
  EXPECT_EQ(Paths(rules), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(Messages(warnings),
            std::vector<std::string>{
                "Ignoring line 10 as it exceeds the maximum allowed length of 2000."});
}

TEST(HeadersRules, OneHundredAndOneRulesAreAcceptedThenTheRestSkipped) {
  std::string text = "\n    # COMMENTS DON'T COUNT TOWARDS TOTAL VALID RULES\n    ";
  for (int i = 0; i < 150; ++i) {
    text += (i ? "\n" : "") + std::string("/a/") + std::to_string(i) +
            "\nx-index: " + std::to_string(i);
  }
  text += "\n    # BUT DO GET COUNTED AS TOTAL LINES SKIPPED\n  ";
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(text, &warnings);
  EXPECT_EQ(rules.rules().size(), 101u);
  EXPECT_EQ(rules.rule_count(), 101u);
  EXPECT_EQ(rules.rules().back().path, "/a/100");
  EXPECT_EQ(Messages(warnings),
            std::vector<std::string>{
                "Maximum number of rules supported is 100. Skipping remaining 100 lines of file."});
}

TEST(HeadersRules, TwoWildcardsAreAcceptedCountedAndNeverMatch) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse("https://*.pages.dev/*\n  X-Robots-Tag: noindex\n", &warnings);
  EXPECT_EQ(rules.rule_count(), 1u);
  EXPECT_EQ(Get(Apply(rules, "/x", {}, "a.pages.dev"), "x-robots-tag"), "<absent>");
  EXPECT_EQ(Get(Apply(rules, "/a/*/b/*/c/*"), "x-robots-tag"), "<absent>");
  ASSERT_EQ(warnings.size(), 1u);  // edgerun says why; the rule is kept all the same
  EXPECT_EQ(warnings[0].line, 1);
}

TEST(HeadersRules, WildcardWithSplatPlaceholderIsAcceptedAndNeverMatches) {
  HeadersRules rules = Parse("https://*.pages.dev/:splat\n  Test: value\n");
  EXPECT_EQ(rules.rule_count(), 1u);
  EXPECT_EQ(Get(Apply(rules, "/x", {}, "a.pages.dev"), "test"), "<absent>");
}

TEST(HeadersRules, NeverMatchingRulesCountTowardTheRuleLimit) {
  std::string text;
  for (int i = 0; i < 101; ++i) text += "/x" + std::to_string(i) + "/*/*\n  A: b\n";
  text += "/real\n  A: b\n/real2\n  A: b\n";
  HeadersRules rules = Parse(text);
  EXPECT_EQ(rules.rule_count(), 101u);
  EXPECT_EQ(Get(Apply(rules, "/real"), "a"), "<absent>");
}

TEST(HeadersRules, SingleWildcardRulesAreAccepted) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules =
      Parse("/static/*\n  Cache-Control: public\nhttps://*.example.com/\n  X-Frame-Options: DENY\n",
            &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Get(Apply(rules, "/static/a/b.css"), "cache-control"), "public");
  EXPECT_EQ(Get(Apply(rules, "/", {}, "www.example.com"), "x-frame-options"), "DENY");
}

TEST(HeadersRules, MalformedUrlsAreEncodedOrRejected) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse(
      "\n  # Spaces should be URI encoded\n  /some page with spaces\n    valid: yup\n"
      "  # OK with URL escaped encoding\n  /some%20page\n    valid: yup\n"
      "  # Unescaped URLs are handled OK by Deno, so escape & pass them through\n"
      "  /://so;`me\n    valid: yup\n  /nons:/&@%+~{}ense\n    valid: yup\n"
      "  # Absolute URLs with a non-https protocol should be rejected\n"
      "  https://yeah.com\n    valid: yup\n  http://nah.com/blog\n    invalid: things\n"
      "  # Absolute URLs with a port should be rejected\n  https://nah.com:8080\n"
      "    invalid: also\n  https://nah.com:8080/blog\n    invalid: 2\n"
      "  //yeah.com/blog\n    valid: things\n  /yeah\n    valid: yup\n  /yeah.com\n"
      "    valid: yup\n  # Anything standalone is interpreted as a invalid header pair\n"
      "  nah.com\n  :\n  test:\n",
      &warnings);
  EXPECT_EQ(Paths(rules),
            (std::vector<std::string>{"/some%20page%20with%20spaces", "/some%20page",
                                      "/://so;%60me", "/nons:/&@%+~%7B%7Dense", "https://yeah.com/",
                                      "//yeah.com/blog", "/yeah", "/yeah.com"}));
  std::vector<std::pair<int, std::string>> got;
  for (const ParseMessage& m : warnings) got.emplace_back(m.line, m.message);
  std::vector<std::pair<int, std::string>> want = {
      {16,
       "URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. "
       "begin with \"https://\")."},
      {17, "Path should come before header (invalid: things)"},
      {19, "Specifying ports is not supported. Skipping absolute URL https://nah.com:8080."},
      {20, "Path should come before header (invalid: also)"},
      {21, "Specifying ports is not supported. Skipping absolute URL https://nah.com:8080/blog."},
      {22, "Path should come before header (invalid: 2)"},
      {30, "Expected a colon-separated header pair (e.g. name: value)"},
      {31, "No header name specified"},
      {32, "No header value specified"},
  };
  EXPECT_EQ(got, want);
}

TEST(HeadersRules, PathLineWithoutHeadersIsInvalid) {
  std::vector<ParseMessage> warnings;
  HeadersRules rules = Parse("/a\n/b\n  X: y\n/c\n", &warnings);
  EXPECT_EQ(Paths(rules), std::vector<std::string>{"/b"});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].message, "No headers specified");
  EXPECT_EQ(warnings[0].line, 1);
  EXPECT_EQ(warnings[1].message, "No headers specified");
  EXPECT_EQ(warnings[1].line, 4);
}

TEST(HeadersRules, DuplicatePathBlockReplacesEarlierKeepingItsPosition) {
  HeadersRules rules = Parse("/a\n  X: 1\n/*\n  X: star\n/a\n  Y: 2\n");
  EXPECT_EQ(Paths(rules), (std::vector<std::string>{"/a", "/*"}));
  HeaderList h = Apply(rules, "/a");
  EXPECT_EQ(Get(h, "x"), "star");  // the first /a block is gone; /* sets X
  EXPECT_EQ(Get(h, "y"), "2");
  EXPECT_EQ(rules.rule_count(), 3u);
}

TEST(HeadersRules, CrLfLineEndingsAndByteOrderMarkAreTolerated) {
  HeadersRules rules = Parse("\xEF\xBB\xBF/a\r\n  X: 1\r\n");
  EXPECT_EQ(Get(Apply(rules, "/a"), "x"), "1");
}

// --- Matching (rules-engine.test.ts) -----------------------------------------------------------

TEST(HeadersRules, EncodedRuleMatchesRequestForPathWithSpace) {
  HeadersRules rules = Parse("/test\n  A: test\n/some page\n  A: some page\n");
  // `/some page` reaches the server as the URL-parsed `/some%20page`.
  EXPECT_EQ(Get(Apply(rules, "/some%20page"), "a"), "some page");
  EXPECT_EQ(Get(Apply(rules, "/test"), "a"), "test");
}

TEST(HeadersRules, RelativeAndHostRulesBothMatchInFileOrder) {
  HeadersRules rules = Parse(
      "/test\n  X: relative\nhttps://custom.domain/test\n  X: host\n"
      "//fake.host/test\n  Y: fake\nhttps://other.domain/test\n  Z: other\n");
  HeaderList h = Apply(rules, "/test", {}, "custom.domain");
  EXPECT_EQ(Get(h, "x"), "relative, host");
  EXPECT_EQ(Get(h, "z"), "<absent>");
  // `//fake.host/test` is the path //fake.host/test, not a host rule.
  EXPECT_EQ(Get(Apply(rules, "//fake.host/test", {}, "other.host"), "y"), "fake");
  EXPECT_EQ(Get(Apply(rules, "/test", {}, "fake.host"), "y"), "<absent>");
}

TEST(HeadersRules, HostRuleIgnoresRequestProtocolAndPort) {
  HeadersRules rules = Parse("https://custom.domain/test\n  X: host\n");
  EXPECT_EQ(Get(Apply(rules, "/test", {}, "custom.domain:8787"), "x"), "host");
  EXPECT_EQ(Get(Apply(rules, "/test", {}, "CUSTOM.domain"), "x"), "host");
}

TEST(HeadersRules, RegexMetacharactersMatchLiterally) {
  HeadersRules rules = Parse("/a.b+c$d^e|f[g](h)\\i\n  X: hit\n");
  EXPECT_EQ(Get(Apply(rules, "/a.b+c$d^e|f[g](h)\\i"), "x"), "hit");
  EXPECT_EQ(Get(Apply(rules, "/aXb+c$d^e|f[g](h)\\i"), "x"), "<absent>");
  EXPECT_EQ(Get(Apply(rules, "/a.bbc$d^e|fg(h)\\i"), "x"), "<absent>");
}

TEST(HeadersRules, AllMatchingSplatAndPlaceholderRulesApplyInOrder) {
  HeadersRules rules =
      Parse("/foo/*\n  X: splat\n/foo/:name\n  X: name\n/foo/test/*\n  Y: deep\n/foo\n  Z: foo\n");
  HeaderList h = Apply(rules, "/foo/test");
  EXPECT_EQ(Get(h, "x"), "splat, name");
  EXPECT_EQ(Get(h, "y"), "<absent>");  // `/foo/test` does not match `/foo/test/*`
  HeaderList root = Apply(rules, "/foo");
  EXPECT_EQ(Get(root, "x"), "<absent>");  // `/foo` does not match `/foo/*`
  EXPECT_EQ(Get(root, "z"), "foo");
}

TEST(HeadersRules, HostPlaceholdersCaptureSubdomainAndTld) {
  HeadersRules rules = Parse("https://:subdomain.example.:tld/*\n  X: :subdomain :tld :splat\n");
  EXPECT_EQ(Get(Apply(rules, "/a/b", {}, "www.example.com"), "x"), "www com a/b");
  // A host placeholder stops at '.': two labels cannot fill `:subdomain`.
  EXPECT_EQ(Get(Apply(rules, "/a", {}, "a.b.example.com"), "x"), "<absent>");
}

TEST(HeadersRules, ReplacerSubstitutesSplatNamedPlaceholdersAndEveryOccurrence) {
  HeadersRules rules = Parse("/:lang/*\n  X: :splat|:lang|:splat|:lang\n  Y: :unknown :langs\n");
  HeaderList h = Apply(rules, "/en/a/b");
  EXPECT_EQ(Get(h, "x"), "a/b|en|a/b|en");
  EXPECT_EQ(Get(h, "y"), ":unknown :langs");  // names the rule lacks stay as written
}

TEST(HeadersRules, SplatBeforePlaceholderCapturesGreedily) {
  HeadersRules rules = Parse("/*/:last\n  X: :splat + :last\n/d/:a-:b\n  Y: :a + :b\n");
  EXPECT_EQ(Get(Apply(rules, "/a/b/c"), "x"), "a/b + c");
  EXPECT_EQ(Get(Apply(rules, "/d/x-y-z"), "y"), "x-y + z");
  EXPECT_EQ(Get(Apply(rules, "/d/xyz"), "y"), "<absent>");
}

TEST(HeadersRules, PartialSegmentPlaceholderAndSplat) {
  HeadersRules rules = Parse("/img-:id.png\n  X: :id\n/pre*fix\n  Y: :splat\n");
  EXPECT_EQ(Get(Apply(rules, "/img-42.png"), "x"), "42");
  EXPECT_EQ(Get(Apply(rules, "/img-.png"), "x"), "<absent>");
  EXPECT_EQ(Get(Apply(rules, "/pre/a/fix"), "y"), "/a/");
  EXPECT_EQ(Get(Apply(rules, "/prefix"), "y"), "");
}

// --- Application (handler.test.ts 8-15) --------------------------------------------------------

TEST(HeadersRules, RootRuleAppliesOnlyToRoot) {
  HeadersRules rules = Parse("/\n  X-Root: yes\n/foo\n  X-Foo: yes\n");
  HeaderList h = Apply(rules, "/");
  EXPECT_EQ(Get(h, "x-root"), "yes");
  EXPECT_EQ(Get(h, "x-foo"), "<absent>");
}

TEST(HeadersRules, PlaceholderValueIsReplacedAndOneSegmentOnly) {
  HeadersRules rules = Parse("/bang/:placeheld\n  X-Placeholder: :placeheld\n");
  EXPECT_EQ(Get(Apply(rules, "/bang/baz"), "x-placeholder"), "baz");
  EXPECT_EQ(Get(Apply(rules, "/bang/baz/abba"), "x-placeholder"), "<absent>");
}

TEST(HeadersRules, SplatValueCapturesRestOfPath) {
  HeadersRules rules = Parse("/art/*\n  X-Art: painted :splat\n  Set-Cookie: me\n");
  HeaderList h = Apply(rules, "/art/attack/by/Neil/Buchanan");
  EXPECT_EQ(Get(h, "x-art"), "painted attack/by/Neil/Buchanan");
  EXPECT_EQ(Get(h, "set-cookie"), "me");
}

TEST(HeadersRules, AppendRepeatedNameWithComma) {
  HeadersRules rules = Parse("/*\n  X-Custom: me\n/foo\n  X-Custom: me too\n");
  EXPECT_EQ(Values(Apply(rules, "/foo", {{"X-Custom", "default"}}), "x-custom"),
            std::vector<std::string>{"me, me too"});
}

TEST(HeadersRules, SetCookieFromTwoRulesGivesTwoHeaderLines) {
  HeadersRules rules = Parse("/*\n  Set-Cookie: me\n/foo\n  Set-Cookie: me too\n");
  EXPECT_EQ(Values(Apply(rules, "/foo"), "set-cookie"), (std::vector<std::string>{"me", "me too"}));
}

TEST(HeadersRules, FirstSetReplacesDefaultHeader) {
  HeadersRules rules = Parse("/foo\n  ETag: very rogue\n");
  HeaderList h = Apply(rules, "/foo", {{"ETag", "\"abc\""}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(Values(h, "etag"), std::vector<std::string>{"very rogue"});
  EXPECT_EQ(Get(h, "content-type"), "text/plain");
}

TEST(HeadersRules, UnsetIsCaseInsensitive) {
  HeadersRules rules = Parse("/foo\n  ! ETAg\n");
  EXPECT_EQ(Get(Apply(rules, "/foo", {{"ETag", "\"abc\""}}), "etag"), "<absent>");
}

TEST(HeadersRules, UnsetThenSetInOneRuleReplacesEarlierValue) {
  HeadersRules rules = Parse("/*\n  Set-Cookie: me\n/foo\n  ! Set-Cookie\n  Set-Cookie: hijack\n");
  EXPECT_EQ(Values(Apply(rules, "/foo"), "set-cookie"), std::vector<std::string>{"hijack"});
}

TEST(HeadersRules, LaterRuleUnsetRemovesHeaderOfEarlierRule) {
  HeadersRules rules = Parse("/*\n  Set-Cookie: me\n/foo/bar\n  ! Set-Cookie\n");
  EXPECT_EQ(Get(Apply(rules, "/foo/bar"), "set-cookie"), "<absent>");
  EXPECT_EQ(Get(Apply(rules, "/foo"), "set-cookie"), "me");
}

TEST(HeadersRules, MatchTheRawRequestPathNotTheCanonicalOne) {
  HeadersRules rules = Parse("/a+b.txt\n  X: raw\n");
  EXPECT_EQ(Get(Apply(rules, "/a+b.txt"), "x"), "raw");
  EXPECT_EQ(Get(Apply(rules, "/a%2Bb.txt"), "x"), "<absent>");
}

// --- Section 7 example table ------------------------------------------------------------------

constexpr std::string_view kExampleRules =
    "/secure/page\n  X-Frame-Options: DENY\n"
    "/static/*\n  Access-Control-Allow-Origin: *\n  X-Robots-Tag: nosnippet\n"
    "https://myworker.sub.workers.dev/*\n  X-Robots-Tag: noindex\n"
    "/movies/:title\n  x-movie-name: You are watching \":title\"\n"
    "/*.jpg\n  ! Content-Security-Policy\n";

TEST(HeadersRules, ExampleSecurePageGetsFrameOptionsOnAnyHost) {
  HeadersRules rules = Parse(kExampleRules);
  HeaderList h = Apply(rules, "/secure/page", {{"ETag", "\"e\""}}, "custom.domain");
  EXPECT_EQ(Get(h, "x-frame-options"), "DENY");
  EXPECT_EQ(Get(h, "etag"), "\"e\"");
  EXPECT_EQ(Get(h, "x-robots-tag"), "<absent>");
}

TEST(HeadersRules, ExampleStaticOnWorkersDevGetsBothRobotsTags) {
  HeadersRules rules = Parse(kExampleRules);
  HeaderList h = Apply(rules, "/static/a.css", {}, "myworker.sub.workers.dev");
  EXPECT_EQ(Get(h, "access-control-allow-origin"), "*");
  EXPECT_EQ(Values(h, "x-robots-tag"), std::vector<std::string>{"nosnippet, noindex"});
}

TEST(HeadersRules, ExampleHostRuleIgnoresProtocolAndPort) {
  HeadersRules rules = Parse(kExampleRules);
  EXPECT_EQ(Get(Apply(rules, "/home", {}, "myworker.sub.workers.dev:8787"), "x-robots-tag"),
            "noindex");
}

TEST(HeadersRules, ExampleMovieTitlePlaceholder) {
  HeadersRules rules = Parse(kExampleRules);
  EXPECT_EQ(Get(Apply(rules, "/movies/alien"), "x-movie-name"), "You are watching \"alien\"");
}

TEST(HeadersRules, ExampleMoviePlaceholderIsOneSegment) {
  HeadersRules rules = Parse(kExampleRules);
  EXPECT_EQ(Get(Apply(rules, "/movies/alien/extra"), "x-movie-name"), "<absent>");
}

TEST(HeadersRules, ExampleJpgUnsetsContentSecurityPolicy) {
  HeadersRules rules = Parse(kExampleRules);
  EXPECT_EQ(
      Get(Apply(rules, "/a/b.jpg", {{"Content-Security-Policy", "x"}}), "content-security-policy"),
      "<absent>");
}

TEST(HeadersRules, ExampleArtSplatInValue) {
  HeadersRules rules = Parse("/art/*\n  X: v :splat\n");
  EXPECT_EQ(Get(Apply(rules, "/art/a/b/c"), "x"), "v a/b/c");
}

TEST(HeadersRules, ExampleSystemUnsetEtag) {
  HeadersRules rules = Parse("/system/*\n  ! ETag\n");
  EXPECT_EQ(Get(Apply(rules, "/system/x", {{"ETag", "\"e\""}}), "etag"), "<absent>");
}

TEST(HeadersRules, ExampleSystemSetEtagRogue) {
  HeadersRules rules = Parse("/system/*\n  ETag: rogue\n");
  EXPECT_EQ(Values(Apply(rules, "/system/x", {{"ETag", "\"e\""}}), "etag"),
            std::vector<std::string>{"rogue"});
}

TEST(HeadersRules, EmptyFileHasNoRulesAndChangesNothing) {
  HeadersRules rules = Parse("");
  EXPECT_EQ(rules.rule_count(), 0u);
  HeaderList h = Apply(rules, "/", {{"ETag", "\"e\""}});
  EXPECT_EQ(h.size(), 1u);
}

}  // namespace
}  // namespace edgerun::assets
