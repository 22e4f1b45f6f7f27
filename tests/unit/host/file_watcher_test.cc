#include "runtime/host/file_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace edgerun::host {
namespace {

namespace fs = std::filesystem;

class FileWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("edgerun-watch-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "src");
    uv_loop_init(&loop_);
  }
  void TearDown() override {
    if (watcher_ != nullptr) watcher_->Close();
    uv_run(&loop_, UV_RUN_DEFAULT);  // close callbacks
    uv_loop_close(&loop_);
    fs::remove_all(root_);
  }

  void Watch(WatchSpec spec) {
    watcher_ = std::make_unique<FileWatcher>(&loop_, std::move(spec),
                                             [this](const std::vector<std::string>& changed) {
                                               bursts_.push_back(changed);
                                               uv_stop(&loop_);
                                             });
    watcher_->Start();
  }
  WatchRoot Tree(const std::string& rel) { return WatchRoot{(root_ / rel).string(), true, {}}; }

  void Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string Path(const std::string& rel) { return (root_ / rel).string(); }

  // Runs the loop until a burst is reported or `ms` pass.
  void RunFor(uint64_t ms) {
    uv_timer_t deadline;
    uv_timer_init(&loop_, &deadline);
    deadline.data = &loop_;
    uv_timer_start(
        &deadline, [](uv_timer_t* t) { uv_stop(static_cast<uv_loop_t*>(t->data)); }, ms, 0);
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_close(reinterpret_cast<uv_handle_t*>(&deadline), nullptr);
    uv_run(&loop_, UV_RUN_NOWAIT);
  }

  fs::path root_;
  uv_loop_t loop_;
  std::unique_ptr<FileWatcher> watcher_;
  std::vector<std::vector<std::string>> bursts_;
};

TEST_F(FileWatcherTest, ABurstOfWritesIsReportedOnceWithEveryPath) {
  Watch(WatchSpec{{Tree("src")}, {}, {}});
  Write("src/a.js", "1");
  Write("src/b.js", "2");
  Write("src/a.js", "3");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 1u);
  EXPECT_EQ(bursts_[0], (std::vector<std::string>{Path("src/a.js"), Path("src/b.js")}));
}

TEST_F(FileWatcherTest, SkippedFolderNamesAndPathsAreNotReported) {
  fs::create_directories(root_ / "src/node_modules/pkg");
  fs::create_directories(root_ / "src/public");
  Watch(WatchSpec{{Tree("src")}, {Path("src/public")}, {"node_modules"}});
  Write("src/node_modules/pkg/index.js", "x");
  Write("src/public/a.txt", "x");
  Write("src/index.js", "x");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 1u);
  EXPECT_EQ(bursts_[0], (std::vector<std::string>{Path("src/index.js")}));
}

TEST_F(FileWatcherTest, AFlatRootReportsOnlyTheNamesItAccepts) {
  WatchRoot flat{root_.string(), false, [](std::string_view n) { return n == "wrangler.toml"; }};
  Watch(WatchSpec{{flat}, {}, {}});
  Write("README.md", "x");
  Write("src/deeper.js", "x");  // not in the flat root's own entries
  Write("wrangler.toml", "x");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 1u);
  EXPECT_EQ(bursts_[0], (std::vector<std::string>{Path("wrangler.toml")}));
}

TEST_F(FileWatcherTest, EditorTempFilesAreNotReported) {
  Watch(WatchSpec{{Tree("src")}, {}, {}});
  Write("src/.index.js.swp", "x");
  Write("src/index.js~", "x");
  Write("src/4913", "x");
  Write("src/index.js", "x");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 1u);
  EXPECT_EQ(bursts_[0], (std::vector<std::string>{Path("src/index.js")}));
}

TEST_F(FileWatcherTest, AFolderMadeAfterStartIsWatchedAfterTheNextBurst) {
  Watch(WatchSpec{{Tree("src")}, {}, {}});
  fs::create_directories(root_ / "src/lib");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 1u);
  Write("src/lib/util.js", "x");
  RunFor(3000);
  ASSERT_EQ(bursts_.size(), 2u);
  EXPECT_EQ(bursts_[1], (std::vector<std::string>{Path("src/lib/util.js")}));
}

TEST(EditorTempNameTest, KnowsTheCommonEditors) {
  EXPECT_TRUE(IsEditorTempName(".index.js.swp"));
  EXPECT_TRUE(IsEditorTempName("index.js~"));
  EXPECT_TRUE(IsEditorTempName(".#index.js"));
  EXPECT_TRUE(IsEditorTempName("4913"));
  EXPECT_TRUE(IsEditorTempName("index.js___jb_tmp___"));
  EXPECT_FALSE(IsEditorTempName("index.js"));
  EXPECT_FALSE(IsEditorTempName(".dev.vars"));
}

}  // namespace
}  // namespace edgerun::host
