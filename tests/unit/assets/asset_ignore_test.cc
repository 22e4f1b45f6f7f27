// .assetsignore and the default ignores: spec/assets.md sections 1 and 9, checklist 110-111.
#include "runtime/assets/asset_ignore.h"

#include <gtest/gtest.h>

namespace edgerun::assets {
namespace {

bool File(const AssetIgnore& ignore, std::string_view path) {
  return ignore.IsIgnored(path, false);
}
bool Dir(const AssetIgnore& ignore, std::string_view path) { return ignore.IsIgnored(path, true); }

// --- Workers defaults (helpers.test.ts) -------------------------------------------------------

TEST(AssetIgnore, MetafilesAtRootAreIgnoredByDefault) {
  AssetIgnore ignore = AssetIgnore::Create("", /*pages_mode=*/false);
  EXPECT_TRUE(File(ignore, ".assetsignore"));
  EXPECT_TRUE(File(ignore, "_redirects"));
  EXPECT_TRUE(File(ignore, "_headers"));
}

TEST(AssetIgnore, MetafilesInChildDirectoriesAreServed) {
  AssetIgnore ignore = AssetIgnore::Create("", false);
  EXPECT_FALSE(File(ignore, "child/.assetsignore"));
  EXPECT_FALSE(File(ignore, "child/_redirects"));
  EXPECT_FALSE(File(ignore, "docs/_headers"));
}

TEST(AssetIgnore, MetafilesCanBeForceIncluded) {
  AssetIgnore ignore = AssetIgnore::Create("!.assetsignore\n!_redirects\n!_headers", false);
  EXPECT_FALSE(File(ignore, ".assetsignore"));
  EXPECT_FALSE(File(ignore, "_redirects"));
  EXPECT_FALSE(File(ignore, "_headers"));
}

TEST(AssetIgnore, DotfilesAndWorkerScriptAreNotIgnoredInWorkersMode) {
  AssetIgnore ignore = AssetIgnore::Create("", false);
  EXPECT_FALSE(File(ignore, ".dotfile.html"));
  EXPECT_FALSE(File(ignore, ".well-known/security.txt"));
  EXPECT_FALSE(File(ignore, "node_modules/x/index.js"));
  EXPECT_FALSE(File(ignore, "_worker.js"));
  EXPECT_FALSE(File(ignore, "_routes.json"));
  EXPECT_FALSE(File(ignore, "functions/a.js"));
}

// --- gitignore syntax ------------------------------------------------------------------------

TEST(AssetIgnore, GitignorePatternsNegationAndRootAnchors) {
  AssetIgnore ignore =
      AssetIgnore::Create("logo.png\nchild/**/*.svg\n!child/nope.svg\n/*.js", false);
  EXPECT_FALSE(File(ignore, "abc"));
  EXPECT_TRUE(File(ignore, "logo.png"));
  EXPECT_TRUE(File(ignore, "child/logo.png"));
  EXPECT_TRUE(File(ignore, "foo.js"));
  EXPECT_FALSE(File(ignore, "child/foo.js"));
  EXPECT_TRUE(File(ignore, "child/yup.svg"));
  EXPECT_TRUE(File(ignore, "child/a/b/c/yup.svg"));
  EXPECT_FALSE(File(ignore, "child/nope.svg"));
}

TEST(AssetIgnore, CommentsBlankLinesAndTrailingSpacesAreIgnored) {
  AssetIgnore ignore = AssetIgnore::Create("# secret.txt\n\nsecret.md   \r\n\\#hash\n", false);
  EXPECT_FALSE(File(ignore, "secret.txt"));
  EXPECT_TRUE(File(ignore, "secret.md"));
  EXPECT_TRUE(File(ignore, "#hash"));
}

TEST(AssetIgnore, DirectoryPatternIgnoresEverythingUnderIt) {
  AssetIgnore ignore = AssetIgnore::Create("private/\n", false);
  EXPECT_TRUE(Dir(ignore, "private"));
  EXPECT_TRUE(File(ignore, "private/a.txt"));
  EXPECT_TRUE(File(ignore, "nested/private/deep/a.txt"));
  EXPECT_FALSE(File(ignore, "private"));  // a file of that name is not a directory
}

TEST(AssetIgnore, FileInsideIgnoredDirectoryCannotBeReincluded) {
  AssetIgnore ignore = AssetIgnore::Create("build\n!build/keep.txt\n", false);
  EXPECT_TRUE(File(ignore, "build/keep.txt"));
}

TEST(AssetIgnore, TrailingDoubleStarIgnoresContentsNotDirectory) {
  AssetIgnore ignore = AssetIgnore::Create("cache/**\n!cache/keep.txt\n", false);
  EXPECT_FALSE(Dir(ignore, "cache"));
  EXPECT_TRUE(File(ignore, "cache/a.txt"));
  EXPECT_FALSE(File(ignore, "cache/keep.txt"));
}

TEST(AssetIgnore, LeadingDoubleStarMatchesAtAnyDepth) {
  AssetIgnore ignore = AssetIgnore::Create("**/drafts/*.md\n", false);
  EXPECT_TRUE(File(ignore, "drafts/a.md"));
  EXPECT_TRUE(File(ignore, "x/y/drafts/a.md"));
  EXPECT_FALSE(File(ignore, "x/y/drafts/a.txt"));
}

TEST(AssetIgnore, QuestionMarkAndCharacterClasses) {
  AssetIgnore ignore = AssetIgnore::Create("file?.txt\nimg[0-9].png\n[!a]x.css\n", false);
  EXPECT_TRUE(File(ignore, "file1.txt"));
  EXPECT_FALSE(File(ignore, "file12.txt"));
  EXPECT_TRUE(File(ignore, "img7.png"));
  EXPECT_FALSE(File(ignore, "imgx.png"));
  EXPECT_TRUE(File(ignore, "bx.css"));
  EXPECT_FALSE(File(ignore, "ax.css"));
}

TEST(AssetIgnore, StarDoesNotCrossDirectories) {
  AssetIgnore ignore = AssetIgnore::Create("/docs/*.pdf\n", false);
  EXPECT_TRUE(File(ignore, "docs/a.pdf"));
  EXPECT_FALSE(File(ignore, "docs/sub/a.pdf"));
  EXPECT_FALSE(File(ignore, "other/docs/a.pdf"));
}

TEST(AssetIgnore, MatchingIgnoresCaseLikeWrangler) {
  AssetIgnore ignore = AssetIgnore::Create("Secret.TXT\n", false);
  EXPECT_TRUE(File(ignore, "secret.txt"));
}

TEST(AssetIgnore, LastMatchingRuleWins) {
  AssetIgnore ignore = AssetIgnore::Create("*.log\n!important.log\n*.log\n", false);
  EXPECT_TRUE(File(ignore, "important.log"));
}

// --- Pages defaults --------------------------------------------------------------------------

TEST(AssetIgnore, PagesIgnoresWorkerScriptAndEverythingUnderIt) {
  AssetIgnore ignore = AssetIgnore::Create("", /*pages_mode=*/true);
  EXPECT_TRUE(File(ignore, "_worker.js"));
  EXPECT_TRUE(Dir(ignore, "_worker.js"));
  EXPECT_TRUE(File(ignore, "_worker.js/index.js"));
}

TEST(AssetIgnore, PagesIgnoresRoutesFunctionsAndMetafiles) {
  AssetIgnore ignore = AssetIgnore::Create("", true);
  EXPECT_TRUE(File(ignore, "_routes.json"));
  EXPECT_TRUE(File(ignore, "functions/api/x.js"));
  EXPECT_TRUE(File(ignore, "_headers"));
  EXPECT_TRUE(File(ignore, "_redirects"));
  EXPECT_FALSE(File(ignore, "docs/_routes.json"));
}

TEST(AssetIgnore, PagesIgnoresDsStoreNodeModulesGitAndWrangler) {
  AssetIgnore ignore = AssetIgnore::Create("", true);
  EXPECT_TRUE(File(ignore, ".DS_Store"));
  EXPECT_TRUE(File(ignore, "a/b/.DS_Store"));
  EXPECT_TRUE(File(ignore, "node_modules/x/index.js"));
  EXPECT_TRUE(File(ignore, "a/node_modules/x.js"));
  EXPECT_TRUE(File(ignore, ".git/config"));
  EXPECT_TRUE(File(ignore, "sub/.git/HEAD"));
  EXPECT_TRUE(File(ignore, ".wrangler/state/x"));
  EXPECT_FALSE(File(ignore, ".well-known/x"));
  EXPECT_FALSE(File(ignore, ".env"));
}

TEST(AssetIgnore, PagesDefaultsCannotBeReincluded) {
  AssetIgnore ignore = AssetIgnore::Create("!_worker.js\n!_headers\n", true);
  EXPECT_TRUE(File(ignore, "_worker.js"));
  EXPECT_TRUE(File(ignore, "_headers"));
}

}  // namespace
}  // namespace edgerun::assets
