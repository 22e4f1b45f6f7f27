// `_redirects`: redirects and 200 rewrites in front of the asset server (spec/assets.md
// section 8).
//
// What it is for: parsing the file once at start (warnings, never errors), finding the rule
// for a request's raw pathname, and building the Location header of a 3xx.
// What it is not for: serving the 200 rewrite (the asset server looks the destination path up
// itself) or applying `_headers`.
//
// Ownership: immutable after Parse; one instance can be shared by every event-loop thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/assets/rule_messages.h"
#include "runtime/assets/rule_pattern.h"

namespace edgerun::assets {

struct RedirectsLimits {
  size_t max_static = 2000;       // excess static lines are skipped one by one
  size_t max_dynamic = 100;       // the rest of the file is skipped at the 101st
  size_t max_line_length = 2000;  // after trimming; comment lines are exempt
};

struct RedirectMatch {
  int status = 302;         // 200, 301, 302, 303, 307 or 308
  std::string destination;  // placeholders and splat substituted; for a relative destination,
                            // runs of '/' in its path collapsed (so never protocol-relative)
};

class RedirectsRules {
 public:
  // Never fails. Unusable lines are skipped with a message in `warnings` (may be null).
  // `html_handling_is_none` relaxes the loop guard for `/ /index.html`-style rules.
  static RedirectsRules Parse(std::string_view file_text, bool html_handling_is_none,
                              std::vector<ParseMessage>* warnings, RedirectsLimits limits = {});

  // The rule for `raw_path` (percent-encoded, no query): the static rules by exact key first,
  // then the dynamic ones in file order; the first match wins.
  std::optional<RedirectMatch> Match(std::string_view raw_path) const;
  // Match(raw_path).has_value(), without building the destination or the captures: the
  // router's probe, on every request.
  bool Matches(std::string_view raw_path) const;

  // The Location of a 3xx for `m`. A destination on https://<request_host> (relative ones
  // always are) gives path + (destination's query, else request_query) + fragment; any other
  // gives the absolute URL with the same query rule. request_query is "" or "?...".
  static std::string Location(const RedirectMatch& m, std::string_view request_host,
                              std::string_view request_query);

  // The pathname a 200 rewrite serves: the destination's path without query or fragment, dot
  // segments resolved (what `new URL(destination, request.url).pathname` gives).
  static std::string RewritePath(const RedirectMatch& m);

  // Valid rules (wrangler's "Parsed N valid redirect rules").
  size_t rule_count() const { return static_.size() + dynamic_.size(); }

  struct Rule {
    std::string from;  // normalised source path
    int line = 0;
    int status = 302;
    RulePattern pattern;    // dynamic rules only
    RuleTemplate to;        // normalised destination, compiled against `pattern`
    bool absolute = false;  // destination starts with https://
  };
  // Every valid rule in file order (static and dynamic). For tests and `edgerun check`.
  std::vector<const Rule*> rules() const;
  size_t static_count() const { return static_.size(); }
  size_t dynamic_count() const { return dynamic_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Rule, StringHash, std::equal_to<>> static_;
  std::vector<Rule> dynamic_;
};

}  // namespace edgerun::assets
