// `assets.run_worker_first` as an array of globs: "static routing" (spec/assets.md section 4).
//
// What it is for: validating the rules once (wrangler's parseStaticRouting, same messages) and
// deciding per request whether a path must go to the worker, must go to the assets, or takes
// the default asset-first flow.
// What it is not for: `run_worker_first = true` (no rules to match), `_routes.json`.
//
// Patterns are matched against the raw (percent-encoded) pathname only, anchored at both ends
// and case-sensitive; `*` matches any characters including '/', possibly none; every other
// character, `:name` included, is literal.
//
// Ownership: immutable after Parse; shareable across threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::assets {

class StaticRouting {
 public:
  // Validates per spec section 4 "Validation". The Error carries only the message; the caller
  // adds the config file's file:line:column.
  static Result<StaticRouting> Parse(const std::vector<std::string>& rules);

  enum class Decision { kNoMatch, kWorker, kAssets };
  // A negative (`!/...`) match sends the request to the assets even when a positive rule also
  // matches; otherwise a positive match sends it to the worker.
  Decision Match(std::string_view raw_pathname) const;

  const std::vector<std::string>& worker_rules() const { return worker_; }
  const std::vector<std::string>& asset_rules() const { return assets_; }  // without the '!'

  // The pattern test alone, for any glob (validation is Parse's job).
  static bool GlobMatches(std::string_view glob, std::string_view path);

 private:
  std::vector<std::string> worker_;
  std::vector<std::string> assets_;
};

}  // namespace edgerun::assets
