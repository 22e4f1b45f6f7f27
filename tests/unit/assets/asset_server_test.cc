// The asset server pipeline (spec/assets.md sections 1, 3, 5, 6, the recorded reference
// behaviour, and checklist items 1-41 and 115-116).
#include "runtime/assets/asset_server.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "tests/unit/assets/asset_test_util.h"

namespace edgerun::assets {
namespace {

using config::HtmlHandling;
using config::NotFoundHandling;
using testing::BodyOf;
using testing::HeaderOf;
using testing::MakeConfig;
using testing::MustCreate;
using testing::Req;
using testing::TempDir;

constexpr const char* kCacheControl = "public, max-age=0, must-revalidate";

AssetRequest ReqQ(std::string_view path, std::string_view query) {
  AssetRequest r = Req(path);
  r.query = query;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Section 1: path matching and security.

class Section1 : public ::testing::Test {
 protected:
  Section1() {
    dir_.Write("logo.png");
    dir_.Write("about/[boop].html");
    dir_.Write("about/%5Bboop%5D.html");
    dir_.Write("about/[f\xC3\xBCnky].txt");
    dir_.Write("awesome/file.bin");
    dir_.Write("blog/index.html");
    dir_.Write("beep?boop.html");
    dir_.Write("%A0%A0.html");
    dir_.Write("bin/index.html");
    dir_.Write("bin%2F");
    dir_.Write("_headers", "/nothing\n  X: y\n");
    dir_.Write(".dotfile.html");
    dir_.Write(".dot/index.html");
    dir_.Write("x.html");
  }
  std::unique_ptr<AssetServer> Server(HtmlHandling mode = HtmlHandling::kAutoTrailingSlash,
                                      NotFoundHandling nf = NotFoundHandling::kNone) {
    return MustCreate(MakeConfig(dir_.path(), mode, nf));
  }
  TempDir dir_;
};

TEST_F(Section1, ExactPathIsServed) {
  AssetResponse r = Server()->Fetch(Req("/logo.png"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of logo.png");
}

TEST_F(Section1, MatchIsCaseSensitive) {
  AssetResponse r = Server()->Fetch(Req("/Logo.png"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.has_body());
  EXPECT_TRUE(r.headers.empty());
}

TEST_F(Section1, ReservedCharactersRedirectToTheirEncodedForm) {
  AssetResponse r = Server()->Fetch(Req("/about/[boop]"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/about/%5Bboop%5D");
  EXPECT_FALSE(r.has_body());
  EXPECT_EQ(r.headers.size(), 1u);  // only Location
}

TEST_F(Section1, CanonicalEncodedPathIsServed) {
  EXPECT_EQ(BodyOf(Server()->Fetch(Req("/about/%5Bboop%5D"))), "content of about/[boop].html");
}

TEST_F(Section1, FileNamedWithPercentIsReachableDoubleEncoded) {
  EXPECT_EQ(BodyOf(Server()->Fetch(Req("/about/%255Bboop%255D"))),
            "content of about/%5Bboop%5D.html");
}

TEST_F(Section1, NonAsciiRedirectsToUpperHexEncoding) {
  AssetResponse r = Server()->Fetch(Req("/about/[f%C3%BCnky].txt"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/about/%5Bf%C3%BCnky%5D.txt");
}

TEST_F(Section1, NeedlesslyEncodedDotRedirects) {
  AssetResponse r = Server()->Fetch(Req("/awesome/file%2ebin"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/awesome/file.bin");
  EXPECT_EQ(Server()->Fetch(Req("/awesome/file.bin")).status, 200);  // checklist 116
}

TEST_F(Section1, DoubleSlashRedirectsToSingleSlash) {
  auto s = Server(HtmlHandling::kNone);
  AssetResponse r = s->Fetch(Req("//blog/index.html"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/blog/index.html");
  r = s->Fetch(Req("/%2fblog/index.html"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/blog/index.html");
}

TEST_F(Section1, NoOpenRedirectWithoutAnAsset) {
  for (HtmlHandling mode : {HtmlHandling::kNone, HtmlHandling::kAutoTrailingSlash}) {
    auto s = Server(mode);
    AssetResponse r = s->Fetch(Req("/%2f%2fbad.example.com%2f"));
    EXPECT_EQ(r.status, 404);
    EXPECT_FALSE(r.has_body());
    EXPECT_EQ(HeaderOf(r, "Location"), "<none>");
    EXPECT_EQ(s->Fetch(Req("/%2fexample.com/")).status, 404);  // checklist 115
  }
}

TEST_F(Section1, EncodedQuestionMarkMatchesFileName) {
  EXPECT_EQ(BodyOf(Server()->Fetch(Req("/beep%3Fboop"))), "content of beep?boop.html");
  // A raw '?' starts the query: the path is /beep.
  EXPECT_EQ(Server()->Fetch(ReqQ("/beep", "?boop")).status, 404);
}

TEST_F(Section1, MalformedUtf8SegmentIsKeptRawAndCanonicalisedWithPercent25) {
  auto s = Server(HtmlHandling::kDropTrailingSlash);
  EXPECT_EQ(s->Fetch(Req("/%A0")).status, 404);
  AssetResponse r = s->Fetch(Req("/%A0%A0"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/%25A0%25A0");
}

TEST_F(Section1, EncodedSlashIsASeparator) {
  AssetResponse r = Server()->Fetch(Req("/bin%2F"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/bin/");
  EXPECT_EQ(BodyOf(Server()->Fetch(Req("/bin%252F"))), "content of bin%2F");
}

TEST_F(Section1, RootHeadersFileIsNotServed) {
  EXPECT_EQ(Server()->Fetch(Req("/_headers")).status, 404);
}

TEST_F(Section1, DotfilesAreServed) {
  EXPECT_EQ(Server(HtmlHandling::kNone)->Fetch(Req("/.dotfile.html")).status, 200);
  EXPECT_EQ(Server()->Fetch(Req("/.dotfile")).status, 200);
  EXPECT_EQ(HeaderOf(Server()->Fetch(Req("/.dotfile.html")), "Location"), "/.dotfile");
  AssetResponse r = Server()->Fetch(Req("/.dot"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/.dot/");
}

TEST_F(Section1, QueryIsIgnoredForMatching) {
  AssetResponse r = Server()->Fetch(ReqQ("/x", "?y=1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of x.html");
}

// Checklist 5: dot segments are resolved by the URL parser before lookup; an encoded one that
// survives is just a name no key has.
TEST(AssetServer, EncodedDotSegmentsNeverReachOutsideTheIndex) {
  TempDir dir;
  dir.Write("blog/a.html");
  dir.Write("test", "top-level test");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/blog/%2E%2E/test")).status, 404);
  EXPECT_EQ(s->Fetch(Req("/blog/..%2Ftest")).status, 404);
}

// Checklist 6.
TEST(AssetServer, DropTrailingSlashPercentA0Cases) {
  TempDir dir;
  dir.Write("%A0%A0.html");
  auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kDropTrailingSlash));
  EXPECT_EQ(s->Fetch(Req("/%A0")).status, 404);
  EXPECT_EQ(s->Fetch(Req("/%A0%A0")).status, 307);
}

// ---------------------------------------------------------------------------------------------
// Recorded reference behaviour 1 and 4.

TEST(AssetServer, CanonicalRedirectFiresWhenOnlyAFallbackResolved) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("404.html");
  for (NotFoundHandling nf :
       {NotFoundHandling::k404Page, NotFoundHandling::kSinglePageApplication}) {
    auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kAutoTrailingSlash, nf));
    AssetResponse r = s->Fetch(Req("/blog/..%2fnope"));
    EXPECT_EQ(r.status, 307);
    EXPECT_EQ(HeaderOf(r, "Location"), "/blog/../nope");
    r = s->Fetch(Req("//nope"));
    EXPECT_EQ(r.status, 307);
    EXPECT_EQ(HeaderOf(r, "Location"), "/nope");
    r = s->Fetch(ReqQ("/%2f%2fbad.example.com%2f", "?q=1"));
    EXPECT_EQ(r.status, 307);
    EXPECT_EQ(HeaderOf(r, "Location"), "/bad.example.com/?q=1");
  }
  auto none = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(none->Fetch(Req("//nope")).status, 404);
}

TEST(AssetServer, RewriteToNonCanonicalTargetRedirectsToCanonicalTarget) {
  TempDir dir;
  dir.Write("about/[boop].html");
  dir.Write("_redirects", "/rewrite /about/[boop] 200\n");
  auto s = MustCreate(MakeConfig(dir.path()));
  AssetResponse r = s->Fetch(Req("/rewrite"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/about/%5Bboop%5D");
}

// ---------------------------------------------------------------------------------------------
// Section 3: not_found_handling.

class Section3 : public ::testing::Test {
 protected:
  Section3() {
    dir_.Write("index.html");
    dir_.Write("404.html");
    dir_.Write("blog/404.html");
  }
  std::unique_ptr<AssetServer> Server(NotFoundHandling nf) {
    return MustCreate(MakeConfig(dir_.path(), HtmlHandling::kAutoTrailingSlash, nf));
  }
  TempDir dir_;
};

TEST_F(Section3, NotFoundPageIsServedWith404AndItsHeaders) {
  AssetResponse r = Server(NotFoundHandling::k404Page)->Fetch(Req("/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(BodyOf(r), "content of 404.html");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), kCacheControl);
  EXPECT_EQ(HeaderOf(r, "ETag").size(), 34u);
}

TEST_F(Section3, NotFoundPageWalksUpFromTheRequestPath) {
  EXPECT_EQ(BodyOf(Server(NotFoundHandling::k404Page)->Fetch(Req("/blog/x/y"))),
            "content of blog/404.html");
}

TEST_F(Section3, DirectRequestForNotFoundPageIs200) {
  auto s = Server(NotFoundHandling::k404Page);
  AssetResponse r = s->Fetch(Req("/404"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of 404.html");
  r = s->Fetch(Req("/404.html"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/404");
}

TEST_F(Section3, SpaFallbackServesRootIndexWith200) {
  AssetResponse r = Server(NotFoundHandling::kSinglePageApplication)->Fetch(Req("/app/settings"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of index.html");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), kCacheControl);
}

TEST_F(Section3, SpaFallbackHasNoExtensionCheck) {
  AssetResponse r = Server(NotFoundHandling::kSinglePageApplication)->Fetch(Req("/missing.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/html; charset=utf-8");
}

TEST_F(Section3, SpaNeverServesANearerIndex) {
  dir_.Write("app/index.html");
  AssetResponse r = Server(NotFoundHandling::kSinglePageApplication)->Fetch(Req("/app/x/y"));
  EXPECT_EQ(BodyOf(r), "content of index.html");
}

TEST(AssetServer, SpaWithoutRootIndexIsAnEmpty404) {
  TempDir dir;
  dir.Write("other.html");
  auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kAutoTrailingSlash,
                                 NotFoundHandling::kSinglePageApplication));
  AssetResponse r = s->Fetch(Req("/x"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.has_body());
}

TEST_F(Section3, IfNoneMatchWorksAgainstTheFallbackETag) {
  auto s = Server(NotFoundHandling::kSinglePageApplication);
  std::string etag = HeaderOf(s->Fetch(Req("/")), "ETag");
  AssetRequest req = Req("/app/settings");
  req.if_none_match = etag;
  AssetResponse r = s->Fetch(req);
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), kCacheControl);
  auto page = Server(NotFoundHandling::k404Page);
  req = Req("/nope");
  std::string page_etag = HeaderOf(page->Fetch(Req("/404")), "ETag");
  req.if_none_match = page_etag;
  EXPECT_EQ(page->Fetch(req).status, 304);
}

TEST_F(Section3, HeadersRulesApplyToFallbacksOnTheOriginalPath) {
  dir_.Write("_headers", "/app/*\n  X-App: yes\n");
  auto s = Server(NotFoundHandling::kSinglePageApplication);
  EXPECT_EQ(HeaderOf(s->Fetch(Req("/app/settings")), "X-App"), "yes");
}

// Router rows of section 3 (worker present).
TEST_F(Section3, RouterKeepsFallbackOnlyForNavigationsWhenTheFlagIsOn) {
  auto with_date = [&](const std::string& date, std::vector<std::string> flags) {
    config::WorkerConfig c = MakeConfig(dir_.path(), HtmlHandling::kAutoTrailingSlash,
                                        NotFoundHandling::kSinglePageApplication);
    c.compatibility_date = date;
    c.compatibility_flags = std::move(flags);
    return MustCreate(c);
  };
  AssetRequest nav = Req("/app/settings");
  nav.sec_fetch_mode = "navigate";
  AssetRequest cors = Req("/api/date");
  cors.sec_fetch_mode = "cors";
  auto modern = with_date("2025-04-01", {});
  EXPECT_EQ(modern->Decide(nav, true), AssetServer::Route::kAssets);
  AssetRequest nav_api = Req("/api/date");
  nav_api.sec_fetch_mode = "navigate";
  EXPECT_EQ(modern->Decide(nav_api, true), AssetServer::Route::kAssets);
  EXPECT_EQ(modern->Decide(cors, true), AssetServer::Route::kWorker);
  EXPECT_EQ(modern->Decide(Req("/app/settings"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(with_date("2024-09-01", {})->Decide(nav, true), AssetServer::Route::kWorker);
  EXPECT_EQ(with_date("2025-05-01", {"assets_navigation_has_no_effect"})->Decide(nav, true),
            AssetServer::Route::kWorker);
  // Without a worker the asset server's answer is final.
  EXPECT_EQ(with_date("2024-09-01", {})->Decide(Req("/x"), false), AssetServer::Route::kAssets);
}

TEST_F(Section3, StaticRoutingKeepsTheFallback) {
  config::WorkerConfig c = MakeConfig(dir_.path(), HtmlHandling::kAutoTrailingSlash,
                                      NotFoundHandling::kSinglePageApplication);
  c.assets->run_worker_first.is_array = true;
  c.assets->run_worker_first.patterns = {"/api/*", "!/api/asset"};
  auto s = MustCreate(c);
  EXPECT_EQ(s->Decide(Req("/some/page"), true), AssetServer::Route::kAssets);
  EXPECT_EQ(s->Decide(Req("/api/route"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Decide(Req("/api/asset"), true), AssetServer::Route::kAssets);
  EXPECT_EQ(BodyOf(s->Fetch(Req("/api/asset"))), "content of index.html");
  // Reference behaviour 5: a POST no positive pattern matches is answered by the SPA: 405.
  EXPECT_EQ(s->Decide(Req("/some/page", "POST"), true), AssetServer::Route::kAssets);
  EXPECT_EQ(s->Fetch(Req("/some/page", "POST")).status, 405);
}

TEST_F(Section3, RunWorkerFirstTrueAlwaysRunsTheWorker) {
  config::WorkerConfig c = MakeConfig(dir_.path(), HtmlHandling::kAutoTrailingSlash,
                                      NotFoundHandling::kSinglePageApplication);
  c.assets->run_worker_first.all = true;
  auto s = MustCreate(c);
  AssetRequest nav = Req("/x");
  nav.sec_fetch_mode = "navigate";
  EXPECT_EQ(s->Decide(nav, true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Decide(Req("/index.html"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Fetch(Req("/x")).status, 200);  // env.ASSETS.fetch would give the SPA
}

// ---------------------------------------------------------------------------------------------
// Section 4 example table.

TEST(AssetServer, StaticRoutingExampleTable) {
  TempDir dir;
  dir.Write("static/page.html");
  dir.Write("worker/asset.html");
  dir.Write("worker/worker-runs.html");
  config::WorkerConfig c = MakeConfig(dir.path());
  c.assets->run_worker_first.is_array = true;
  c.assets->run_worker_first.patterns = {"/worker/*", "/oauth/callback", "!/missing-asset",
                                         "!/worker/asset"};
  auto s = MustCreate(c);
  EXPECT_EQ(s->Decide(Req("/static/page"), true), AssetServer::Route::kAssets);
  EXPECT_EQ(s->Fetch(Req("/static/page")).status, 200);
  EXPECT_EQ(s->Decide(Req("/"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Decide(Req("/worker/worker-runs"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Decide(Req("/worker/asset"), true), AssetServer::Route::kAssets);
  EXPECT_EQ(s->Fetch(Req("/worker/asset")).status, 200);
  EXPECT_EQ(s->Decide(Req("/missing-asset"), true), AssetServer::Route::kAssets);
  AssetResponse miss = s->Fetch(Req("/missing-asset"));
  EXPECT_EQ(miss.status, 404);
  EXPECT_FALSE(miss.has_body());
  AssetRequest post = Req("/oauth/callback", "POST");
  post.query = "?code=1";
  EXPECT_EQ(s->Decide(post, true), AssetServer::Route::kWorker);
}

TEST(AssetServer, InvalidRunWorkerFirstIsAnErrorWithTheConfigLocation) {
  TempDir dir;
  config::WorkerConfig c = MakeConfig(dir.path());
  c.assets->run_worker_first.is_array = true;
  c.assets->run_worker_first.patterns = {"api/*"};
  c.assets->source_file = "/p/wrangler.toml";
  c.assets->run_worker_first_line = 7;
  auto r = AssetServer::Create(c, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "/p/wrangler.toml");
  EXPECT_EQ(r.error().line, 7);
}

// Checklist 50-53 and 41's flag rules.
TEST(AssetServer, NavigationFlagResolution) {
  EXPECT_FALSE(NavigationPrefersAssets("", {}));  // defaults to 2021-11-02
  EXPECT_FALSE(NavigationPrefersAssets("2025-03-31", {}));
  EXPECT_TRUE(NavigationPrefersAssets("2025-04-01", {}));
  EXPECT_TRUE(NavigationPrefersAssets("2099-01-01", {"assets_navigation_prefers_asset_serving"}));
  EXPECT_FALSE(NavigationPrefersAssets("2099-01-01", {"assets_navigation_has_no_effect"}));
  EXPECT_TRUE(NavigationPrefersAssets("2021-01-01", {"assets_navigation_prefers_asset_serving"}));
  EXPECT_TRUE(NavigationPrefersAssets("2099-01-01", {"assets_navigation_has_no_effect",
                                                     "assets_navigation_prefers_asset_serving"}));
}

// ---------------------------------------------------------------------------------------------
// Section 5: methods and the asset-first flow.

TEST(AssetServer, NonGetMethodsOnAnAssetGet405WithNoBodyAndNoAllow) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("data.json", "{}");
  auto s = MustCreate(MakeConfig(dir.path()));
  for (const char* m :
       {"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "MKCOL"}) {
    AssetResponse r = s->Fetch(Req("/index.html", m));
    EXPECT_EQ(r.status, 405) << m;
    EXPECT_FALSE(r.has_body());
    EXPECT_EQ(HeaderOf(r, "Allow"), "<none>");
    EXPECT_TRUE(r.headers.empty());
    EXPECT_EQ(s->Decide(Req("/index.html", m), true), AssetServer::Route::kAssets);
  }
  EXPECT_EQ(s->Fetch(Req("/data.json", "OPTIONS")).status, 405);
}

TEST(AssetServer, HtmlHandledMatchCountsAsAnAssetForMethods) {
  TempDir dir;
  dir.Write("about.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/about", "POST")).status, 405);
}

TEST(AssetServer, RedirectsIgnoreTheMethod) {
  TempDir dir;
  dir.Write("_redirects", "/foo /bar 301\n");
  auto s = MustCreate(MakeConfig(dir.path()));
  AssetResponse r = s->Fetch(Req("/foo", "POST"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/bar");
}

TEST(AssetServer, PathsWithoutAssetsGoToTheWorkerWhateverTheMethod) {
  TempDir dir;
  dir.Write("index.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  for (const char* m : {"GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    EXPECT_EQ(s->Decide(Req("/no-assets-here", m), true), AssetServer::Route::kWorker) << m;
  }
}

TEST(AssetServer, ProxyRuleToAMissingTargetIsAnEmpty404AndNotTheWorker) {
  TempDir dir;
  dir.Write("_redirects", "/proxy /missing 200\n");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Decide(Req("/proxy"), true), AssetServer::Route::kAssets);
  AssetResponse r = s->Fetch(Req("/proxy"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.has_body());
}

TEST(AssetServer, RedirectRuleShadowsTheWorker) {
  TempDir dir;
  dir.Write("_redirects", "/x /y 302\n");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Decide(Req("/x"), true), AssetServer::Route::kAssets);
  AssetResponse r = s->Fetch(Req("/x"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(HeaderOf(r, "Location"), "/y");
}

TEST(AssetServer, AssetsOnlyPostToMissingPathIs404Not405) {
  TempDir dir;
  dir.Write("index.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/", "GET")).status, 200);
  EXPECT_EQ(s->Fetch(Req("/missing", "POST")).status, 404);
  EXPECT_EQ(s->Fetch(Req("/index.html", "POST")).status, 405);
  EXPECT_EQ(s->Decide(Req("/missing", "POST"), false), AssetServer::Route::kAssets);
}

// ---------------------------------------------------------------------------------------------
// Section 6: response headers; checklist 1-4.

class Section6 : public ::testing::Test {
 protected:
  Section6() {
    dir_.Write("app.js", "console.log('app')");
    dir_.Write("data.json", "{}");
    dir_.Write("README.md", "# hi");
    dir_.Write("photo.jpg", "jpg");
    dir_.Write("x.greg", "greg");
    server_ = MustCreate(MakeConfig(dir_.path(), HtmlHandling::kNone));
    etag_ = HeaderOf(server_->Fetch(Req("/app.js")), "ETag");
  }
  TempDir dir_;
  std::unique_ptr<AssetServer> server_;
  std::string etag_;
};

TEST_F(Section6, PlainGetHasETagContentTypeAndCacheControl) {
  AssetResponse r = server_->Fetch(Req("/app.js"));
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(HeaderOf(r, "ETag"), ContentETag("console.log('app')"));
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), kCacheControl);
  EXPECT_EQ(HeaderOf(r, "CF-Cache-Status"), "<none>");
  EXPECT_EQ(r.length, 18u);
}

TEST_F(Section6, StrongIfNoneMatchGives304WithHeaders) {
  AssetRequest req = Req("/app.js");
  req.if_none_match = etag_;
  AssetResponse r = server_->Fetch(req);
  EXPECT_EQ(r.status, 304);
  EXPECT_FALSE(r.has_body());
  EXPECT_EQ(HeaderOf(r, "ETag"), etag_);
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), kCacheControl);
}

TEST_F(Section6, WeakIfNoneMatchGives304) {
  AssetRequest req = Req("/app.js");
  std::string weak = "W/" + etag_;
  req.if_none_match = weak;
  EXPECT_EQ(server_->Fetch(req).status, 304);
}

TEST_F(Section6, IfNoneMatchListsStarAndOthersGive200) {
  for (std::string value : {etag_ + ", \"zzz\"", std::string("*"), std::string("\"nope\""),
                            etag_.substr(1, 32), "W/" + etag_ + " "}) {
    AssetRequest req = Req("/app.js");
    req.if_none_match = value;
    EXPECT_EQ(server_->Fetch(req).status, 200) << value;
  }
}

TEST_F(Section6, AuthorizationDropsCacheControl) {
  AssetRequest req = Req("/app.js");
  req.has_authorization = true;
  AssetResponse r = server_->Fetch(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "<none>");
  req.if_none_match = etag_;
  EXPECT_EQ(HeaderOf(server_->Fetch(req), "Cache-Control"), "<none>");
}

TEST_F(Section6, HeadHasTheSameHeadersAsGet) {
  AssetResponse head = server_->Fetch(Req("/app.js", "HEAD"));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(HeaderOf(head, "ETag"), etag_);
  EXPECT_EQ(HeaderOf(head, "Cache-Control"), kCacheControl);
  EXPECT_EQ(head.length, 18u);  // so the sender can announce Content-Length
}

TEST_F(Section6, ContentTypesPerExtension) {
  EXPECT_EQ(HeaderOf(server_->Fetch(Req("/data.json")), "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(server_->Fetch(Req("/README.md")), "Content-Type"),
            "text/markdown; charset=utf-8");
  EXPECT_EQ(HeaderOf(server_->Fetch(Req("/photo.jpg")), "Content-Type"), "image/jpeg");
  AssetResponse greg = server_->Fetch(Req("/x.greg"));
  EXPECT_EQ(greg.status, 200);
  EXPECT_EQ(HeaderOf(greg, "Content-Type"), "<none>");
}

// Checklist 1.
TEST(AssetServer, NoneModeRootServesExactRootAssetWithETag) {
  TempDir dir;
  dir.Write("index.html");
  auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kNone));
  EXPECT_EQ(s->Fetch(Req("/")).status, 404);  // `/` does not serve /index.html under none
  EXPECT_EQ(HeaderOf(s->Fetch(Req("/index.html")), "ETag"), ContentETag("content of index.html"));
}

// ---------------------------------------------------------------------------------------------
// edgerun: Range.

class RangeTest : public ::testing::Test {
 protected:
  RangeTest() {
    dir_.Write("d.bin", "0123456789abcdef");
    dir_.Write("big.bin", std::string(3000, 'z') + "END");
    IndexOptions o;
    o.memory_file_bytes = 1000;
    server_ = MustCreate(MakeConfig(dir_.path()), nullptr, o);
  }
  AssetResponse Get(std::string_view range, std::string_view path = "/d.bin",
                    std::string_view method = "GET") {
    AssetRequest r = Req(path, method);
    r.range = range;
    r.has_range = true;
    return server_->Fetch(r);
  }
  TempDir dir_;
  std::unique_ptr<AssetServer> server_;
};

TEST_F(RangeTest, SingleRangeGives206WithContentRange) {
  AssetResponse r = Get("bytes=0-9");
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(BodyOf(r), "0123456789");
  EXPECT_EQ(HeaderOf(r, "Content-Range"), "bytes 0-9/16");
  EXPECT_EQ(HeaderOf(r, "Accept-Ranges"), "bytes");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "<none>");
  EXPECT_NE(HeaderOf(r, "ETag"), "<none>");
}

TEST_F(RangeTest, OpenAndSuffixRanges) {
  EXPECT_EQ(BodyOf(Get("bytes=10-")), "abcdef");
  EXPECT_EQ(BodyOf(Get("bytes=-3")), "def");
  EXPECT_EQ(BodyOf(Get("bytes=-100")), "0123456789abcdef");
  EXPECT_EQ(BodyOf(Get("bytes=14-999")), "ef");
}

TEST_F(RangeTest, UnsatisfiableRangeGives416) {
  AssetResponse r = Get("bytes=16-");
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(HeaderOf(r, "Content-Range"), "bytes */16");
  EXPECT_FALSE(r.has_body());
  EXPECT_EQ(Get("bytes=-0").status, 416);
}

TEST_F(RangeTest, SeveralOrInvalidRangesGiveTheWholeBodyWithoutCacheControl) {
  for (const char* v : {"bytes=0-1,3-4", "bytes=5-2", "items=0-1", "bytes=x-y"}) {
    AssetResponse r = Get(v);
    EXPECT_EQ(r.status, 200) << v;
    EXPECT_EQ(BodyOf(r), "0123456789abcdef");
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "<none>");
  }
}

TEST_F(RangeTest, HeadIgnoresRange) { EXPECT_EQ(Get("bytes=0-1", "/d.bin", "HEAD").status, 200); }

TEST_F(RangeTest, RangeOfAFileServedFromDisk) {
  AssetResponse r = Get("bytes=-3", "/big.bin");
  EXPECT_EQ(r.status, 206);
  EXPECT_FALSE(r.file_path.empty());
  EXPECT_EQ(r.offset, 3000u);
  EXPECT_EQ(r.length, 3u);
  EXPECT_EQ(BodyOf(r), "END");
}

// ---------------------------------------------------------------------------------------------
// edgerun: compression.

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string Unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  size_t size = out.size();
  BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                          reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

class CompressionTest : public ::testing::Test {
 protected:
  CompressionTest() {
    for (int i = 0; i < 200; ++i) text_ += "body { color: red; } /* " + std::to_string(i) + " */\n";
    dir_.Write("style.css", text_);
    dir_.Write("small.css", "a{}");
    dir_.Write("photo.png", std::string(5000, 'p'));
    server_ = MustCreate(MakeConfig(dir_.path()));
  }
  AssetResponse Get(std::string_view path, std::string_view accept) {
    AssetRequest r = Req(path);
    r.accept_encoding = accept;
    return server_->Fetch(r);
  }
  TempDir dir_;
  std::string text_;
  std::unique_ptr<AssetServer> server_;
};

TEST_F(CompressionTest, BrotliIsPreferredAndDecodesToTheSameBytes) {
  AssetResponse r = Get("/style.css", "gzip, deflate, br");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(r, "ETag"), ContentETag(text_));
  EXPECT_LT(r.length, text_.size());
  EXPECT_EQ(Unbrotli(BodyOf(r)), text_);
}

TEST_F(CompressionTest, QValuesAreRespected) {
  AssetResponse r = Get("/style.css", "br;q=0.5, gzip");
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(BodyOf(r)), text_);
  EXPECT_EQ(HeaderOf(Get("/style.css", "br;q=0, gzip;q=0.1"), "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(Get("/style.css", "*"), "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(Get("/style.css", "gzip;q=0.5, identity"), "Content-Encoding"), "<none>");
}

TEST_F(CompressionTest, CompressedBytesAreCached) {
  AssetResponse a = Get("/style.css", "br");
  AssetResponse b = Get("/style.css", "br");
  EXPECT_EQ(a.bytes, b.bytes);
}

TEST_F(CompressionTest, IdentityWhenNotAcceptedSmallOrIncompressible) {
  AssetResponse plain = Get("/style.css", "");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "<none>");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(BodyOf(plain), text_);
  AssetResponse small = Get("/small.css", "br, gzip");
  EXPECT_EQ(HeaderOf(small, "Content-Encoding"), "<none>");
  EXPECT_EQ(HeaderOf(small, "Vary"), "<none>");
  AssetResponse png = Get("/photo.png", "br, gzip");
  EXPECT_EQ(HeaderOf(png, "Content-Encoding"), "<none>");
  EXPECT_EQ(HeaderOf(png, "Vary"), "<none>");
}

TEST_F(CompressionTest, RefusedIdentityWithNothingAcceptableIs415) {
  EXPECT_EQ(Get("/style.css", "identity;q=0, deflate").status, 415);
  EXPECT_EQ(Get("/style.css", "*;q=0").status, 415);
  EXPECT_EQ(Get("/photo.png", "identity;q=0").status, 415);
  // A compressible file under 1 KiB is still compressed rather than refused.
  EXPECT_EQ(HeaderOf(Get("/small.css", "identity;q=0, gzip"), "Content-Encoding"), "gzip");
}

TEST_F(CompressionTest, NotModifiedCarriesVary) {
  AssetRequest r = Req("/style.css");
  std::string etag = ContentETag(text_);
  r.if_none_match = etag;
  r.accept_encoding = "br";
  AssetResponse res = server_->Fetch(r);
  EXPECT_EQ(res.status, 304);
  EXPECT_EQ(HeaderOf(res, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(res, "Content-Encoding"), "<none>");
}

// ---------------------------------------------------------------------------------------------
// _headers and _redirects through the pipeline (checklist 8-35 integration).

class RulesTest : public ::testing::Test {
 protected:
  RulesTest() {
    dir_.Write("index.html");
    dir_.Write("foo.html");
    dir_.Write("other.html");
    dir_.Write("other", "binary other");
    dir_.Write("404.html");
    dir_.Write("_headers",
               "/\n  X-Root: root\n"
               "/foo\n  X-Foo: foo\n"
               "/foo.html\n  X-Foo-Html: yes\n"
               "/rogue\n  ETag: very rogue\n"
               "/unset\n  ! ETAg\n"
               "/redir\n  X-Redir: yes\n"
               "/nope\n  X-Nope: yes\n");
    dir_.Write("_redirects",
               "/redir /bar 301\n"
               "/foo-redirect /bar 301\n"
               "/proxy /other 200\n"
               "/proxy-html /other.html 200\n"
               "/proxy-missing /missing 200\n"
               "/rogue /other 200\n"
               "/unset /other 200\n"
               "/dynamic/:seg /:seg/new-dynamic/?with#params\n"
               "/foo/* /:splat\n");
  }
  std::unique_ptr<AssetServer> Server(HtmlHandling mode = HtmlHandling::kAutoTrailingSlash,
                                      NotFoundHandling nf = NotFoundHandling::kNone) {
    return MustCreate(MakeConfig(dir_.path(), mode, nf));
  }
  TempDir dir_;
};

TEST_F(RulesTest, HeadersRuleForRootApplies) {
  AssetResponse r = Server()->Fetch(Req("/"));
  EXPECT_EQ(HeaderOf(r, "X-Root"), "root");
  EXPECT_EQ(HeaderOf(r, "X-Foo"), "<none>");
}

TEST_F(RulesTest, HeadersRuleCanOverrideAndUnsetETag) {
  EXPECT_EQ(HeaderOf(Server()->Fetch(Req("/rogue")), "ETag"), "very rogue");
  EXPECT_EQ(HeaderOf(Server()->Fetch(Req("/unset")), "ETag"), "<none>");
}

TEST_F(RulesTest, HeadersMatchTheRawRequestPathOfAnHtmlRedirect) {
  AssetResponse r = Server()->Fetch(Req("/foo.html"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/foo");
  EXPECT_EQ(HeaderOf(r, "X-Foo-Html"), "yes");
  EXPECT_EQ(HeaderOf(Server()->Fetch(Req("/foo")), "X-Foo-Html"), "<none>");
}

TEST_F(RulesTest, HeadersApplyTo304) {
  auto s = Server();
  AssetRequest req = Req("/foo");
  std::string etag = ContentETag("content of foo.html");
  req.if_none_match = etag;
  AssetResponse r = s->Fetch(req);
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(HeaderOf(r, "X-Foo"), "foo");
}

TEST_F(RulesTest, HeadersApplyToRedirectsRules) {
  AssetResponse r = Server()->Fetch(Req("/redir"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/bar");
  EXPECT_EQ(HeaderOf(r, "X-Redir"), "yes");
}

TEST_F(RulesTest, HeadersApplyToEmpty404And405) {
  auto s = Server();
  EXPECT_EQ(HeaderOf(s->Fetch(Req("/nope")), "X-Nope"), "yes");
  EXPECT_EQ(HeaderOf(s->Fetch(Req("/foo", "POST")), "X-Foo"), "foo");
}

TEST_F(RulesTest, RedirectBeatsAnAsset) {
  dir_.Write("foo-redirect.html");
  AssetResponse r = Server()->Fetch(Req("/foo-redirect"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/bar");
}

TEST_F(RulesTest, ProxyServesTheTargetBody) {
  AssetResponse r = Server()->Fetch(Req("/proxy"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "binary other");
  dir_.Remove("other");
  r = Server()->Fetch(Req("/proxy"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of other.html");
}

TEST_F(RulesTest, ProxyToExplicitHtmlWithNoneHandling) {
  AssetResponse r = Server(HtmlHandling::kNone)->Fetch(Req("/proxy-html"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(BodyOf(r), "content of other.html");
}

TEST_F(RulesTest, ProxyToMissingTargetUsesNotFoundHandling) {
  AssetResponse page = Server(HtmlHandling::kAutoTrailingSlash, NotFoundHandling::k404Page)
                           ->Fetch(Req("/proxy-missing"));
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(BodyOf(page), "content of 404.html");
  AssetResponse none = Server()->Fetch(Req("/proxy-missing"));
  EXPECT_EQ(none.status, 404);
  EXPECT_FALSE(none.has_body());
}

TEST_F(RulesTest, DynamicRedirectSubstitutesPlaceholders) {
  AssetResponse r = Server()->Fetch(Req("/dynamic/foo"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(HeaderOf(r, "Location"), "/foo/new-dynamic/?with#params");
}

TEST_F(RulesTest, SplatRedirectIsNeverProtocolRelative) {
  AssetResponse r = Server()->Fetch(Req("/foo//google.com"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(HeaderOf(r, "Location"), "/google.com");
}

TEST_F(RulesTest, RedirectKeepsTheRequestQueryWhenTheDestinationHasNone) {
  AssetResponse r = Server()->Fetch(ReqQ("/redir", "?a=1"));
  EXPECT_EQ(HeaderOf(r, "Location"), "/bar?a=1");
}

TEST_F(RulesTest, RewritesAreNotChained) {
  dir_.Write("_redirects", "/a /b 200\n/b /c 200\n");
  dir_.Write("b.html");
  dir_.Write("c.html");
  EXPECT_EQ(BodyOf(Server()->Fetch(Req("/a"))), "content of b.html");
}

TEST_F(RulesTest, RuleFileWarningsCarryFileAndLine) {
  dir_.Write("_redirects", "/ok /fine\n/bad /x 418\n");
  std::vector<Error> warnings;
  auto s = MustCreate(MakeConfig(dir_.path()), &warnings);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].file.find("_redirects"), std::string::npos);
  EXPECT_EQ(warnings[0].line, 2);
}

// ---------------------------------------------------------------------------------------------
// CanFetch (checklist 36-41).

TEST(AssetServer, CanFetchHtmlHandledPaths) {
  TempDir dir;
  dir.Write("foo.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_TRUE(s->CanFetch(Req("/foo.html"), false));
  EXPECT_TRUE(s->CanFetch(Req("/foo"), false));
  EXPECT_TRUE(s->CanFetch(Req("/foo/"), false));
  EXPECT_FALSE(s->CanFetch(Req("/bar"), false));
}

TEST(AssetServer, CanFetchIgnoresFallbacksUnlessKept) {
  TempDir dir;
  dir.Write("foo.html");
  dir.Write("index.html");
  dir.Write("404.html");
  for (NotFoundHandling nf :
       {NotFoundHandling::kSinglePageApplication, NotFoundHandling::k404Page}) {
    auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kAutoTrailingSlash, nf));
    EXPECT_FALSE(s->CanFetch(Req("/bar"), false));
    EXPECT_TRUE(s->CanFetch(Req("/foo"), false));
    EXPECT_TRUE(s->CanFetch(Req("/"), false));
    EXPECT_TRUE(s->CanFetch(Req("/404"), false));
    EXPECT_TRUE(s->CanFetch(Req("/bar"), true));
  }
}

TEST(AssetServer, CanFetchIgnoresTheMethod) {
  TempDir dir;
  dir.Write("foo.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_TRUE(s->CanFetch(Req("/foo", "POST"), false));
  EXPECT_FALSE(s->CanFetch(Req("/missing", "POST"), false));
}

TEST(AssetServer, CanFetchAnyRedirectRuleEvenWithoutATarget) {
  TempDir dir;
  dir.Write("_redirects", "/moved /elsewhere 301\n/proxy /nothing 200\n");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_TRUE(s->CanFetch(Req("/moved"), false));
  EXPECT_TRUE(s->CanFetch(Req("/proxy"), false));
}

// Checklist 41: /bar goes to the assets iff (static routing AND not_found != none) OR
// (flag on AND not_found != none AND Sec-Fetch-Mode: navigate).
TEST(AssetServer, CanFetchMatrix) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("404.html");
  for (NotFoundHandling nf : {NotFoundHandling::kNone, NotFoundHandling::k404Page,
                              NotFoundHandling::kSinglePageApplication}) {
    for (bool static_routing : {false, true}) {
      for (int flags = 0; flags < 4; ++flags) {
        for (bool navigate : {false, true}) {
          config::WorkerConfig c = MakeConfig(dir.path(), HtmlHandling::kAutoTrailingSlash, nf);
          c.compatibility_date = "2024-01-01";
          if (flags & 1) c.compatibility_flags.push_back("assets_navigation_prefers_asset_serving");
          if (flags & 2) c.compatibility_flags.push_back("assets_navigation_has_no_effect");
          if (static_routing) {
            c.assets->run_worker_first.is_array = true;
            c.assets->run_worker_first.patterns = {"/api/*"};
          }
          auto s = MustCreate(c);
          AssetRequest req = Req("/bar");
          if (navigate) req.sec_fetch_mode = "navigate";
          bool flag_on = (flags & 1) != 0;
          bool expected = (static_routing && nf != NotFoundHandling::kNone) ||
                          (flag_on && nf != NotFoundHandling::kNone && navigate);
          EXPECT_EQ(s->Decide(req, true) == AssetServer::Route::kAssets, expected)
              << "nf=" << static_cast<int>(nf) << " static=" << static_routing << " flags=" << flags
              << " navigate=" << navigate;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Path safety: nothing outside the folder is ever served.

TEST(AssetServer, PathSafetyBattery) {
  TempDir outside;
  outside.Write("secret.txt", "TOP SECRET");
  TempDir dir;
  dir.Write("inside/index.html");
  dir.Write("index.html");
  dir.Symlink(outside.Abs("secret.txt"), "secret.txt");
  dir.Symlink(outside.path(), "out");
  std::string abs = outside.Abs("secret.txt");
  std::vector<std::string> paths = {
      "/secret.txt",
      "/out/secret.txt",
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/%252e%252e/secret.txt",
      "/..%5csecret.txt",
      "/%5c..%5c..%5csecret.txt",
      "/inside/..%2f..%2f..%2fetc/passwd",
      "/%00",
      "/index.html%00",
      "/index.html%00.png",
      "/%c0%ae%c0%ae/secret.txt",
      "/etc/passwd",
      "//etc/passwd",
      "/%2fetc/passwd",
      abs,
      "/" + abs,
      "/" + std::string(100000, 'a'),
      "/" + std::string(5000, '/') + "index.html",
      "/inside/" + std::string(20000, '.') + "/secret.txt",
  };
  for (NotFoundHandling nf : {NotFoundHandling::kNone, NotFoundHandling::k404Page,
                              NotFoundHandling::kSinglePageApplication}) {
    for (HtmlHandling mode : {HtmlHandling::kAutoTrailingSlash, HtmlHandling::kNone}) {
      auto s = MustCreate(MakeConfig(dir.path(), mode, nf));
      for (const std::string& p : paths) {
        AssetResponse r = s->Fetch(Req(p));
        SCOPED_TRACE(p.substr(0, 80));
        EXPECT_NE(BodyOf(r), "TOP SECRET");
        if (!r.file_path.empty()) {
          EXPECT_EQ(r.file_path.rfind(s->index()->root() + "/", 0), 0u);
        }
        std::string loc = HeaderOf(r, "Location");
        if (loc != "<none>") {
          ASSERT_FALSE(loc.empty());
          EXPECT_EQ(loc[0], '/');
          if (loc.size() > 1) {
            EXPECT_NE(loc[1], '/');
          }
          EXPECT_EQ(loc.find('\\'), std::string::npos);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors and re-indexing.

TEST(AssetServer, FileRemovedAfterIndexingIs500WithEmptyBody) {
  TempDir dir;
  dir.Write("big.bin", std::string(5000, 'b'));
  IndexOptions o;
  o.memory_file_bytes = 100;
  auto s = MustCreate(MakeConfig(dir.path()), nullptr, o);
  EXPECT_EQ(s->Fetch(Req("/big.bin")).status, 200);
  dir.Remove("big.bin");
  AssetResponse r = s->Fetch(Req("/big.bin"));
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(r.has_body());
}

TEST(AssetServer, RebuildSeesNewChangedAndRemovedFiles) {
  TempDir dir;
  dir.Write("a.txt", "one");
  auto s = MustCreate(MakeConfig(dir.path()));
  AssetResponse before = s->Fetch(Req("/a.txt"));
  dir.Write("b.txt", "new");
  dir.Write("a.txt", "two!");
  dir.Write("_redirects", "/old /a.txt 301\n");
  ASSERT_TRUE(s->Rebuild().ok());
  EXPECT_EQ(BodyOf(s->Fetch(Req("/b.txt"))), "new");
  EXPECT_EQ(BodyOf(s->Fetch(Req("/a.txt"))), "two!");
  EXPECT_EQ(s->Fetch(Req("/old")).status, 301);
  EXPECT_EQ(BodyOf(before), "one");  // a response outlives the index it came from
  dir.Remove("b.txt");
  ASSERT_TRUE(s->Rebuild().ok());
  EXPECT_EQ(s->Fetch(Req("/b.txt")).status, 404);
}

TEST(AssetServer, RebuildServesNewHtmlAtItsPrettyPath) {
  TempDir dir;
  dir.Write("index.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/docs")).status, 404);
  EXPECT_EQ(s->Fetch(Req("/about")).status, 404);
  dir.Write("docs/index.html");
  dir.Write("about.html");
  ASSERT_TRUE(s->Rebuild().ok());
  EXPECT_EQ(HeaderOf(s->Fetch(Req("/docs")), "Location"), "/docs/");
  EXPECT_EQ(BodyOf(s->Fetch(Req("/about"))), "content of about.html");
}

TEST(AssetServer, FailedRebuildKeepsTheOldIndex) {
  TempDir dir;
  dir.Write("a.txt", "one");
  auto s = MustCreate(MakeConfig(dir.path()));
  dir.Write("_worker.js", "export default {}");
  EXPECT_FALSE(s->Rebuild().ok());
  EXPECT_EQ(BodyOf(s->Fetch(Req("/a.txt"))), "one");
}

TEST(AssetServer, WorkerJsInWorkersAssetsFolderFailsCreate) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  auto r = AssetServer::Create(MakeConfig(dir.path()), nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("_worker.js"), std::string::npos);
}

TEST(AssetServer, PagesModeRunsTheWorkerFirst) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  dir.Write("index.html");
  config::WorkerConfig c = MakeConfig(dir.path());
  c.pages = true;
  auto s = MustCreate(c);
  EXPECT_EQ(s->Decide(Req("/"), true), AssetServer::Route::kWorker);
  EXPECT_EQ(s->Fetch(Req("/_worker.js")).status, 404);
  EXPECT_EQ(s->Fetch(Req("/")).status, 200);
}

}  // namespace
}  // namespace edgerun::assets
