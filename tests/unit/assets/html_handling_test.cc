// html_handling (spec/assets.md section 2): every row of the test-verified tables, through the
// whole asset server pipeline (what the tables describe is the final status and Location).
#include "runtime/assets/html_handling.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/assets/html_stem.h"
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

struct Row {
  const char* path;
  int status;
  const char* expect;  // Location for 3xx, the served file for 200, "" for 404
};

void Check(const AssetServer& server, const Row& row, const char* mode) {
  AssetResponse r = server.Fetch(Req(row.path));
  SCOPED_TRACE(std::string(mode) + " " + row.path);
  EXPECT_EQ(r.status, row.status);
  if (row.status == 307 || row.status == 308) {
    EXPECT_EQ(HeaderOf(r, "Location"), row.expect);
    EXPECT_FALSE(r.has_body());
  } else if (row.status == 200) {
    EXPECT_EQ(BodyOf(r), std::string("content of ") + row.expect);
  } else {
    EXPECT_FALSE(r.has_body());
  }
}

class HtmlHandlingTable : public ::testing::Test {
 protected:
  HtmlHandlingTable() {
    dir_.Write("index.html");
    dir_.Write("file.html");
    dir_.Write("folder/index.html");
  }
  std::unique_ptr<AssetServer> Server(HtmlHandling mode) {
    return MustCreate(MakeConfig(dir_.path(), mode));
  }
  TempDir dir_;
};

TEST_F(HtmlHandlingTable, AutoTrailingSlashRows) {
  auto s = Server(HtmlHandling::kAutoTrailingSlash);
  for (const Row& row : std::vector<Row>{
           {"/", 200, "index.html"},
           {"/index", 307, "/"},
           {"/index.html", 307, "/"},
           {"/file", 200, "file.html"},
           {"/file.html", 307, "/file"},
           {"/file/", 307, "/file"},
           {"/file/index", 307, "/file"},
           {"/file/index.html", 307, "/file"},
           {"/folder", 307, "/folder/"},
           {"/folder.html", 307, "/folder/"},
           {"/folder/", 200, "folder/index.html"},
           {"/folder/index", 307, "/folder/"},
           {"/folder/index.html", 307, "/folder/"},
       }) {
    Check(*s, row, "auto");
  }
}

TEST_F(HtmlHandlingTable, ForceTrailingSlashRows) {
  auto s = Server(HtmlHandling::kForceTrailingSlash);
  for (const Row& row : std::vector<Row>{
           {"/", 200, "index.html"},
           {"/index", 307, "/"},
           {"/index.html", 307, "/"},
           {"/file", 307, "/file/"},
           {"/file.html", 307, "/file/"},
           {"/file/", 200, "file.html"},
           {"/file/index", 307, "/file/"},
           {"/file/index.html", 307, "/file/"},
           {"/folder", 307, "/folder/"},
           {"/folder.html", 307, "/folder/"},
           {"/folder/", 200, "folder/index.html"},
           {"/folder/index", 307, "/folder/"},
           {"/folder/index.html", 307, "/folder/"},
       }) {
    Check(*s, row, "force");
  }
}

TEST_F(HtmlHandlingTable, DropTrailingSlashRows) {
  auto s = Server(HtmlHandling::kDropTrailingSlash);
  for (const Row& row : std::vector<Row>{
           {"/", 200, "index.html"},
           {"/index", 307, "/"},
           {"/index.html", 307, "/"},
           {"/file", 200, "file.html"},
           {"/file.html", 307, "/file"},
           {"/file/", 307, "/file"},
           {"/file/index", 307, "/file"},
           {"/file/index.html", 307, "/file"},
           {"/folder", 200, "folder/index.html"},
           {"/folder.html", 307, "/folder"},
           {"/folder/", 307, "/folder"},
           {"/folder/index", 307, "/folder"},
           {"/folder/index.html", 307, "/folder"},
       }) {
    Check(*s, row, "drop");
  }
}

TEST_F(HtmlHandlingTable, NoneServesExactNamesOnly) {
  auto s = Server(HtmlHandling::kNone);
  for (const Row& row : std::vector<Row>{
           {"/", 404, ""},
           {"/index", 404, ""},
           {"/index.html", 200, "index.html"},
           {"/file", 404, ""},
           {"/file.html", 200, "file.html"},
           {"/file/", 404, ""},
           {"/file/index", 404, ""},
           {"/file/index.html", 404, ""},
           {"/folder", 404, ""},
           {"/folder.html", 404, ""},
           {"/folder/", 404, ""},
           {"/folder/index", 404, ""},
           {"/folder/index.html", 200, "folder/index.html"},
       }) {
    Check(*s, row, "none");
  }
}

class HtmlHandlingAmbiguity : public ::testing::Test {
 protected:
  HtmlHandlingAmbiguity() {
    dir_.Write("both.html");
    dir_.Write("both/index.html");
    dir_.Write("file-bin");
    dir_.Write("file-bin.html");
  }
  TempDir dir_;
};

TEST_F(HtmlHandlingAmbiguity, AutoPrefersExactThenHtml) {
  auto s = MustCreate(MakeConfig(dir_.path(), HtmlHandling::kAutoTrailingSlash));
  for (const Row& row : std::vector<Row>{
           {"/both", 200, "both.html"},
           {"/both.html", 307, "/both"},
           {"/both/", 200, "both/index.html"},
           {"/both/index.html", 307, "/both/"},
           {"/file-bin", 200, "file-bin"},
           {"/file-bin.html", 200, "file-bin.html"},
           {"/file-bin/", 404, ""},
       }) {
    Check(*s, row, "auto");
  }
}

TEST_F(HtmlHandlingAmbiguity, ForceServesBothHtmlAtItsExactPathOnly) {
  auto s = MustCreate(MakeConfig(dir_.path(), HtmlHandling::kForceTrailingSlash));
  for (const Row& row : std::vector<Row>{
           {"/both", 307, "/both/"},
           {"/both.html", 200, "both.html"},
           {"/both/", 200, "both/index.html"},
           {"/both/index.html", 307, "/both/"},
           {"/file-bin", 200, "file-bin"},
           {"/file-bin.html", 307, "/file-bin/"},
           {"/file-bin/", 200, "file-bin.html"},
       }) {
    Check(*s, row, "force");
  }
}

TEST_F(HtmlHandlingAmbiguity, DropServesFolderIndexAtItsExactPathOnly) {
  auto s = MustCreate(MakeConfig(dir_.path(), HtmlHandling::kDropTrailingSlash));
  for (const Row& row : std::vector<Row>{
           {"/both", 200, "both.html"},
           {"/both.html", 307, "/both"},
           {"/both/", 307, "/both"},
           {"/both/index.html", 200, "both/index.html"},
           {"/file-bin", 200, "file-bin"},
           {"/file-bin.html", 200, "file-bin.html"},
           {"/file-bin/", 404, ""},
       }) {
    Check(*s, row, "drop");
  }
}

TEST(HtmlHandling, ExactIndexFileWithoutExtensionIsServed) {
  TempDir dir;
  dir.Write("docs/index");
  dir.Write("docs/index.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  Check(*s, {"/docs/index", 200, "docs/index"}, "auto");
}

TEST(HtmlHandling, DropTrailingSlashRootAlwaysServesIndex) {
  TempDir dir;
  dir.Write("index.html");
  auto s = MustCreate(MakeConfig(dir.path(), HtmlHandling::kDropTrailingSlash));
  Check(*s, {"/", 200, "index.html"}, "drop");
  Check(*s, {"/index", 307, "/"}, "drop");
  Check(*s, {"/index.html", 307, "/"}, "drop");
}

TEST(HtmlHandling, RedirectKeepsTheQueryString) {
  TempDir dir;
  dir.Write("file.html");
  dir.Write("folder/index.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  AssetRequest req = Req("/file.html");
  req.query = "?a=1&b=2";
  EXPECT_EQ(HeaderOf(s->Fetch(req), "Location"), "/file?a=1&b=2");
  req = Req("/folder");
  req.query = "?x";
  AssetResponse r = s->Fetch(req);
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/folder/?x");
}

TEST(HtmlHandling, MethodCheckRunsBeforeTheRedirect) {
  TempDir dir;
  dir.Write("file.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/file.html", "POST")).status, 405);
}

TEST(HtmlHandling, HeadGetsTheSameStatusAndHeadersAsGet) {
  TempDir dir;
  dir.Write("file.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  AssetResponse get = s->Fetch(Req("/file"));
  AssetResponse head = s->Fetch(Req("/file", "HEAD"));
  EXPECT_EQ(head.status, 200);
  ASSERT_EQ(head.headers.size(), get.headers.size());
  for (size_t i = 0; i < get.headers.size(); ++i) {
    EXPECT_EQ(head.headers[i].name, get.headers[i].name);
    EXPECT_EQ(head.headers[i].value, get.headers[i].value);
  }
}

TEST(HtmlHandling, RedirectsAreNeverPermanentOutsidePages) {
  TempDir dir;
  dir.Write("file.html");
  auto s = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(s->Fetch(Req("/file.html")).status, 307);
}

TEST(HtmlHandling, PagesModeTrailingSlashRedirectsArePermanent) {
  TempDir dir;
  dir.Write("file.html");
  dir.Write("folder/index.html");
  config::WorkerConfig c = MakeConfig(dir.path());
  c.pages = true;
  auto s = MustCreate(c);
  AssetResponse r = s->Fetch(Req("/file.html"));
  EXPECT_EQ(r.status, 308);
  EXPECT_EQ(HeaderOf(r, "Location"), "/file");
  EXPECT_EQ(s->Fetch(Req("/folder")).status, 308);
}

// Encoding cases of section 1 under every mode (checklist 114).
TEST(HtmlHandling, EncodingCanonicalisationAppliesInEveryMode) {
  TempDir dir;
  dir.Write("[boop].html");
  dir.Write("[boop]/index.html");
  dir.Write("%5Bboop%5D.html");
  dir.Write("about/[f\xC3\xBCnky].txt");
  for (HtmlHandling mode : {HtmlHandling::kAutoTrailingSlash, HtmlHandling::kForceTrailingSlash,
                            HtmlHandling::kDropTrailingSlash, HtmlHandling::kNone}) {
    auto s = MustCreate(MakeConfig(dir.path(), mode));
    AssetResponse r = s->Fetch(Req("/about/[f%C3%BCnky].txt"));
    EXPECT_EQ(r.status, 307);
    EXPECT_EQ(HeaderOf(r, "Location"), "/about/%5Bf%C3%BCnky%5D.txt");
    EXPECT_EQ(s->Fetch(Req("/about/%5Bf%C3%BCnky%5D.txt")).status, 200);
  }
  auto none = MustCreate(MakeConfig(dir.path(), HtmlHandling::kNone));
  EXPECT_EQ(HeaderOf(none->Fetch(Req("/[boop].html")), "Location"), "/%5Bboop%5D.html");
  EXPECT_EQ(BodyOf(none->Fetch(Req("/%255Bboop%255D.html"))), "content of %5Bboop%5D.html");
  auto force = MustCreate(MakeConfig(dir.path(), HtmlHandling::kForceTrailingSlash));
  AssetResponse r = force->Fetch(Req("/[boop].html"));
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(HeaderOf(r, "Location"), "/%5Bboop%5D.html");
  auto autos = MustCreate(MakeConfig(dir.path()));
  EXPECT_EQ(BodyOf(autos->Fetch(Req("/%255Bboop%255D"))), "content of %5Bboop%5D.html");
}

TEST(HtmlHandling, ResolveHtmlReportsFallbacks) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("404.html");
  auto index = AssetIndex::Build(dir.path(), {});
  ASSERT_TRUE(index.ok());
  Resolution spa = ResolveHtml(**index, "/nope", HtmlHandling::kAutoTrailingSlash,
                               NotFoundHandling::kSinglePageApplication);
  EXPECT_EQ(spa.kind, Resolution::Kind::kServe);
  EXPECT_TRUE(spa.fallback);
  EXPECT_EQ(spa.asset->key, "/index.html");
  Resolution page =
      ResolveHtml(**index, "/a/b", HtmlHandling::kAutoTrailingSlash, NotFoundHandling::k404Page);
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.asset->key, "/404.html");
  Resolution miss =
      ResolveHtml(**index, "/nope", HtmlHandling::kAutoTrailingSlash, NotFoundHandling::kNone);
  EXPECT_EQ(miss.kind, Resolution::Kind::kMiss);
}

TEST(HtmlHandling, PathNoAssetResemblesGoesStraightToNotFoundHandling) {
  TempDir dir;
  dir.Write("4k.txt");
  dir.Write("256k.bin");
  dir.Write("index.html");
  dir.Write("404.html");
  auto index = AssetIndex::Build(dir.path(), {});
  ASSERT_TRUE(index.ok());
  EXPECT_FALSE((*index)->FindHtmlStem(HtmlStem("/api/x")).has_value());
  Resolution miss =
      ResolveHtml(**index, "/api/x", HtmlHandling::kAutoTrailingSlash, NotFoundHandling::kNone);
  EXPECT_EQ(miss.kind, Resolution::Kind::kMiss);
  Resolution spa = ResolveHtml(**index, "/api/x", HtmlHandling::kForceTrailingSlash,
                               NotFoundHandling::kSinglePageApplication);
  EXPECT_EQ(spa.asset->key, "/index.html");
  Resolution page =
      ResolveHtml(**index, "/api/x", HtmlHandling::kDropTrailingSlash, NotFoundHandling::k404Page);
  EXPECT_EQ(page.asset->key, "/404.html");
  EXPECT_EQ(page.status, 404);
}

// The stem shortcut of ResolveHtml changes no result: for every path made of a few html-ish
// tokens, in every mode, it answers what the full resolution order answers.
class HtmlStemShortcut : public ::testing::Test {
 protected:
  // Every sequence of up to four tokens, as it is and behind a "/" (9362 paths).
  static std::vector<std::string> Paths() {
    static const std::vector<std::string> kTokens = {"/", "a",     "b",     "c",
                                                     "x", "index", ".html", "404"};
    std::vector<std::string> paths = {""};
    for (size_t from = 0, length = 0; length < 4; ++length) {
      size_t to = paths.size();
      for (size_t i = from; i < to; ++i) {
        for (const std::string& t : kTokens) paths.push_back(paths[i] + t);
      }
      from = to;
    }
    size_t unrooted = paths.size();
    for (size_t i = 0; i < unrooted; ++i) paths.push_back("/" + paths[i]);
    return paths;
  }

  // Writes `files` ("path" or "path=content"; default content names the file) and checks every
  // path in every mode.
  static void Check(const std::vector<std::string>& files) {
    TempDir dir;
    for (const std::string& f : files) {
      size_t eq = f.find('=');
      if (eq == std::string::npos) {
        dir.Write(f);
      } else {
        dir.Write(f.substr(0, eq), f.substr(eq + 1));
      }
    }
    auto built = AssetIndex::Build(dir.path(), {});
    ASSERT_TRUE(built.ok());
    const AssetIndex& index = **built;
    size_t shortcuts = 0, full = 0;
    for (const std::string& path : Paths()) {
      (index.FindHtmlStem(HtmlStem(path)).has_value() ? full : shortcuts)++;
      for (HtmlHandling mode : {HtmlHandling::kAutoTrailingSlash, HtmlHandling::kForceTrailingSlash,
                                HtmlHandling::kDropTrailingSlash, HtmlHandling::kNone}) {
        for (NotFoundHandling not_found : {NotFoundHandling::kNone, NotFoundHandling::k404Page,
                                           NotFoundHandling::kSinglePageApplication}) {
          Resolution got = ResolveHtml(index, path, mode, not_found);
          Resolution want = ResolveHtmlEveryLookup(index, path, mode, not_found);
          if (got.kind == want.kind && got.asset == want.asset && got.status == want.status &&
              got.fallback == want.fallback && got.redirect == want.redirect) {
            continue;
          }
          ADD_FAILURE() << "path \"" << path << "\" mode " << static_cast<int>(mode)
                        << " not_found " << static_cast<int>(not_found) << ": kind "
                        << static_cast<int>(got.kind) << " vs " << static_cast<int>(want.kind)
                        << ", asset " << (got.asset ? got.asset->key : "-") << " vs "
                        << (want.asset ? want.asset->key : "-") << ", status " << got.status
                        << " vs " << want.status << ", redirect \"" << got.redirect << "\" vs \""
                        << want.redirect << "\"";
          return;
        }
      }
    }
    // Both branches were exercised, so the comparison says something about each.
    EXPECT_GT(shortcuts, 0u);
    EXPECT_GT(full, 0u);
  }
};

TEST_F(HtmlStemShortcut, SiteWithRootAndFolderIndexesAnd404Pages) {
  Check({"index.html", "a.html", "a/index.html", "b/index.html", "404.html", "x/404.html"});
}

TEST_F(HtmlStemShortcut, FileAndFolderIndexWithTheSameContent) {
  Check({"c.html=same", "c/index.html=same", "a/index.html=page", "a.html=page", "index.html"});
}

TEST_F(HtmlStemShortcut, FileAndFolderIndexWithDifferentContent) {
  Check({"c.html", "c/index.html", "a/b.html", "a/b/index.html", "404.html"});
}

TEST_F(HtmlStemShortcut, FoldersNamedIndex) {
  Check({"index/index.html", "index/a.html", "a/index/index.html=same", "a/index.html=same",
         "x/404.html"});
}

TEST_F(HtmlStemShortcut, OddNames) {
  Check({".html", "index", "a/index", "x.html.html", "b.html.html=b", "b.html=b", "404",
         "a/index.html/index.html", "xindex"});
}

TEST_F(HtmlStemShortcut, NonHtmlAssetsOnly) { Check({"4k.txt", "256k.bin", "a", "b/x"}); }

TEST_F(HtmlStemShortcut, SameContentEverywhere) {
  Check({"index.html=same", "index=same", "a.html=same", "a/index.html=same", "c=same",
         "b/index=same", "b.html=same", "404.html=same"});
}

}  // namespace
}  // namespace edgerun::assets
