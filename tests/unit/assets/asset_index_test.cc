#include "runtime/assets/asset_index.h"

#include <gtest/gtest.h>

#include "tests/unit/assets/asset_test_util.h"

namespace edgerun::assets {
namespace {

using testing::TempDir;

std::shared_ptr<const AssetIndex> MustBuild(const TempDir& dir, IndexOptions options = {}) {
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build(dir.path(), options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? r.value() : nullptr;
}

TEST(AssetIndex, KeysAreSlashRootedRelativePaths) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("blog/index.html");
  dir.Write("blog/2024/post.html");
  auto index = MustBuild(dir);
  EXPECT_EQ(index->Keys(),
            (std::vector<std::string>{"/blog/2024/post.html", "/blog/index.html", "/index.html"}));
}

TEST(AssetIndex, LookupIsExactAndCaseSensitive) {
  TempDir dir;
  dir.Write("logo.png");
  auto index = MustBuild(dir);
  EXPECT_NE(index->Find("/logo.png"), nullptr);
  EXPECT_EQ(index->Find("/Logo.png"), nullptr);
  EXPECT_EQ(index->Find("logo.png"), nullptr);
  EXPECT_EQ(index->Find("/logo.png/"), nullptr);
}

TEST(AssetIndex, EntryHasSizeTypeAndContentHashETag) {
  TempDir dir;
  dir.Write("app.js", "console.log(1)");
  auto index = MustBuild(dir);
  const AssetEntry* e = index->Find("/app.js");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->size, 14u);
  EXPECT_EQ(e->content_type, "text/javascript; charset=utf-8");
  ASSERT_EQ(e->etag.size(), 34u);
  EXPECT_EQ(e->etag.front(), '"');
  EXPECT_EQ(e->etag.back(), '"');
  EXPECT_EQ(e->hash().find_first_not_of("0123456789abcdef"), std::string_view::npos);
  // SHA-256("console.log(1)"), first 16 bytes.
  EXPECT_EQ(e->etag, ContentETag("console.log(1)"));
}

TEST(AssetIndex, ETagIsStableAcrossBuildsAndDependsOnContentOnly) {
  TempDir dir;
  dir.Write("a.txt", "same");
  dir.Write("b.txt", "same");
  dir.Write("c.txt", "other");
  auto one = MustBuild(dir);
  auto two = MustBuild(dir);
  EXPECT_EQ(one->Find("/a.txt")->etag, two->Find("/a.txt")->etag);
  EXPECT_EQ(one->Find("/a.txt")->etag, one->Find("/b.txt")->etag);
  EXPECT_NE(one->Find("/a.txt")->etag, one->Find("/c.txt")->etag);
}

TEST(AssetIndex, PlainResponseHeadersArePrecomputed) {
  TempDir dir;
  dir.Write("x.greg", "?");
  dir.Write("big.css", std::string(4000, 'a'));
  auto index = MustBuild(dir);
  const AssetEntry* greg = index->Find("/x.greg");
  ASSERT_EQ(greg->headers.size(), 2u);
  EXPECT_EQ(greg->headers[0].name, "ETag");
  EXPECT_EQ(greg->headers[1].name, "Cache-Control");
  EXPECT_EQ(greg->headers[1].value, "public, max-age=0, must-revalidate");
  EXPECT_EQ(greg->headers_no_cache.size(), 1u);
  const AssetEntry* css = index->Find("/big.css");
  EXPECT_EQ(css->headers.back().name, "Vary");
  EXPECT_EQ(css->headers_no_cache.back().name, "Vary");
}

TEST(AssetIndex, SmallFilesLiveInMemoryBigOnesOnDisk) {
  TempDir dir;
  dir.Write("small.bin", std::string(100, 'x'));
  dir.Write("big.bin", std::string(5000, 'y'));
  IndexOptions options;
  options.memory_file_bytes = 1000;
  auto index = MustBuild(dir, options);
  const AssetEntry* small = index->Find("/small.bin");
  const AssetEntry* big = index->Find("/big.bin");
  ASSERT_NE(small->bytes, nullptr);
  EXPECT_EQ(*small->bytes, std::string(100, 'x'));
  EXPECT_EQ(big->bytes, nullptr);
  EXPECT_EQ(big->size, 5000u);
  EXPECT_EQ(big->etag, ContentETag(std::string(5000, 'y')));
}

TEST(AssetIndex, RootHeadersRedirectsAndAssetsIgnoreAreNotAssets) {
  TempDir dir;
  dir.Write("_headers", "/x\n  X: y\n");
  dir.Write("_redirects", "/a /b\n");
  dir.Write(".assetsignore", "secret.txt\n");
  dir.Write("secret.txt");
  dir.Write("docs/_headers");
  dir.Write("docs/_redirects");
  auto index = MustBuild(dir);
  EXPECT_EQ(index->Keys(), (std::vector<std::string>{"/docs/_headers", "/docs/_redirects"}));
}

TEST(AssetIndex, AssetsIgnoreCanForceIncludeRootHeaders) {
  TempDir dir;
  dir.Write("_headers", "/x\n  X: y\n");
  dir.Write(".assetsignore", "!_headers\n");
  auto index = MustBuild(dir);
  EXPECT_NE(index->Find("/_headers"), nullptr);
}

TEST(AssetIndex, DotfilesAreServed) {
  TempDir dir;
  dir.Write(".dotfile.html");
  dir.Write(".well-known/security.txt");
  dir.Write(".env");
  auto index = MustBuild(dir);
  EXPECT_NE(index->Find("/.dotfile.html"), nullptr);
  EXPECT_NE(index->Find("/.well-known/security.txt"), nullptr);
  EXPECT_NE(index->Find("/.env"), nullptr);
}

TEST(AssetIndex, WorkerJsWithoutAssetsIgnoreIsAnError) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build(dir.path(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Uploading a Pages _worker.js file as an asset."),
            std::string::npos);
  EXPECT_NE(r.error().message.find("could expose your private server-side code"),
            std::string::npos);
}

TEST(AssetIndex, WorkerJsDirectoryWithoutAssetsIgnoreIsAnError) {
  TempDir dir;
  dir.Write("_worker.js/index.js", "export default {}");
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build(dir.path(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("_worker.js directory"), std::string::npos);
}

TEST(AssetIndex, WorkerJsIsServedWhenAssetsIgnoreExistsButDoesNotListIt) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  dir.Write(".assetsignore", "");
  auto index = MustBuild(dir);
  EXPECT_NE(index->Find("/_worker.js"), nullptr);
}

TEST(AssetIndex, WorkerJsListedInAssetsIgnoreIsHidden) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  dir.Write(".assetsignore", "_worker.js\n");
  auto index = MustBuild(dir);
  EXPECT_EQ(index->Find("/_worker.js"), nullptr);
}

TEST(AssetIndex, PagesModeNeverUploadsWorkerRoutesOrFunctions) {
  TempDir dir;
  dir.Write("_worker.js", "export default {}");
  dir.Write("_routes.json", "{}");
  dir.Write("functions/api.js");
  dir.Write("node_modules/x/index.js");
  dir.Write(".git/HEAD");
  dir.Write("index.html");
  IndexOptions options;
  options.pages_mode = true;
  auto index = MustBuild(dir, options);
  EXPECT_EQ(index->Keys(), (std::vector<std::string>{"/index.html"}));
}

TEST(AssetIndex, TooManyFilesIsAClearError) {
  TempDir dir;
  for (int i = 0; i < 4; ++i) dir.Write("f" + std::to_string(i));
  IndexOptions options;
  options.max_files = 3;
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build(dir.path(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Maximum number of assets exceeded"), std::string::npos);
}

TEST(AssetIndex, FileOverTheSizeLimitIsAClearError) {
  TempDir dir;
  dir.Write("ok.bin", std::string(100, 'a'));
  dir.Write("huge.bin", std::string(101, 'a'));
  IndexOptions options;
  options.max_file_bytes = 100;
  options.memory_file_bytes = 10;
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build(dir.path(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Asset too large"), std::string::npos);
  EXPECT_NE(r.error().file.find("huge.bin"), std::string::npos);
}

TEST(AssetIndex, DefaultLimitsAreWranglers) {
  IndexOptions options;
  EXPECT_EQ(options.max_files, 100'000u);
  EXPECT_EQ(options.max_file_bytes, 25u * 1024 * 1024);
  EXPECT_EQ(options.memory_file_bytes, 256u * 1024);
}

TEST(AssetIndex, MissingDirectoryIsAnError) {
  Result<std::shared_ptr<const AssetIndex>> r = AssetIndex::Build("/nonexistent/edgerun", {});
  EXPECT_FALSE(r.ok());
}

TEST(AssetIndex, SymlinkInsideTheFolderIsFollowed) {
  TempDir dir;
  dir.Write("real/file.txt", "inside");
  dir.Symlink(dir.Abs("real/file.txt"), "link.txt");
  dir.Symlink("real", "linkdir");
  auto index = MustBuild(dir);
  ASSERT_NE(index->Find("/link.txt"), nullptr);
  EXPECT_EQ(*index->Find("/link.txt")->bytes, "inside");
  EXPECT_NE(index->Find("/linkdir/file.txt"), nullptr);
}

TEST(AssetIndex, SymlinkLeavingTheFolderIsNotServed) {
  TempDir outside;
  outside.Write("secret.txt", "secret");
  TempDir dir;
  dir.Symlink(outside.Abs("secret.txt"), "leak.txt");
  dir.Symlink(outside.path(), "leakdir");
  dir.Symlink("../../../../../../../../etc/passwd", "passwd");
  dir.Symlink("/etc", "etc");
  dir.Write("ok.txt");
  auto index = MustBuild(dir);
  EXPECT_EQ(index->Keys(), (std::vector<std::string>{"/ok.txt"}));
}

TEST(AssetIndex, SymlinkToAnIgnoredFileIsServedUnderItsOwnName) {
  TempDir dir;
  dir.Write("hidden.txt", "hidden");
  dir.Write(".assetsignore", "hidden.txt\n");
  dir.Symlink(dir.Abs("hidden.txt"), "visible.txt");
  auto index = MustBuild(dir);
  EXPECT_EQ(index->Find("/hidden.txt"), nullptr);
  ASSERT_NE(index->Find("/visible.txt"), nullptr);
  EXPECT_EQ(*index->Find("/visible.txt")->bytes, "hidden");
}

TEST(AssetIndex, SymlinkLoopDoesNotRecurseForever) {
  TempDir dir;
  dir.Write("a/file.txt");
  dir.Symlink(dir.Abs("a"), "a/loop");
  dir.Symlink("missing-target", "dangling");
  auto index = MustBuild(dir);
  EXPECT_NE(index->Find("/a/file.txt"), nullptr);
  EXPECT_EQ(index->Find("/dangling"), nullptr);
}

TEST(AssetIndex, RebuildKeepsUnchangedEntriesAndSeesChanges) {
  TempDir dir;
  dir.Write("same.txt", "same");
  dir.Write("gone.txt");
  auto first = MustBuild(dir);
  dir.Remove("gone.txt");
  dir.Write("new.txt");
  Result<std::shared_ptr<const AssetIndex>> second = AssetIndex::Build(dir.path(), {}, first.get());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->FindShared("/same.txt"), first->FindShared("/same.txt"));
  EXPECT_EQ((*second)->Find("/gone.txt"), nullptr);
  EXPECT_NE((*second)->Find("/new.txt"), nullptr);
}

TEST(AssetIndex, KnowsTheHtmlStemOfEveryKey) {
  TempDir dir;
  dir.Write("index.html");
  dir.Write("blog/index.html");
  dir.Write("about.html");
  dir.Write("4k.txt");
  auto index = MustBuild(dir);
  ASSERT_TRUE(index->FindHtmlStem("").has_value());
  EXPECT_EQ(*index->FindHtmlStem(""), nullptr);  // a stem, but no file is called ""
  ASSERT_TRUE(index->FindHtmlStem("/blog").has_value());
  EXPECT_EQ(*index->FindHtmlStem("/blog"), nullptr);
  ASSERT_TRUE(index->FindHtmlStem("/about").has_value());
  EXPECT_EQ(*index->FindHtmlStem("/4k.txt"), index->Find("/4k.txt"));
  EXPECT_FALSE(index->FindHtmlStem("/about.html").has_value());  // a key, never a stem
  EXPECT_FALSE(index->FindHtmlStem("/api/x").has_value());
}

TEST(AssetIndex, HtmlStemLeadsToTheFileNamedLikeItAmongAllKeysWithThatStem) {
  TempDir dir;
  dir.Write("a.html");
  dir.Write("a");
  dir.Write("a.html.html");
  dir.Write("aindex");
  dir.Write("aindex.html");
  auto index = MustBuild(dir);
  ASSERT_TRUE(index->FindHtmlStem("/a").has_value());
  EXPECT_EQ(*index->FindHtmlStem("/a"), index->Find("/a"));
}

TEST(AssetIndex, RebuildHasTheStemsOfTheNewFilesOnly) {
  TempDir dir;
  dir.Write("gone.html");
  auto first = MustBuild(dir);
  dir.Remove("gone.html");
  dir.Write("new/index.html");
  Result<std::shared_ptr<const AssetIndex>> second = AssetIndex::Build(dir.path(), {}, first.get());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(first->FindHtmlStem("/gone").has_value());
  EXPECT_FALSE((*second)->FindHtmlStem("/gone").has_value());
  EXPECT_TRUE((*second)->FindHtmlStem("/new").has_value());
}

TEST(AssetIndex, CompressedVariantsAreMadeOnceAndCached) {
  TempDir dir;
  dir.Write("big.css", std::string(5000, 'a'));
  auto index = MustBuild(dir);
  const AssetEntry* e = index->Find("/big.css");
  auto br1 = e->Compressed(Encoding::kBrotli);
  auto br2 = e->Compressed(Encoding::kBrotli);
  ASSERT_NE(br1, nullptr);
  EXPECT_EQ(br1, br2);
  EXPECT_LT(br1->size(), 5000u);
  auto gz = e->Compressed(Encoding::kGzip);
  ASSERT_NE(gz, nullptr);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
}

}  // namespace
}  // namespace edgerun::assets
