// The path patterns shared by `_headers` and `_redirects` rules, and the URL clean-up their
// paths get when a file is parsed.
//
// What it is for: turning a rule's path ("/movies/:title", "/static/*",
// "https://:sub.example.com/*") into a compiled pattern once, at parse time, and matching
// request paths against it on the hot path without building a regex; expanding `:name` /
// `:splat` references in header values and redirect destinations.
// What it is not for: `run_worker_first` globs (static_routing.h: `*` only, no placeholders).
//
// Matching follows workers-shared's `generateRuleRegExp`: anchored at both ends, case-sensitive,
// every character literal except `*` (greedy, any characters including `/`, captured as
// `splat`) and `:name` (a letter then word characters; one or more characters other than `/`,
// and other than `.` too in the host part of an `https://` rule). Where that regex would be
// invalid (two `*`, a `*` and a `:splat`, a placeholder name used twice) the rule is kept but
// never matches, as wrangler does (spec/assets.md, "Recorded reference behaviour" 3).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgerun::assets {

// What `new URL("//" + path, "relative://")` makes of `path` (a leading `/` is added when
// missing): `.`/`..` segments resolved (also `%2e`), characters outside the URL path set
// percent-encoded (`/some page` -> `/some%20page`, `{}` -> `%7B%7D`), existing `%XX` kept.
// The query (`?...`) and fragment (`#...`) are kept only when asked for.
std::string NormalizeRulePath(std::string_view path, bool keep_query, bool keep_fragment);

// workers-shared's `validateUrl`: an `https://host/...` URL or a relative path, normalised.
// On failure `error` holds wrangler's message and `url` is empty.
struct RuleUrl {
  std::string url;
  std::string error;
  bool absolute = false;  // starts with https://
  bool ok() const { return error.empty(); }
};
RuleUrl ValidateRuleUrl(std::string_view token, bool only_relative, bool disallow_ports,
                        bool keep_query, bool keep_fragment);

// True when `token` is an absolute URL in the sense of `validateUrl` ("https://" + a host).
bool RuleUrlHasHost(std::string_view token);

// The values a match captured, indexed like RulePattern::variable_names(). Views into the
// matched subject: valid only as long as it is.
using Captures = std::vector<std::string_view>;

class RulePattern {
 public:
  static RulePattern Compile(std::string_view rule);

  // The rule starts with https://: it is matched against "https://<hostname><path>".
  bool cross_host() const { return cross_host_; }
  // Accepted but unusable (see the header comment): Match always returns false.
  bool never_matches() const { return mode_ == Mode::kNever; }
  // Why a rule never matches, worded for a warning; empty when it can match.
  const std::string& problem() const { return problem_; }
  // Has `*` or `:name`.
  bool has_variables() const { return !names_.empty(); }
  const std::vector<std::string>& variable_names() const { return names_; }
  // Index into Captures of the variable called `name` ("splat" for `*`), or -1.
  int VariableIndex(std::string_view name) const;

  // Whether the whole of `subject` matches. `captures` (may be null) gets one view per
  // variable; it is resized, so a caller can reuse one vector across rules.
  bool Match(std::string_view subject, Captures* captures) const;

 private:
  enum class Kind : uint8_t { kLiteral, kPlaceholder, kHostPlaceholder, kSplat };
  struct Token {
    Kind kind;
    std::string text;  // kLiteral only
    int var = -1;      // index into names_ for the others
  };
  // kLiteral: no variables, compare. kSplat: literal prefix, `*`, literal suffix.
  // kSegments: placeholders that each run up to a stop character the next literal starts
  // with, so there is only one way to match. kGeneral: anything else, by dynamic programming.
  enum class Mode : uint8_t { kNever, kLiteral, kSplat, kSegments, kGeneral };

  bool MatchSegments(std::string_view s, Captures* captures) const;
  bool MatchGeneral(std::string_view s, Captures* captures) const;

  std::vector<Token> tokens_;
  std::vector<std::string> names_;
  Mode mode_ = Mode::kLiteral;
  bool cross_host_ = false;
  std::string problem_;
};

// A header value or redirect destination with `:name` references resolved against a pattern
// at parse time. A `:name` the pattern does not define stays as written.
class RuleTemplate {
 public:
  static RuleTemplate Compile(std::string_view text, const RulePattern& pattern);
  bool has_references() const { return has_references_; }
  const std::string& text() const { return text_; }
  // Every reference replaced by its capture.
  std::string Expand(const Captures& captures) const;

 private:
  struct Piece {
    std::string literal;  // used when var < 0
    int var = -1;
  };
  std::string text_;
  std::vector<Piece> pieces_;
  bool has_references_ = false;
};

// Splits "host:port" (or "[v6]:port") and lower-cases the host: URL.hostname of a request.
std::string RequestHostname(std::string_view host);

}  // namespace edgerun::assets
