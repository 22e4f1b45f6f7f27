// run_worker_first as an array: spec/assets.md section 4, checklist items 48-49 and 106-109.
#include "runtime/assets/static_routing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgerun::assets {
namespace {

using Decision = StaticRouting::Decision;

StaticRouting Routing(std::vector<std::string> rules) {
  Result<StaticRouting> r = StaticRouting::Parse(rules);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : *StaticRouting::Parse({"/never-used"});
}

std::string ErrorOf(std::vector<std::string> rules) {
  Result<StaticRouting> r = StaticRouting::Parse(rules);
  return r.ok() ? "<ok>" : r.error().message;
}

bool Matches(const std::string& rule, std::string_view path) {
  return Routing({rule}).Match(path) == Decision::kWorker;
}

// --- Validation (parseStaticRouting.test.ts) ---------------------------------------------------

TEST(StaticRouting, EmptyListIsAnError) {
  EXPECT_EQ(ErrorOf({}),
            "No `run_worker_first` rules were provided; must provide at least 1 rule.");
}

TEST(StaticRouting, OnlyNegativeRulesIsAnError) {
  EXPECT_EQ(ErrorOf({"!/a", "!/b"}),
            "Only negative `run_worker_first` rules were provided; must provide at least 1 "
            "non-negative rule");
}

TEST(StaticRouting, MoreThan100RulesIsAnError) {
  std::vector<std::string> rules;
  for (int i = 0; i < 120; ++i) rules.push_back("/rule/" + std::to_string(i));
  EXPECT_EQ(
      ErrorOf(rules),
      "Too many `run_worker_first` rules were provided; 120 rules provided exceeds max of 100.");
  std::vector<std::string> mixed;
  for (int i = 0; i < 60; ++i) mixed.push_back("/rule/" + std::to_string(i));
  for (int i = 0; i < 60; ++i) mixed.push_back("!/asset/" + std::to_string(i));
  EXPECT_EQ(
      ErrorOf(mixed),
      "Too many `run_worker_first` rules were provided; 120 rules provided exceeds max of 100.");
}

TEST(StaticRouting, TooManyRulesWithDuplicatesListsThem) {
  std::vector<std::string> rules;
  for (int i = 0; i < 99; ++i) rules.push_back("/rule/" + std::to_string(i));
  rules.push_back("/rule/0");
  rules.push_back("/rule/1");
  rules.push_back("/rule/1");
  EXPECT_EQ(
      ErrorOf(rules),
      "Too many `run_worker_first` rules were provided; 102 rules provided (99 distinct, 3 "
      "duplicate entries) exceeds max of 100. Note: duplicate entries count towards the route "
      "limit. Ensure that no duplicate rules are present in your `run_worker_first` "
      "configuration.\n\nThe duplicated rules found are:\n- \"/rule/0\"\n- \"/rule/1\"");
}

TEST(StaticRouting, ExactlyOneHundredRulesAreAccepted) {
  std::vector<std::string> rules;
  for (int i = 0; i < 100; ++i) rules.push_back("/rule/" + std::to_string(i));
  EXPECT_EQ(ErrorOf(rules), "<ok>");
}

TEST(StaticRouting, RuleOver100CharactersIsAnError) {
  std::string long_rule = "/" + std::string(134, 'a');
  EXPECT_EQ(ErrorOf({long_rule}), "Invalid routes in `run_worker_first`:\n'" + long_rule +
                                      "': all rules must be less than 100 characters in length");
  EXPECT_EQ(ErrorOf({"/" + std::string(99, 'a')}), "<ok>");  // exactly 100 is accepted
  std::string long_negative = "!/" + std::string(99, 'a');   // the '!' counts
  EXPECT_EQ(ErrorOf({"/x", long_negative}),
            "Invalid routes in `run_worker_first`:\n'" + long_negative +
                "': all rules must be less than 100 characters in length");
}

TEST(StaticRouting, RulesMustStartWithSlashOrBangSlash) {
  EXPECT_EQ(ErrorOf({"/ok", "api/*", "!asset"}),
            "Invalid routes in `run_worker_first`:\n'api/*': rules must start with '/' or '!/'\n"
            "'!asset': negative rules must start with '!/'");
}

TEST(StaticRouting, GlobMakingAnotherRuleRedundantIsAnError) {
  EXPECT_EQ(ErrorOf({"/api/*", "/api/some/route"}),
            "Invalid routes in `run_worker_first`:\n'/api/some/route': rule '/api/*' makes it "
            "redundant");
  // A positive and a negative rule may overlap.
  EXPECT_EQ(ErrorOf({"/api/*", "!/api/some/route"}), "<ok>");
}

TEST(StaticRouting, DuplicateRuleIsAnError) {
  EXPECT_EQ(
      ErrorOf({"/api", "/api"}),
      "Invalid routes in `run_worker_first`:\n'/api': rule is a duplicate; rules must be unique");
  EXPECT_EQ(ErrorOf({"/x", "!/api", "!/api"}),
            "Invalid routes in `run_worker_first`:\n'!/api': rule is a duplicate; rules must be "
            "unique");
}

TEST(StaticRouting, ValidMixSplitsIntoWorkerAndAssetRules) {
  StaticRouting routing = Routing({"/api/*", "!/api/asset", "/oauth/callback", "!/static/*"});
  EXPECT_EQ(routing.worker_rules(), (std::vector<std::string>{"/api/*", "/oauth/callback"}));
  EXPECT_EQ(routing.asset_rules(), (std::vector<std::string>{"/api/asset", "/static/*"}));
}

// --- Matching (rules-engine.test.ts) -----------------------------------------------------------

TEST(StaticRouting, SplatRuleMatchesSubpathButNotRoot) {
  EXPECT_TRUE(Matches("/some/*", "/some/path"));
  EXPECT_FALSE(Matches("/some/path", "/"));
}

TEST(StaticRouting, RootMatchesOnlyRoot) {
  EXPECT_TRUE(Matches("/", "/"));  // the query is never part of the pathname
  EXPECT_FALSE(Matches("/", "/foo"));
  EXPECT_FALSE(Matches("/", ""));
}

TEST(StaticRouting, PlainRuleIsExact) {
  EXPECT_TRUE(Matches("/foo", "/foo"));
  EXPECT_FALSE(Matches("/foo", "/foo/"));
  EXPECT_FALSE(Matches("/foo", "/foo/bar"));
  EXPECT_FALSE(Matches("/foo", "/foobar"));
  EXPECT_FALSE(Matches("/foo", "/Foo"));
}

TEST(StaticRouting, PlaceholderIsLiteral) {
  EXPECT_TRUE(Matches("/:placeholder", "/:placeholder"));
  EXPECT_FALSE(Matches("/:placeholder", "/foo"));
}

TEST(StaticRouting, TrailingStarIsPrefix) {
  for (std::string_view path : {"/foo", "/foo/", "/foo/bar", "/foobar"}) {
    EXPECT_TRUE(Matches("/foo*", path)) << path;
  }
  EXPECT_FALSE(Matches("/foo*", "/"));
  EXPECT_FALSE(Matches("/foo*", "/baz/foo"));
}

TEST(StaticRouting, StarCrossesSlashes) {
  EXPECT_TRUE(Matches("/*.html", "/foo.html"));
  EXPECT_TRUE(Matches("/*.html", "/foo/bar.html"));
  EXPECT_FALSE(Matches("/*.html", "/foo"));
  EXPECT_FALSE(Matches("/*.html", "/"));
}

TEST(StaticRouting, LoginRuleMatchesPathnameOnly) {
  EXPECT_TRUE(Matches("/login/*", "/login/foo"));
  EXPECT_FALSE(Matches("/login/*", "/foo/login/foo"));
  // `/foo?bar=baz/login/foo` has the pathname /foo.
  EXPECT_FALSE(Matches("/login/*", "/foo"));
}

TEST(StaticRouting, StarAndStarSlashStarMatchEverything) {
  for (std::string_view path : {"/", "/a", "/a/b/c", "/a.html"}) {
    EXPECT_TRUE(Matches("/*", path)) << path;
  }
  // `*/*` fails validation, but as a pattern it matches every pathname too.
  for (std::string_view path : {"/", "/a", "/a/b/c"}) {
    EXPECT_TRUE(StaticRouting::GlobMatches("*/*", path)) << path;
  }
}

TEST(StaticRouting, DoubleStarIsTheSameAsStar) {
  EXPECT_TRUE(Matches("/a/**", "/a/b/c"));
  EXPECT_TRUE(Matches("/a**z", "/a/b/z"));
}

TEST(StaticRouting, OtherCharactersAreLiteral) {
  EXPECT_TRUE(Matches("/a?.[b]", "/a?.[b]"));
  EXPECT_FALSE(Matches("/a?.[b]", "/ab.b"));
  EXPECT_TRUE(Matches("/some%20page", "/some%20page"));
  EXPECT_FALSE(Matches("/some%20page", "/some page"));
}

TEST(StaticRouting, NegativeBeatsPositive) {
  StaticRouting routing = Routing({"/worker/*", "!/worker/asset"});
  EXPECT_EQ(routing.Match("/worker/asset"), Decision::kAssets);
  EXPECT_EQ(routing.Match("/worker/other"), Decision::kWorker);
}

TEST(StaticRouting, NoMatchTakesDefaultFlow) {
  StaticRouting routing = Routing({"/api/*"});
  EXPECT_EQ(routing.Match("/static/page"), Decision::kNoMatch);
}

// --- Section 4 example ---------------------------------------------------------------------

StaticRouting ExampleRouting() {
  return Routing({"/worker/*", "/oauth/callback", "!/missing-asset", "!/worker/asset"});
}

TEST(StaticRouting, ExampleUnmatchedPathTakesAssetFirstFlow) {
  EXPECT_EQ(ExampleRouting().Match("/static/page"), Decision::kNoMatch);
  EXPECT_EQ(ExampleRouting().Match("/"), Decision::kNoMatch);
}

TEST(StaticRouting, ExamplePositiveMatchRunsWorkerEvenIfAssetExists) {
  EXPECT_EQ(ExampleRouting().Match("/worker/worker-runs"), Decision::kWorker);
}

TEST(StaticRouting, ExampleNegativeBeatsPositiveWorkerGlob) {
  EXPECT_EQ(ExampleRouting().Match("/worker/asset"), Decision::kAssets);
}

TEST(StaticRouting, ExampleNegativeMissingAssetNeverReachesWorker) {
  EXPECT_EQ(ExampleRouting().Match("/missing-asset"), Decision::kAssets);
}

TEST(StaticRouting, ExampleExactPositiveRuleIgnoresQuery) {
  EXPECT_EQ(ExampleRouting().Match("/oauth/callback"), Decision::kWorker);
}

TEST(StaticRouting, ExampleTableRows) {
  struct Row {
    const char* rule;
    const char* path;
    bool matches;
  };
  for (const Row& row : std::initializer_list<Row>{{"/foo", "/foo", true},
                                                   {"/foo", "/foo/", false},
                                                   {"/foo", "/foo/bar", false},
                                                   {"/foo", "/foobar", false},
                                                   {"/foo*", "/foo", true},
                                                   {"/foo*", "/foo/", true},
                                                   {"/foo*", "/foo/bar", true},
                                                   {"/foo*", "/foobar", true},
                                                   {"/foo*", "/", false},
                                                   {"/foo*", "/baz/foo", false},
                                                   {"/*.html", "/foo.html", true},
                                                   {"/*.html", "/foo/bar.html", true},
                                                   {"/*.html", "/foo", false},
                                                   {"/*.html", "/", false},
                                                   {"/login/*", "/login/foo", true},
                                                   {"/login/*", "/foo/login/foo", false},
                                                   {"/*", "/anything/at/all", true},
                                                   {"/:placeholder", "/:placeholder", true},
                                                   {"/:placeholder", "/foo", false}}) {
    EXPECT_EQ(Matches(row.rule, row.path), row.matches) << row.rule << " vs " << row.path;
  }
}

}  // namespace
}  // namespace edgerun::assets
