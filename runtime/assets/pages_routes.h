// `_routes.json` of a Pages output folder: which paths invoke the `_worker.js` worker
// (spec/runtime.md "Pages layout"). Format: {"version": 1, "include": [...], "exclude": [...]};
// patterns start with "/", `*` matches any run of characters (including "/"); exclude beats
// include; a path that is not included goes straight to the assets. At most 100 rules.
//
// Invalid files are not fatal: the caller warns and routes every path to the worker, as
// `wrangler pages dev` does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::assets {

class PagesRoutes {
 public:
  static Result<PagesRoutes> Parse(std::string_view json);

  // True when the worker should run for this raw (percent-encoded) pathname.
  bool RunsWorker(std::string_view path) const;

  const std::vector<std::string>& include() const { return include_; }
  const std::vector<std::string>& exclude() const { return exclude_; }

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

}  // namespace edgerun::assets
