#include "runtime/cli/test_runner.h"

#include <toml++/toml.h>
#include <uv.h>

#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>

#include "runtime/assets/asset_server.h"
#include "runtime/base/log.h"
#include "runtime/cli/http_probe.h"
#include "runtime/cli/project.h"
#include "runtime/config/config_loader.h"
#include "runtime/engine/worker_isolate.h"
#include "runtime/host/dev_host.h"
#include "runtime/host/typescript_bundle.h"

namespace edgerun::cli {

namespace fs = std::filesystem;

namespace {

struct Tally {
  int passed = 0;
  int failed = 0;
  void Report(const std::string& name, bool ok, const std::string& why) {
    if (ok) {
      ++passed;
      std::printf("ok   %s\n", name.c_str());
    } else {
      ++failed;
      std::printf("FAIL %s\n     %s\n", name.c_str(), why.c_str());
    }
    std::fflush(stdout);
  }
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// ---- JS test modules -------------------------------------------------------------------------

// `root` is the folder given to `edgerun test`: test modules may import helpers anywhere in it.
void RunJsTestFile(const fs::path& file, const fs::path& root, Tally& tally) {
  config::WorkerConfig config;
  config.base_dir = fs::absolute(root).string();
  config.main = fs::absolute(file).string();
  config.name = "test";
  config.compatibility_date = "2025-04-01";
  config.compatibility_flags = {"nodejs_compat"};
  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    engine::WorkerOptions options;
    options.config = &config;
    Result<std::unique_ptr<engine::WorkerIsolate>> worker =
        engine::WorkerIsolate::Create(&loop, options);
    if (!worker.ok()) {
      tally.Report(file.string(), false, "failed to load: " + worker.error().ToString());
    } else {
      auto results = worker.value()->RunTestExports(30'000);
      if (results.empty()) tally.Report(file.string(), false, "the module exports no tests");
      for (const auto& r : results)
        tally.Report(file.string() + " > " + r.name, r.passed, r.message);
    }
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  uv_loop_close(&loop);
}

// ---- Samples with checks.toml ----------------------------------------------------------------

std::string Describe(const toml::node* node) {
  if (node == nullptr) return "";
  if (auto s = node->value<std::string>()) return *s;
  return "";
}

void RunSample(const fs::path& dir, Tally& tally) {
  const std::string label = dir.string();
  const fs::path checks_path = dir / "checks.toml";
  toml::table checks;
  try {
    checks = toml::parse_file(checks_path.string());
  } catch (const toml::parse_error& e) {
    tally.Report(label, false,
                 checks_path.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                     std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
    return;
  }
  config::LoadOptions load;
  load.project_dir = dir.string();
  std::vector<Error> warnings;
  Result<config::WorkerConfig> config = config::LoadProject(load, &warnings);
  if (!config.ok()) {
    tally.Report(label, false, config.error().ToString());
    return;
  }
  host::HostOptions options;
  options.config = std::move(config.value());
  if (Status bundled = host::BundleTypeScriptMain(options.config); !bundled.ok()) {
    tally.Report(label, false, bundled.error().ToString());
    return;
  }
  options.ip = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  options.access_log = host::AccessLogFormat::kOff;
  options.announce_ready = false;
  options.watch_assets = false;
  std::promise<std::pair<uint16_t, std::function<void()>>> ready;
  auto ready_future = ready.get_future();
  options.on_ready = [&ready](uint16_t port, std::function<void()> stop) {
    ready.set_value({port, std::move(stop)});
  };
  std::promise<int> exit_code;
  auto exit_future = exit_code.get_future();
  std::thread server([&options, &exit_code] { exit_code.set_value(host::RunHost(options)); });

  // Either the server becomes ready, or it exits first (load error).
  while (ready_future.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
    if (exit_future.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready) {
      server.join();
      tally.Report(label, false, "the sample's server did not start (see the error above)");
      return;
    }
  }
  auto [port, stop] = ready_future.get();

  const toml::array* list = checks["checks"].as_array();
  if (list == nullptr || list->empty()) {
    tally.Report(label, false, checks_path.string() + ": no [[checks]] entries");
  } else {
    for (const toml::node& item : *list) {
      const toml::table* check = item.as_table();
      if (check == nullptr) continue;
      const std::string method = check->get("method") ? Describe(check->get("method")) : "GET";
      const std::string path = Describe(check->get("path"));
      const std::string name =
          label + " > " + (check->get("name") ? Describe(check->get("name")) : method + " " + path);
      std::vector<std::pair<std::string, std::string>> headers;
      if (const toml::table* h = check->get_as<toml::table>("headers")) {
        for (const auto& [k, v] : *h) headers.emplace_back(std::string(k.str()), Describe(&v));
      }
      Result<ProbeResponse> response =
          Probe(port, method, path, headers, Describe(check->get("body")));
      if (!response.ok()) {
        tally.Report(name, false, response.error().message);
        continue;
      }
      std::string why;
      if (auto status = check->get_as<int64_t>("expect_status")) {
        if (response->status != status->get()) {
          why += "status " + std::to_string(response->status) + ", expected " +
                 std::to_string(status->get()) + "; ";
        }
      }
      if (auto body = check->get_as<std::string>("expect_body")) {
        if (response->body != body->get())
          why +=
              "body \"" + response->body.substr(0, 200) + "\", expected \"" + body->get() + "\"; ";
      }
      auto contains = [&](const std::string& needle) {
        if (response->body.find(needle) == std::string::npos) {
          why += "body does not contain \"" + needle + "\" (body: \"" +
                 response->body.substr(0, 200) + "\"); ";
        }
      };
      if (auto c = check->get_as<std::string>("expect_body_contains")) contains(c->get());
      if (auto arr = check->get_as<toml::array>("expect_body_contains")) {
        for (const toml::node& n : *arr) contains(Describe(&n));
      }
      if (const toml::table* expected = check->get_as<toml::table>("expect_headers")) {
        for (const auto& [k, v] : *expected) {
          std::string key(k.str()), actual;
          for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (!response->Get(key, &actual))
            why += "no " + key + " header; ";
          else if (actual != Describe(&v))
            why += key + ": \"" + actual + "\", expected \"" + Describe(&v) + "\"; ";
        }
      }
      if (const toml::array* absent = check->get_as<toml::array>("expect_absent_headers")) {
        for (const toml::node& n : *absent) {
          std::string key = Describe(&n), actual;
          for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (response->Get(key, &actual)) why += "unexpected " + key + ": " + actual + "; ";
        }
      }
      tally.Report(name, why.empty(), why);
    }
  }
  stop();
  server.join();
}

void RunPath(const fs::path& path, const fs::path& root, Tally& tally) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    if (EndsWith(path.string(), ".js") || EndsWith(path.string(), ".mjs"))
      RunJsTestFile(path, path.parent_path(), tally);
    else
      tally.Report(path.string(), false,
                   "not a test module (expected *.test.js) or a sample folder");
    return;
  }
  if (!fs::is_directory(path, ec)) {
    tally.Report(path.string(), false, "no such file or folder");
    return;
  }
  if (fs::exists(path / "checks.toml", ec)) {
    RunSample(path, tally);
    return;
  }
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(path, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& e : entries) {
    const std::string name = e.filename().string();
    if (name == "node_modules" || name.rfind('.', 0) == 0) continue;
    if (fs::is_directory(e, ec)) {
      RunPath(e, root, tally);
    } else if (EndsWith(name, ".test.js") || EndsWith(name, ".test.mjs")) {
      RunJsTestFile(e, root, tally);
    }
  }
}

}  // namespace

int RunTests(const Args& args) {
  Tally tally;
  for (const std::string& p : args.positional) RunPath(p, p, tally);
  std::printf("%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 && tally.passed > 0 ? 0 : 1;
}

int RunCheck(const Args& args) {
  Result<config::WorkerConfig> config = LoadProjectFromArgs(args);
  if (!config.ok()) {
    log::Error(config.error().ToString());
    return 1;
  }
  const std::string project_dir = args.positional.empty() ? "." : args.positional[0];
  std::shared_ptr<const assets::AssetServer> assets;
  if (config->assets) {
    std::vector<Error> asset_warnings;
    auto server = assets::AssetServer::Create(config.value(), &asset_warnings);
    for (const Error& w : asset_warnings) log::Warn(w.ToString());
    if (!server.ok()) {
      log::Error(server.error().ToString());
      return 1;
    }
    assets = std::move(server.value());
  }
  int code = 0;
  if (config->main) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    {
      engine::WorkerOptions options;
      options.config = &config.value();
      options.assets = assets;
      auto worker = engine::WorkerIsolate::Create(&loop, options);
      if (!worker.ok()) {
        log::Error(worker.error().ToString());
        code = 1;
      } else if (!worker.value()->handler_problem().empty()) {
        log::Warn(worker.value()->handler_problem());
      }
    }
    uv_run(&loop, UV_RUN_NOWAIT);
    uv_loop_close(&loop);
  }
  if (code == 0)
    std::printf("ok: %s\n", config->name.empty() ? project_dir.c_str() : config->name.c_str());
  return code;
}

}  // namespace edgerun::cli
