// The configuration model of one worker project, as read from wrangler.toml / wrangler.json(c)
// (plus .dev.vars and command-line overrides). Plain data: loaders fill it (config_loader.h),
// every other layer reads it. Knows nothing of V8 or HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgerun::config {

enum class HtmlHandling { kAutoTrailingSlash, kForceTrailingSlash, kDropTrailingSlash, kNone };
enum class NotFoundHandling { kNone, k404Page, kSinglePageApplication };

// assets.run_worker_first: absent/false, true, or an array of patterns ("/api/*", "!/x").
struct RunWorkerFirst {
  bool all = false;                   // `true`
  std::vector<std::string> patterns;  // the array form, exactly as written (validated later)
  bool is_array = false;
};

struct AssetsConfig {
  std::string directory;  // absolute path
  std::optional<std::string> binding;
  HtmlHandling html_handling = HtmlHandling::kAutoTrailingSlash;
  NotFoundHandling not_found_handling = NotFoundHandling::kNone;
  RunWorkerFirst run_worker_first;
  // Where run_worker_first was written (for errors from the pattern validator).
  std::string source_file;
  int run_worker_first_line = 0;
  int run_worker_first_column = 0;
};

// A binding value from `vars` (or .dev.vars / --var): a string, or any JSON value kept as text.
struct VarValue {
  bool is_string = true;
  std::string text;  // the string itself, or the JSON text of a non-string value
};

// HTTP server limits and timeouts ([limits] / [dev] keys, or flags).
struct HttpLimits {
  uint32_t max_head_bytes = 64 * 1024;     // request line + headers -> 431
  uint32_t max_header_count = 100;         // -> 431
  uint64_t max_body_bytes = 100ull << 20;  // -> 413
  uint32_t header_timeout_ms = 10'000;     // head must arrive within -> 408
  uint32_t idle_timeout_ms = 5'000;        // keep-alive idle close
  uint32_t body_timeout_ms = 30'000;       // stalled body read
  uint32_t write_buffer_bytes = 1u << 20;  // per-connection backpressure bound
  uint32_t shutdown_grace_ms = 10'000;     // graceful shutdown
  uint32_t wait_until_limit_ms = 30'000;   // ctx.waitUntil after the response
  uint32_t request_timeout_ms = 30'000;    // a handler that never settles -> 5xx
};

struct DevConfig {
  std::string ip = "127.0.0.1";
  uint16_t port = 8787;
  std::optional<std::string> upstream;  // passThroughOnException origin
};

struct WorkerConfig {
  std::string config_path;  // absolute path of the file read; empty when there was none
  std::string base_dir;     // folder the config lives in (or the project folder)
  std::string name;
  std::optional<std::string> main;  // absolute path; none -> assets-only
  std::string compatibility_date;   // "YYYY-MM-DD" or empty
  std::vector<std::string> compatibility_flags;
  std::map<std::string, VarValue> vars;  // vars, then .dev.vars, then --var (later wins)
  std::optional<AssetsConfig> assets;
  bool pages = false;  // Pages layout: pages_build_output_dir, or a folder holding _worker.js
  DevConfig dev;
  HttpLimits limits;

  bool HasFlag(const std::string& flag) const;
};

}  // namespace edgerun::config
