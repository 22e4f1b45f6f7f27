// `_headers`: custom response headers for the asset server (spec/assets.md section 7).
//
// What it is for: parsing the file once at start (warnings, never errors) and, for every
// response the asset server produces (200, 304, 307, `_redirects` 3xx, 404, 405), applying the
// rules whose path matches the *original* request path.
// What it is not for: responses from the worker script; deciding which response to produce.
//
// Ownership: a HeadersRules owns its compiled rules and is immutable after Parse, so one
// instance can be shared by every event-loop thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/assets/rule_messages.h"
#include "runtime/assets/rule_pattern.h"
#include "runtime/http/exchange.h"

namespace edgerun::assets {

struct HeadersLimits {
  size_t max_rules = 100;         // MAX_HEADER_RULES (101 get in: see Parse)
  size_t max_line_length = 2000;  // after trimming; comment lines are exempt
};

class HeadersRules {
 public:
  // Never fails. Unusable lines are skipped with a message in `warnings` (may be null).
  // Quirks kept from wrangler: the rule limit is checked when the *next* path line is met, so
  // max_rules + 1 rules are accepted; a later block for the same path replaces the earlier one
  // in its position; rules with two `*` (or `*` and `:splat`) are kept and counted but never
  // match (edgerun also warns about them, wrangler 4.86 is silent).
  static HeadersRules Parse(std::string_view file_text, std::vector<ParseMessage>* warnings,
                            HeadersLimits limits = {});

  // Applies every rule matching https://<host><raw_path> (absolute rules) or raw_path (relative
  // rules), in file order: first the rule's `! Name` removals, then its headers. The first
  // `_headers` value for a name replaces what `headers` had (ETag, Content-Type ... can be
  // overridden); a later rule's value for the same name is appended with ", ", except
  // Set-Cookie, which gets a header line of its own (as workerd writes it). `host` may carry a
  // port; protocol and port are ignored. `raw_path` is the request's percent-encoded pathname
  // without the query.
  void Apply(std::string_view host, std::string_view raw_path, http::HeaderList& headers) const;

  // Valid rules parsed, counting a replaced duplicate block too (wrangler's "Parsed N valid
  // header rules").
  size_t rule_count() const { return parsed_count_; }

  struct Header {
    std::string name;  // lower-cased
    RuleTemplate value;
  };
  struct Rule {
    std::string path;  // normalised: "/some%20page", "https://example.com/"
    int line = 0;
    RulePattern pattern;
    std::vector<Header> set;
    std::vector<std::string> unset;
  };
  // In application order, duplicates merged. For tests and `edgerun check`.
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::vector<Rule> rules_;
  size_t parsed_count_ = 0;
  bool has_cross_host_ = false;
};

}  // namespace edgerun::assets
