// ResidentEntry: the isolate stays entered across tasks of one loop iteration, leaves before the
// loop blocks and when the entry goes away, and never stays above another isolate's entry.
#include "runtime/engine/resident_entry.h"

#include <gtest/gtest.h>

#include <memory>

#include "runtime/engine/platform.h"

namespace edgerun::engine {
namespace {

class ResidentEntryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitializeV8();
    uv_loop_init(&loop_);
    // Something that keeps the loop alive, so uv_run(NOWAIT) iterates as a serving loop does.
    uv_timer_init(&loop_, &keep_alive_);
    uv_timer_start(
        &keep_alive_, [](uv_timer_t*) {}, 1u << 30, 0);
    allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
    a_ = NewIsolate();
    b_ = NewIsolate();
  }
  void TearDown() override {
    uv_close(reinterpret_cast<uv_handle_t*>(&keep_alive_), nullptr);
    a_->Dispose();
    b_->Dispose();
    uv_run(&loop_, UV_RUN_NOWAIT);  // close callbacks
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  v8::Isolate* NewIsolate() {
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = allocator_.get();
    return v8::Isolate::New(params);
  }

  uv_loop_t loop_;
  uv_timer_t keep_alive_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  v8::Isolate* a_ = nullptr;
  v8::Isolate* b_ = nullptr;
};

TEST_F(ResidentEntryTest, StaysEnteredAcrossTasksUntilTheLoopWouldBlock) {
  {
    ResidentEntry entry(&loop_, a_);
    ASSERT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
    EXPECT_FALSE(entry.EnterForTask());
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);
    EXPECT_FALSE(entry.EnterForTask());  // the next task: nothing to do
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);
    uv_run(&loop_, UV_RUN_NOWAIT);  // the prepare callback runs before polling
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
    EXPECT_FALSE(entry.EnterForTask());
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);
  }
  // Going away leaves the isolate, so it can be disposed.
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
}

TEST_F(ResidentEntryTest, AboveAnotherIsolateItEntersAndLeavesPerTask) {
  ResidentEntry resident_a(&loop_, a_);
  ResidentEntry entry_b(&loop_, b_);
  EXPECT_FALSE(resident_a.EnterForTask());
  ASSERT_EQ(v8::Isolate::TryGetCurrent(), a_);
  // b's task while a is resident: b goes above a and must leave after its task.
  EXPECT_TRUE(entry_b.EnterForTask());
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), b_);
  b_->Exit();
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);
  uv_run(&loop_, UV_RUN_NOWAIT);
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
  // Now b may become resident itself.
  EXPECT_FALSE(entry_b.EnterForTask());
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), b_);
  uv_run(&loop_, UV_RUN_NOWAIT);
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
}

TEST_F(ResidentEntryTest, InsideAScopeOfItsOwnIsolateItAddsNothing) {
  ResidentEntry entry(&loop_, a_);
  {
    v8::Isolate::Scope scope(a_);
    EXPECT_FALSE(entry.EnterForTask());
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);
  }
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);
}

TEST_F(ResidentEntryTest, TheResidentEntryDoesNotKeepTheLoopRunning) {
  {
    ResidentEntry entry(&loop_, a_);
    entry.EnterForTask();
    uv_timer_stop(&keep_alive_);
    EXPECT_EQ(uv_run(&loop_, UV_RUN_DEFAULT), 0);  // returns at once: nothing else is active
    EXPECT_EQ(v8::Isolate::TryGetCurrent(), a_);   // a loop that never iterated left nothing
  }
  EXPECT_EQ(v8::Isolate::TryGetCurrent(), nullptr);  // the owner going away does
}

}  // namespace
}  // namespace edgerun::engine
