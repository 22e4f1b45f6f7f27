// Which files of the asset directory are not assets: `.assetsignore` (gitignore syntax) plus
// the defaults of spec/assets.md sections 1 and 9.
//
// What it is for: the asset indexer asks, for each file and directory it walks, whether it is
// ignored (a directory that is ignored need not be walked: nothing under it can be
// re-included, as in git).
// What it is not for: the `_worker.js`-in-a-Workers-asset-directory check (an error when no
// `.assetsignore` exists), which needs to know whether the file exists.
//
// Semantics follow the npm `ignore` package that wrangler uses: gitignore rules, the last
// matching rule wins, `!` re-includes, a pattern with a '/' other than at its end is anchored
// at the asset root, `**` spans directories, and matching ignores case. The Workers defaults
// (root `.assetsignore`, `_redirects`, `_headers`) come first, so `!_headers` re-includes.
// The Pages defaults cannot be overridden and are case-sensitive (wrangler pages uses
// minimatch).
//
// Ownership: immutable after Create.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace edgerun::assets {

class AssetIgnore {
 public:
  // workers mode: default-ignores root `_headers`, `_redirects`, `.assetsignore`;
  // pages mode: also `_worker.js` (and anything under it), `_routes.json`, `functions/`,
  // `**/.DS_Store`, `**/node_modules`, `**/.git`, `.wrangler`.
  static AssetIgnore Create(std::string_view assetsignore_text, bool pages_mode);

  // relative_path uses '/' separators, no leading slash: "docs/_headers".
  bool IsIgnored(std::string_view relative_path, bool is_directory) const;

 private:
  struct Rule {
    std::vector<std::string> segments;  // "**" is a whole-segment globstar
    bool negated = false;
    bool directory_only = false;
    bool ignore_case = true;
  };
  static bool AddRule(std::string_view line, bool ignore_case, std::vector<Rule>* rules);
  static bool Matches(const Rule& rule, const std::vector<std::string_view>& segments, size_t count,
                      bool is_directory);
  // Whether rules ignore the path made of the first `count` segments (no parent check).
  static bool Decide(const std::vector<Rule>& rules, const std::vector<std::string_view>& segments,
                     size_t count, bool is_directory);

  std::vector<Rule> forced_;  // Pages defaults, checked first and never re-included
  std::vector<Rule> rules_;   // Workers defaults, then the user's lines
};

}  // namespace edgerun::assets
