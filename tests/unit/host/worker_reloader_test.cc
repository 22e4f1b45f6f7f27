#include "runtime/host/worker_reloader.h"

#include <gtest/gtest.h>

namespace edgerun::host {
namespace {

config::WorkerConfig Project(const std::string& main) {
  config::WorkerConfig config;
  config.config_path = "/p/wrangler.toml";
  config.base_dir = "/p";
  config.main = main;
  return config;
}

config::AssetsConfig Assets(const std::string& dir) {
  config::AssetsConfig assets;
  assets.directory = dir;
  return assets;
}

TEST(WorkerReloaderSpecTest, WatchesTheMainModulesTreeAndTheConfigFolder) {
  WatchSpec spec = WorkerReloader::SpecFor(Project("/p/src/index.js"), "");
  ASSERT_EQ(spec.roots.size(), 2u);
  EXPECT_EQ(spec.roots[0].dir, "/p/src");
  EXPECT_TRUE(spec.roots[0].recursive);
  EXPECT_EQ(spec.roots[1].dir, "/p");
  EXPECT_FALSE(spec.roots[1].recursive);
  EXPECT_EQ(spec.skip_names,
            (std::vector<std::string>{"node_modules", ".git", ".wrangler", ".edgerun"}));
}

TEST(WorkerReloaderSpecTest, TheConfigFolderReportsConfigAndDevVarsFilesOnly) {
  const WatchSpec spec = WorkerReloader::SpecFor(Project("/p/src/index.js"), "");
  const WatchRoot& flat = spec.roots[1];  // the spec must outlive the reference
  for (const char* name : {"wrangler.toml", "wrangler.json", "wrangler.jsonc", ".dev.vars",
                           ".dev.vars.staging", ".env", ".env.local"}) {
    EXPECT_TRUE(flat.accept(name)) << name;
  }
  for (const char* name : {"README.md", "package.json", "index.js", ".envrc"}) {
    EXPECT_FALSE(flat.accept(name)) << name;
  }
}

TEST(WorkerReloaderSpecTest, TheAssetsFolderInsideTheMainTreeIsSkipped) {
  config::WorkerConfig config = Project("/p/index.js");
  config.assets = Assets("/p/public");
  WatchSpec spec = WorkerReloader::SpecFor(config, "");
  EXPECT_EQ(spec.roots[0].dir, "/p");
  EXPECT_EQ(spec.skip_dirs, (std::vector<std::string>{"/p/public"}));
}

TEST(WorkerReloaderSpecTest, APagesWorkerFileAmongTheAssetsIsWatchedAlone) {
  config::WorkerConfig config = Project("/p/_worker.js");
  config.config_path.clear();
  config.pages = true;
  config.assets = Assets("/p");
  WatchSpec spec = WorkerReloader::SpecFor(config, "");
  ASSERT_FALSE(spec.roots.empty());
  EXPECT_EQ(spec.roots[0].dir, "/p");
  EXPECT_FALSE(spec.roots[0].recursive);
  EXPECT_TRUE(spec.roots[0].accept("_worker.js"));
  EXPECT_FALSE(spec.roots[0].accept("index.html"));
  EXPECT_TRUE(spec.skip_dirs.empty());
}

TEST(WorkerReloaderSpecTest, ATypeScriptMainIsWatchedWhereItsSourceIs) {
  WatchSpec spec =
      WorkerReloader::SpecFor(Project("/p/.edgerun/bundle/index.js"), "/p/src/index.ts");
  EXPECT_EQ(spec.roots[0].dir, "/p/src");
}

}  // namespace
}  // namespace edgerun::host
