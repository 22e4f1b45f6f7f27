// WorkerIsolate on its own: a real isolate and libuv loop, with a fake HTTP exchange, so the
// request context (ids, CPU time, subrequests, error pages per mode) is checked without sockets.
#include "runtime/engine/worker_isolate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace edgerun::engine {
namespace {

namespace fs = std::filesystem;

class FakeExchange final : public http::Exchange {
 public:
  explicit FakeExchange(std::string target) {
    head_.method = "GET";
    head_.target = std::move(target);
    head_.headers.push_back({"Host", "example.com"});
  }
  const http::RequestHead& head() const override { return head_; }
  void ReadBody(std::function<void(http::BodyChunk)> on_chunk) override {
    on_chunk(http::BodyChunk{{}, true, {}});
  }
  void Respond(int status, http::HeaderList headers, std::string body) override {
    Record(status, headers, body);
  }
  void RespondBorrowed(int status, const http::HeaderList& headers,
                       std::string_view body) override {
    Record(status, headers, body);
  }
  void RespondShared(int status, http::HeaderList headers, std::shared_ptr<const std::string> body,
                     uint64_t offset, uint64_t length) override {
    Record(status, headers, std::string_view(*body).substr(offset, length));
  }
  void RespondFile(int status, http::HeaderList headers, http::FileRange) override {
    Record(status, headers, "");
  }
  void StartResponse(int status, http::HeaderList headers, std::optional<uint64_t>) override {
    Record(status, headers, "");
    ended = false;
  }
  bool WriteBody(std::string chunk) override {
    body += chunk;
    return true;
  }
  void SetDrainCallback(std::function<void()>) override {}
  void EndResponse() override { ended = true; }
  void Annotate(const http::AccessAnnotations& a) override { annotations = a; }
  bool responded() const override { return status != 0; }
  bool aborted() const override { return false; }
  void SetAbortCallback(std::function<void()>) override {}

  int status = 0;
  std::string body;
  bool ended = true;
  http::HeaderList headers;
  http::AccessAnnotations annotations;

 private:
  void Record(int s, const http::HeaderList& h, std::string_view b) {
    status = s;
    headers = h;
    body.assign(b);
  }
  http::RequestHead head_;
};

class WorkerIsolateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uv_loop_init(&loop_);
    dir_ = fs::temp_directory_path() /
           ("edgerun-wi-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    worker_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);
    uv_loop_close(&loop_);
    fs::remove_all(dir_);
  }

  void Start(const std::string& source, bindings::ErrorPageMode mode) {
    std::ofstream(dir_ / "index.js") << source;
    config_.base_dir = dir_.string();
    config_.main = (dir_ / "index.js").string();
    WorkerOptions options;
    options.config = &config_;
    options.error_page_mode = mode;
    auto created = WorkerIsolate::Create(&loop_, options);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    worker_ = std::move(*created);
  }

  // Sends a request and runs the loop until it is answered (5 s at most).
  std::shared_ptr<FakeExchange> Fetch(const std::string& target) {
    auto exchange = std::make_shared<FakeExchange>(target);
    worker_->HandleRequest(exchange, nullptr);
    for (int i = 0; i < 500 && (exchange->status == 0 || !exchange->ended); ++i) {
      uv_run(&loop_, UV_RUN_NOWAIT);
      if (exchange->status == 0) usleep(10'000);
    }
    return exchange;
  }

  uv_loop_t loop_;
  fs::path dir_;
  config::WorkerConfig config_;
  std::unique_ptr<WorkerIsolate> worker_;
};

constexpr const char* kThrows =
    "export default { fetch() { throw new Error('secret internals'); } };";

TEST_F(WorkerIsolateTest, ServeModeAnswersAnUncaughtExceptionWithAnEmpty500) {
  Start(kThrows, bindings::ErrorPageMode::kServe);
  auto exchange = Fetch("/");
  EXPECT_EQ(exchange->status, 500);
  EXPECT_EQ(exchange->body, "");
}

TEST_F(WorkerIsolateTest, DevModeAnswersAnUncaughtExceptionWithTheMessage) {
  Start(kThrows, bindings::ErrorPageMode::kDev);
  auto exchange = Fetch("/");
  EXPECT_EQ(exchange->status, 500);
  EXPECT_NE(exchange->body.find("secret internals"), std::string::npos);
}

TEST_F(WorkerIsolateTest, ServeModeAnswersANonResponseWithAnEmpty500) {
  Start("export default { fetch() { return 42; } };", bindings::ErrorPageMode::kServe);
  auto exchange = Fetch("/");
  EXPECT_EQ(exchange->status, 500);
  EXPECT_EQ(exchange->body, "");
}

TEST_F(WorkerIsolateTest, RequestContextCarriesCpuTimeOfTheHandlerAndItsTimers) {
  Start(R"(
    const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };
    export default {
      async fetch() {
        spin(20);
        await new Promise((resolve) => setTimeout(() => { spin(20); resolve(); }, 1));
        return new Response("ok");
      },
    };)",
        bindings::ErrorPageMode::kDev);
  auto exchange = Fetch("/");
  ASSERT_EQ(exchange->status, 200);
  EXPECT_GE(exchange->annotations.cpu_ns, 40'000'000u);
  EXPECT_LT(exchange->annotations.cpu_ns, 2'000'000'000u);
}

TEST_F(WorkerIsolateTest, TimeWaitingOnATimerIsNotCpuTime) {
  Start(R"(
    export default {
      async fetch() {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return new Response("ok");
      },
    };)",
        bindings::ErrorPageMode::kDev);
  auto exchange = Fetch("/");
  ASSERT_EQ(exchange->status, 200);
  EXPECT_LT(exchange->annotations.cpu_ns, 40'000'000u);
}

TEST_F(WorkerIsolateTest, RequestIdsAreUniqueAndAnnotated) {
  Start("export default { fetch() { return new Response('ok'); } };",
        bindings::ErrorPageMode::kDev);
  std::set<uint64_t> ids;
  for (int i = 0; i < 20; ++i) {
    auto exchange = Fetch("/" + std::to_string(i));
    ASSERT_EQ(exchange->status, 200);
    EXPECT_NE(exchange->annotations.request_id, 0u);
    ids.insert(exchange->annotations.request_id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(WorkerIsolateTest, SubrequestsStartAtZero) {
  Start("export default { fetch() { return new Response('ok'); } };",
        bindings::ErrorPageMode::kDev);
  auto exchange = Fetch("/");
  EXPECT_EQ(exchange->annotations.subrequests, 0u);
}

}  // namespace
}  // namespace edgerun::engine
