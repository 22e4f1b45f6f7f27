// _redirects: spec/assets.md section 8, checklist items 27-35 and 88-105.
#include "runtime/assets/redirects_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgerun::assets {
namespace {

constexpr std::string_view kInfiniteLoop =
    "Infinite loop detected in this rule and has been ignored. This will cause a redirect to "
    "strip `.html` or `/index` and end up triggering this rule again. Please fix or remove this "
    "rule to silence this warning.";

RedirectsRules Parse(std::string_view text, std::vector<ParseMessage>* warnings = nullptr,
                     RedirectsLimits limits = {}, bool html_handling_is_none = false) {
  return RedirectsRules::Parse(text, html_handling_is_none, warnings, limits);
}

// from -> "status to" for every rule, in file order.
struct RuleView {
  std::string from, to;
  int status, line;
  bool operator==(const RuleView&) const = default;
};
std::ostream& operator<<(std::ostream& os, const RuleView& r) {
  return os << r.line << ": " << r.from << " " << r.to << " " << r.status;
}
std::vector<RuleView> Rules(const RedirectsRules& rules) {
  std::vector<RuleView> out;
  for (const RedirectsRules::Rule* r : rules.rules()) {
    out.push_back(RuleView{r->from, r->to.text(), r->status, r->line});
  }
  return out;
}

std::vector<std::pair<int, std::string>> Warnings(const std::vector<ParseMessage>& warnings) {
  std::vector<std::pair<int, std::string>> out;
  for (const ParseMessage& m : warnings) out.emplace_back(m.line, m.message);
  return out;
}

// The Location a request for `path` + `query` on example.com gets, or "<none>".
std::string LocationFor(const RedirectsRules& rules, std::string_view path,
                        std::string_view query = "", int* status = nullptr) {
  std::optional<RedirectMatch> m = rules.Match(path);
  if (!m) return "<none>";
  if (status) *status = m->status;
  return RedirectsRules::Location(*m, "example.com", query);
}

// --- Parsing (parseRedirects.valid.test.ts) ----------------------------------------------------

TEST(RedirectsRules, SingleRule) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("/a /b 301", &warnings);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 301, 1}}));
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.rule_count(), 1u);
}

TEST(RedirectsRules, BlankLinesWhitespaceAndCommentsAreIgnored) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules =
      Parse("\n  # This is a comment\n  /a /b 301\n    # indented\n# one\n# two\n\n", &warnings);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 301, 3}}));
  EXPECT_TRUE(warnings.empty());
}

TEST(RedirectsRules, FileOfOnlyCommentsHasNoRules) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("# a\n  # b\n#c", &warnings);
  EXPECT_EQ(rules.rule_count(), 0u);
  EXPECT_TRUE(warnings.empty());
  EXPECT_FALSE(rules.Match("/").has_value());
}

TEST(RedirectsRules, StatusDefaultsTo302) {
  RedirectsRules rules = Parse("\n  /a /b 302\n  /c /d\n");
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 302, 2}, {"/c", "/d", 302, 3}}));
}

TEST(RedirectsRules, QueryKeptOnDestinationAndDroppedFromSource) {
  RedirectsRules rules = Parse(
      "\n  /a /b?query=string 302\n  /c?this=rejected /d 301\n"
      "  /ext https://some.domain:1234/route?q=string#anchor\n");
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{
                              {"/a", "/b?query=string", 302, 2},
                              {"/c", "/d", 301, 3},
                              {"/ext", "https://some.domain:1234/route?q=string#anchor", 302, 4}}));
}

TEST(RedirectsRules, FragmentsAreKeptIncludingDoubleHash) {
  RedirectsRules rules =
      Parse("/a /b#blah 302\n/c /d##blah-1 302\n/e https://example.com/b##blah-1 302\n");
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b#blah", 302, 1},
                                                 {"/c", "/d##blah-1", 302, 2},
                                                 {"/e", "https://example.com/b##blah-1", 302, 3}}));
}

TEST(RedirectsRules, ProxyRulesAndAbsoluteDestinationsAreAccepted) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(
      "\t/a /b 200\n\t/foo https://bar.com/index.html 302\n\t/bar https://bar.com:123/index.html "
      "302\n"
      "\t/cat https://cat.com:12345 302\n\t/dog https://dog.com:12345\n",
      &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 200, 1},
                                                 {"/foo", "https://bar.com/index.html", 302, 2},
                                                 {"/bar", "https://bar.com:123/index.html", 302, 3},
                                                 {"/cat", "https://cat.com:12345/", 302, 4},
                                                 {"/dog", "https://dog.com:12345/", 302, 5}}));
}

TEST(RedirectsRules, SplatToNonIndexProxyIsAccepted) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("\t/* /foo 200\n", &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/*", "/foo", 200, 1}}));
}

TEST(RedirectsRules, InlineCommentsAreStripped) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(
      "/a /b # no status\n/c /d 301 # with status\n/e /f#frag # after a fragment\n"
      "/g /h 308 #nospace\n/i /j #\n/k /l#kept\n",
      &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 302, 1},
                                                 {"/c", "/d", 301, 2},
                                                 {"/e", "/f#frag", 302, 3},
                                                 {"/g", "/h", 308, 4},
                                                 {"/i", "/j", 302, 5},
                                                 {"/k", "/l#kept", 302, 6}}));
}

TEST(RedirectsRules, CustomLimitsAreHonoured) {
  std::string aaa(1001, 'a'), bbb(1001, 'b');
  std::string text = "\n    # Valid entry\n    /a /b\n    " + std::string(1001, '#') +
                     "\n    # Huge path names rejected\n    /" + aaa + " /" + bbb + " 301\n  ";
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(text, &warnings, RedirectsLimits{2000, 100, 3000});
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.rule_count(), 2u);

  std::string mixed = "# c\n";
  for (int i = 0; i < 2050; ++i)
    mixed += "/a/" + std::to_string(i) + " /b/" + std::to_string(i) + "\n";
  for (int i = 0; i < 150; ++i)
    mixed += "/a/" + std::to_string(i) + "/* /b/" + std::to_string(i) + "/:splat\n";
  warnings.clear();
  rules = Parse(mixed, &warnings, RedirectsLimits{3000, 200, 2000});
  EXPECT_EQ(rules.rule_count(), 2200u);
  EXPECT_EQ(rules.static_count(), 2050u);
  EXPECT_TRUE(warnings.empty());
}

// --- Parsing problems (parseRedirects.invalid.test.ts) -----------------------------------------

TEST(RedirectsRules, RejectOneOrFourTokens) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(
      "\n    # Single token\n    /c\n    # Four tokens\n    /d /e 302 !important\n  ", &warnings);
  EXPECT_EQ(rules.rule_count(), 0u);
  EXPECT_EQ(Warnings(warnings),
            (std::vector<std::pair<int, std::string>>{
                {3, "Expected exactly 2 or 3 whitespace-separated tokens. Got 1."},
                {5, "Expected exactly 2 or 3 whitespace-separated tokens. Got 4."}}));
}

TEST(RedirectsRules, RejectInvalidStatus) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("\n    /a /b 301\n    /c /d 418\n    /e /f abc\n", &warnings);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 301, 2}}));
  EXPECT_EQ(
      Warnings(warnings),
      (std::vector<std::pair<int, std::string>>{
          {3, "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 418."},
          {4, "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got abc."}}));
}

TEST(RedirectsRules, IgnoreDuplicateSource) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("\n    /a /b\n    /b /a\n    /a /c\n", &warnings);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 302, 2}, {"/b", "/a", 302, 3}}));
  EXPECT_EQ(
      Warnings(warnings),
      (std::vector<std::pair<int, std::string>>{{4, "Ignoring duplicate rule for path /a."}}));
}

TEST(RedirectsRules, IgnoreLineOver2000Characters) {
  std::string text = "\n    /a /b\n    " + std::string(2001, '#') + "\n    /" +
                     std::string(2000, 'a') + " /" + std::string(2000, 'b') + " 301\n  ";
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(text, &warnings);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/a", "/b", 302, 2}}));
  EXPECT_EQ(Warnings(warnings),
            (std::vector<std::pair<int, std::string>>{
                {4, "Ignoring line 4 as it exceeds the maximum allowed length of 2000."}}));
}

TEST(RedirectsRules, StopAfter100DynamicRules) {
  std::string text = "\n    # COMMENTS DON'T COUNT TOWARDS TOTAL VALID RULES\n    ";
  for (int i = 0; i < 150; ++i) {
    text += (i ? "\n" : "") + std::string("/a/") + std::to_string(i) + "/* /b/" +
            std::to_string(i) + "/:splat";
  }
  text += "\n    # BUT DO GET COUNTED AS TOTAL LINES SKIPPED\n  ";
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(text, &warnings);
  EXPECT_EQ(rules.dynamic_count(), 100u);
  EXPECT_EQ(rules.rules().back()->from, "/a/99/*");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(
      warnings[0].message,
      "Maximum number of dynamic rules supported is 100. Skipping remaining 52 lines of file.");
}

TEST(RedirectsRules, SkipEachStaticRuleOver2000) {
  std::string text = "# c\n";
  for (int i = 0; i < 2050; ++i)
    text += "/a/" + std::to_string(i) + " /b/" + std::to_string(i) + "\n";
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(text, &warnings);
  EXPECT_EQ(rules.static_count(), 2000u);
  ASSERT_EQ(warnings.size(), 50u);
  for (const ParseMessage& m : warnings) {
    EXPECT_EQ(m.message, "Maximum number of static rules supported is 2000. Skipping line.");
  }
  EXPECT_EQ(LocationFor(rules, "/a/1999"), "/b/1999");
  EXPECT_EQ(LocationFor(rules, "/a/2000"), "<none>");
}

TEST(RedirectsRules, StaticAndDynamicLimitsApplyIndependently) {
  std::string text = "\n    # c\n    ";
  for (int i = 0; i < 2050; ++i)
    text += "/a/" + std::to_string(i) + " /b/" + std::to_string(i) + "\n";
  for (int i = 0; i < 150; ++i) {
    text += "/a/" + std::to_string(i) + "/* /b/" + std::to_string(i) + "/:splat\n";
  }
  text += "    # BUT DO GET COUNTED AS TOTAL LINES SKIPPED\n  ";
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(text, &warnings);
  EXPECT_EQ(rules.static_count(), 2000u);
  EXPECT_EQ(rules.dynamic_count(), 100u);
  ASSERT_EQ(warnings.size(), 51u);
  EXPECT_EQ(
      warnings.back().message,
      "Maximum number of dynamic rules supported is 100. Skipping remaining 52 lines of file.");
}

TEST(RedirectsRules, MalformedUrlsAreRejectedOrMadeRelative) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(
      "\n  # Spaces rejected on token length\n  /some page /somewhere else\n"
      "  # OK with URL escaped encoding\n  /some%20page /somewhere%20else\n"
      "  # Unescaped URLs are handled OK by Deno, so escape & pass them through\n"
      "  /://so;`me /nons:/&@%+~{}ense\n"
      "  # Absolute URLs aren't OK for 'from', but are fine for 'to'\n"
      "  https://yeah.com https://nah.com\n  /nah https://yeah.com\n"
      "  # This is actually parsed as /yeah.com\n  yeah.com https://nah.com\n",
      &warnings);
  EXPECT_EQ(Warnings(warnings),
            (std::vector<std::pair<int, std::string>>{
                {3, "Expected exactly 2 or 3 whitespace-separated tokens. Got 4."},
                {9, "Only relative URLs are allowed. Skipping absolute URL https://yeah.com."}}));
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/some%20page", "/somewhere%20else", 302, 5},
                                                 {"/://so;%60me", "/nons:/&@%+~%7B%7Dense", 302, 7},
                                                 {"/nah", "https://yeah.com/", 302, 10},
                                                 {"/yeah.com", "https://nah.com/", 302, 12}}));
}

TEST(RedirectsRules, RejectHttpDestination) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("/a http://example.com/b\n/c d\n", &warnings);
  EXPECT_EQ(rules.rule_count(), 0u);
  std::string message =
      "URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. begin "
      "with \"https://\").";
  EXPECT_EQ(Warnings(warnings),
            (std::vector<std::pair<int, std::string>>{{1, message}, {2, message}}));
}

TEST(RedirectsRules, RejectProxyToAbsoluteUrl) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("\n\t/a https://example.com/b 200\n", &warnings);
  EXPECT_EQ(rules.rule_count(), 0u);
  EXPECT_EQ(
      Warnings(warnings),
      (std::vector<std::pair<int, std::string>>{
          {2,
           "Proxy (200) redirects can only point to relative paths. Got https://example.com/b"}}));
}

TEST(RedirectsRules, RejectSplatAndSlashToIndexWhenHtmlHandling) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse(
      "\n/* /index.html 200\n/* /index 200\n/ /index.html\n/ /index\n/blog/ /blog/index.html\n",
      &warnings);
  EXPECT_EQ(rules.rule_count(), 0u);
  std::string loop(kInfiniteLoop);
  EXPECT_EQ(Warnings(warnings), (std::vector<std::pair<int, std::string>>{
                                    {2, loop}, {3, loop}, {4, loop}, {5, loop}, {6, loop}}));
}

TEST(RedirectsRules, AllowSlashToIndexWhenHtmlHandlingNoneButNotSplat) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("\n/* /index.html 200\n/* /index 200\n/ /index.html\n/ /index\n",
                               &warnings, {}, /*html_handling_is_none=*/true);
  EXPECT_EQ(Rules(rules), (std::vector<RuleView>{{"/", "/index.html", 302, 4}}));
  std::string loop(kInfiniteLoop);
  EXPECT_EQ(Warnings(warnings),
            (std::vector<std::pair<int, std::string>>{
                {2, loop}, {3, loop}, {5, "Ignoring duplicate rule for path /."}}));
}

TEST(RedirectsRules, LoopGuardSkipsAbsoluteDestinations) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("/* https://example.com/index.html\n", &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.rule_count(), 1u);
}

// --- Static and dynamic rules -----------------------------------------------------------------

TEST(RedirectsRules, PlainRuleAfterDynamicOneIsDynamic) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("/a /b\n/c/* /d\n/e /f\n", &warnings);
  EXPECT_EQ(rules.static_count(), 1u);
  EXPECT_EQ(rules.dynamic_count(), 2u);
  ASSERT_EQ(warnings.size(), 1u);  // the hint to move it up
  EXPECT_EQ(warnings[0].line, 3);
  EXPECT_EQ(LocationFor(rules, "/e"), "/f");
}

TEST(RedirectsRules, StaticRulesAreCheckedBeforeDynamicOnes) {
  RedirectsRules rules = Parse("/x /static\n/* /dynamic\n/y /late\n");
  EXPECT_EQ(LocationFor(rules, "/x"), "/static");
  EXPECT_EQ(LocationFor(rules, "/y"), "/dynamic");  // `/*` comes first among the dynamic ones
}

TEST(RedirectsRules, SourceIsMatchedRawCaseSensitiveAndAnchored) {
  RedirectsRules rules = Parse("/foo /bar\n/some%20page /x\n");
  EXPECT_EQ(LocationFor(rules, "/foo"), "/bar");
  EXPECT_EQ(LocationFor(rules, "/foo/"), "<none>");
  EXPECT_EQ(LocationFor(rules, "/Foo"), "<none>");
  EXPECT_EQ(LocationFor(rules, "/foobar"), "<none>");
  EXPECT_EQ(LocationFor(rules, "/some%20page"), "/x");
}

TEST(RedirectsRules, TwoWildcardsAreKeptButNeverMatch) {
  std::vector<ParseMessage> warnings;
  RedirectsRules rules = Parse("/a/*/b/* /c\n", &warnings);
  EXPECT_EQ(rules.rule_count(), 1u);
  EXPECT_EQ(LocationFor(rules, "/a/x/b/y"), "<none>");
  EXPECT_EQ(warnings.size(), 1u);
}

// --- Matching and Location (handler.test.ts 27-35) ---------------------------------------------

TEST(RedirectsRules, DynamicPlaceholderDestinationKeepsQueryAndFragment) {
  RedirectsRules rules = Parse("/dynamic/:seg /:seg/new-dynamic/?with#params\n");
  int status = 0;
  EXPECT_EQ(LocationFor(rules, "/dynamic/foo", "", &status), "/foo/new-dynamic/?with#params");
  EXPECT_EQ(status, 302);
}

TEST(RedirectsRules, PlaceholdersAreReorderedIntoAbsoluteDestination) {
  RedirectsRules rules = Parse("/multiple/:a/:b/:c https://fakehost/:c/:a/:b/new 301\n");
  EXPECT_EQ(LocationFor(rules, "/multiple/bar/baz/qux"), "https://fakehost/qux/bar/baz/new");
}

TEST(RedirectsRules, PlaceholdersDoNotMatchExtraSegments) {
  RedirectsRules rules = Parse("/multiple/:a/:b/:c /x\n");
  EXPECT_EQ(LocationFor(rules, "/multiple/a/b/c/d"), "<none>");
}

TEST(RedirectsRules, SplatSubstitutesAndEmptySplatCollapsesSlashes) {
  RedirectsRules rules = Parse("/splat/* /:splat/new-splat\n");
  EXPECT_EQ(LocationFor(rules, "/splat/foo/bar/baz"), "/foo/bar/baz/new-splat");
  EXPECT_EQ(LocationFor(rules, "/splat/"), "/new-splat");
}

TEST(RedirectsRules, FirstDynamicMatchWinsInFileOrder) {
  RedirectsRules rules = Parse("/splat/* /first\n/splat/foo/* /second\n");
  EXPECT_EQ(LocationFor(rules, "/splat/foo/nope"), "/first");
}

TEST(RedirectsRules, SpecificRuleListedFirstWins) {
  RedirectsRules rules = Parse("/but/this/will/* /will\n/but/this/* /this\n");
  EXPECT_EQ(LocationFor(rules, "/but/this/will/x"), "/will");
  EXPECT_EQ(LocationFor(rules, "/but/this/x"), "/this");
}

TEST(RedirectsRules, PartialSegmentSplatCapturesRest) {
  RedirectsRules rules = Parse("/partialSplat* /new/:splat\n");
  EXPECT_EQ(LocationFor(rules, "/partialSplatfoo/bar/baz"), "/new/foo/bar/baz");
}

TEST(RedirectsRules, PartialSegmentPlaceholderMatchesWithoutTrailingSlash) {
  RedirectsRules rules = Parse("/partialPlaceholder:placeholder /new/:placeholder\n");
  EXPECT_EQ(LocationFor(rules, "/partialPlaceholderfoo"), "/new/foo");
  EXPECT_EQ(LocationFor(rules, "/partialPlaceholderfoo/"), "<none>");
}

TEST(RedirectsRules, SplatCannotProduceProtocolRelativeLocation) {
  RedirectsRules rules = Parse("/foo/* /:splat\n");
  EXPECT_EQ(LocationFor(rules, "/foo//google.com"), "/google.com");
}

TEST(RedirectsRules, SameOriginAbsoluteDestinationBecomesRelative) {
  RedirectsRules rules = Parse("/a https://Example.com/b\n/c https://example.com:443/d\n");
  EXPECT_EQ(LocationFor(rules, "/a", "?q=1"), "/b?q=1");
  EXPECT_EQ(LocationFor(rules, "/c"), "/d");
  std::optional<RedirectMatch> m = rules.Match("/a");
  ASSERT_TRUE(m);
  EXPECT_EQ(RedirectsRules::Location(*m, "other.example", ""), "https://example.com/b");
}

TEST(RedirectsRules, RewritePathIsDestinationPathWithoutQuery) {
  RedirectsRules rules = Parse("/proxy /other?x=1 200\n/about /about/[boop] 200\n");
  EXPECT_EQ(RedirectsRules::RewritePath(*rules.Match("/proxy")), "/other");
  // The asset server then canonicalises it (a 307 to /about/%5Bboop%5D).
  EXPECT_EQ(RedirectsRules::RewritePath(*rules.Match("/about")), "/about/[boop]");
}

// --- Section 8 example table -----------------------------------------------------------------

constexpr std::string_view kExample =
    "/home301 / 301\n"
    "/querystrings /?query=string 301\n"
    "/twitch https://twitch.tv\n"
    "/page/ /page2/#fragment 301\n"
    "/proxy /other 200\n"
    "/blog/* https://blog.my.domain/:splat\n"
    "/products/:code/:name /products?code=:code&name=:name\n"
    "/splat/* /:splat/new-splat\n"
    "/dynamic/:a/:b/:c /x\n";

TEST(RedirectsRules, ExampleRequestQueryIsKeptWhenDestinationHasNone) {
  RedirectsRules rules = Parse(kExample);
  int status = 0;
  EXPECT_EQ(LocationFor(rules, "/home301", "?a=1", &status), "/?a=1");
  EXPECT_EQ(status, 301);
}

TEST(RedirectsRules, ExampleDestinationQueryReplacesRequestQuery) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/querystrings", "?a=1"), "/?query=string");
}

TEST(RedirectsRules, ExampleAbsoluteDestinationGetsTrailingSlash) {
  RedirectsRules rules = Parse(kExample);
  int status = 0;
  EXPECT_EQ(LocationFor(rules, "/twitch", "", &status), "https://twitch.tv/");
  EXPECT_EQ(status, 302);
}

TEST(RedirectsRules, ExampleFragmentIsKept) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/page/"), "/page2/#fragment");
}

TEST(RedirectsRules, ExampleTrailingSlashMatters) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/page"), "<none>");
}

TEST(RedirectsRules, ExampleProxyIs200Rewrite) {
  RedirectsRules rules = Parse(kExample);
  std::optional<RedirectMatch> m = rules.Match("/proxy");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_EQ(RedirectsRules::RewritePath(*m), "/other");
}

TEST(RedirectsRules, ExampleSplatToOtherHostKeepsRequestQuery) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/blog/2024/post", "?x=1"), "https://blog.my.domain/2024/post?x=1");
}

TEST(RedirectsRules, ExamplePlaceholdersInDestinationQuery) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/products/12/bike"), "/products?code=12&name=bike");
}

TEST(RedirectsRules, ExampleEmptySplat) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/splat/"), "/new-splat");
}

TEST(RedirectsRules, ExampleTooManySegmentsFallThrough) {
  RedirectsRules rules = Parse(kExample);
  EXPECT_EQ(LocationFor(rules, "/dynamic/a/b/c/too/many"), "<none>");
}

TEST(RedirectsRules, MatchesIsWhetherMatchFindsARule) {
  RedirectsRules rules = Parse(std::string(kExample) +
                               "/general/:a.:b/* /g\n"
                               "/never/*/* /n\n"
                               "/partial:p /q\n");
  for (std::string_view path :
       {"/", "/home301", "/home301/", "/proxy", "/blog", "/blog/", "/blog/a/b", "/products/1",
        "/products/1/b", "/products/1/b/", "/splat/", "/dynamic/a/b/c", "/dynamic/a/b/c/d",
        "/general/x.y/z", "/general/xy/z", "/never/a/b", "/partialfoo", "/partial", "/api/x"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(rules.Matches(path), rules.Match(path).has_value());
  }
}

}  // namespace
}  // namespace edgerun::assets
