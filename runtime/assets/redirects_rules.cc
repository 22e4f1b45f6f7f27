#include "runtime/assets/redirects_rules.h"

#include <algorithm>

#include "runtime/assets/rule_text.h"

namespace edgerun::assets {
namespace {

bool IsWordChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// SPLAT_REGEX or PLACEHOLDER_REGEX (/:[A-Za-z]\w*/) occurs in the source.
bool IsDynamicSource(std::string_view from) {
  for (size_t i = 0; i < from.size(); ++i) {
    if (from[i] == '*') return true;
    if (from[i] == ':' && i + 1 < from.size() &&
        ((from[i + 1] >= 'A' && from[i + 1] <= 'Z') ||
         (from[i + 1] >= 'a' && from[i + 1] <= 'z'))) {
      return true;
    }
  }
  return false;
}

// /\/index(.html)?$/ (the '.' is any character, as in wrangler's regex).
bool EndsWithIndex(std::string_view to) {
  constexpr std::string_view kIndex = "/index";
  if (to.ends_with(kIndex)) return true;
  if (to.size() < kIndex.size() + 5 || !to.ends_with("html")) return false;
  return to.substr(to.size() - kIndex.size() - 5, kIndex.size()) == kIndex;
}

// /^\w+:\/\//
bool HasScheme(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsWordChar(s[i])) ++i;
  return i > 0 && s.substr(i, 3) == "://";
}

// Runs of '/' in the path part of a relative destination become one, so a splat of
// "/google.com" cannot make "//google.com" (protocol-relative) out of "/:splat".
std::string CollapseSlashes(std::string s) {
  size_t path_end = s.find_first_of("?#");
  if (path_end == std::string::npos) path_end = s.size();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (i < path_end && s[i] == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(s[i]);
  }
  return out;
}

struct UrlParts {
  std::string_view scheme;                 // empty for a relative reference
  std::string_view authority;              // host[:port]
  std::string_view path, query, fragment;  // query with '?', fragment with '#'; may be empty
};

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  size_t sep = url.find("://");
  if (HasScheme(url)) {
    parts.scheme = url.substr(0, sep);
    url.remove_prefix(sep + 3);
    size_t end = url.find_first_of("/?#");
    if (end == std::string_view::npos) end = url.size();
    parts.authority = url.substr(0, end);
    url.remove_prefix(end);
  }
  size_t hash = url.find('#');
  if (hash != std::string_view::npos) {
    parts.fragment = url.substr(hash);
    url = url.substr(0, hash);
  }
  size_t q = url.find('?');
  if (q != std::string_view::npos) {
    parts.query = url.substr(q);
    url = url.substr(0, q);
  }
  parts.path = url;
  // URL.search and URL.hash are empty for a bare "?" or "#".
  if (parts.query.size() == 1) parts.query = {};
  if (parts.fragment.size() == 1) parts.fragment = {};
  return parts;
}

// Lower-cased host with the https default port dropped: what URL.origin compares.
std::string NormalizedAuthority(std::string_view authority) {
  std::string out(authority);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  if (out.ends_with(":443")) out.resize(out.size() - 4);
  if (out.ends_with(":")) out.pop_back();
  return out;
}

// A destination's path as a special (http/https) URL has it: '\' is a separator, dot
// segments resolved.
std::string ResolvedPath(std::string_view path) {
  std::string p(path);
  for (char& c : p) {
    if (c == '\\') c = '/';
  }
  return NormalizeRulePath(p, false, false);
}

}  // namespace

RedirectsRules RedirectsRules::Parse(std::string_view file_text, bool html_handling_is_none,
                                     std::vector<ParseMessage>* warnings, RedirectsLimits limits) {
  auto warn = [&](int line, std::string message) {
    if (warnings) warnings->push_back(ParseMessage{line, std::move(message)});
  };
  struct Parsed {
    std::string from, to;
    int status;
    int line;
    bool absolute;
  };
  std::vector<Parsed> parsed;
  std::vector<std::string_view> seen;  // sources of accepted rules
  size_t static_count = 0, dynamic_count = 0;
  bool can_create_static = true;

  std::vector<std::string_view> lines = rule_text::SplitLines(file_text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    std::string_view line = rule_text::Trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;

    if (rule_text::Utf16Length(line) > limits.max_line_length) {
      warn(line_no, "Ignoring line " + std::to_string(line_no) +
                        " as it exceeds the maximum allowed length of " +
                        std::to_string(limits.max_line_length) + ".");
      continue;
    }

    std::vector<std::string_view> tokens;
    for (size_t pos = 0; pos < line.size();) {
      while (pos < line.size() && rule_text::IsSpace(line[pos])) ++pos;
      size_t end = pos;
      while (end < line.size() && !rule_text::IsSpace(line[end])) ++end;
      if (end > pos) tokens.push_back(line.substr(pos, end - pos));
      pos = end;
    }
    // An inline comment is a token from the third on that starts with '#': `/a /b#frag` keeps
    // its fragment, `/a /b # note` loses the note.
    for (size_t t = 2; t < tokens.size(); ++t) {
      if (tokens[t][0] == '#') {
        tokens.resize(t);
        break;
      }
    }
    if (tokens.size() < 2 || tokens.size() > 3) {
      warn(line_no, "Expected exactly 2 or 3 whitespace-separated tokens. Got " +
                        std::to_string(tokens.size()) + ".");
      continue;
    }
    std::string_view str_status = tokens.size() == 3 ? tokens[2] : std::string_view("302");

    RuleUrl from = ValidateRuleUrl(tokens[0], /*only_relative=*/true, /*disallow_ports=*/true,
                                   /*keep_query=*/false, /*keep_fragment=*/false);
    if (!from.ok()) {
      warn(line_no, from.error);
      continue;
    }

    // Counted before the rest of the line is validated, as wrangler does.
    if (can_create_static && !IsDynamicSource(from.url)) {
      if (++static_count > limits.max_static) {
        warn(line_no, "Maximum number of static rules supported is " +
                          std::to_string(limits.max_static) + ". Skipping line.");
        continue;
      }
    } else {
      can_create_static = false;
      if (++dynamic_count > limits.max_dynamic) {
        warn(line_no, "Maximum number of dynamic rules supported is " +
                          std::to_string(limits.max_dynamic) + ". Skipping remaining " +
                          std::to_string(lines.size() - i) + " lines of file.");
        break;
      }
    }

    RuleUrl to = ValidateRuleUrl(tokens[1], /*only_relative=*/false, /*disallow_ports=*/false,
                                 /*keep_query=*/true, /*keep_fragment=*/true);
    if (!to.ok()) {
      warn(line_no, to.error);
      continue;
    }

    int status = 0;
    bool digits = !str_status.empty() && str_status.size() <= 4;
    for (char c : str_status) {
      digits &= c >= '0' && c <= '9';
      if (digits) status = status * 10 + (c - '0');
    }
    if (!digits || (status != 200 && status != 301 && status != 302 && status != 303 &&
                    status != 307 && status != 308)) {
      warn(line_no, "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got " +
                        std::string(str_status) + ".");
      continue;
    }

    // html_handling would strip the `/index(.html)` again and land back on this rule.
    bool wildcard_to_index = from.url.ends_with("/*") && EndsWithIndex(to.url);
    bool root_to_index = from.url.ends_with("/") && EndsWithIndex(to.url);
    if (!to.absolute && (wildcard_to_index || (root_to_index && !html_handling_is_none))) {
      warn(line_no,
           "Infinite loop detected in this rule and has been ignored. This will cause a redirect "
           "to strip `.html` or `/index` and end up triggering this rule again. Please fix or "
           "remove this rule to silence this warning.");
      continue;
    }

    bool duplicate = false;
    for (const Parsed& p : parsed) duplicate |= p.from == from.url;
    if (duplicate) {
      warn(line_no, "Ignoring duplicate rule for path " + from.url + ".");
      continue;
    }

    if (status == 200 && to.absolute) {
      warn(line_no, "Proxy (200) redirects can only point to relative paths. Got " + to.url);
      continue;
    }
    parsed.push_back(Parsed{std::move(from.url), std::move(to.url), status, line_no, to.absolute});
  }

  // A plain source is a static rule only above the first dynamic one (constructRedirects).
  RedirectsRules out;
  can_create_static = true;
  for (Parsed& p : parsed) {
    bool dynamic = IsDynamicSource(p.from);
    if (!dynamic && can_create_static) {
      std::string to = p.absolute ? p.to : CollapseSlashes(p.to);
      Rule rule{p.from,
                p.line,
                p.status,
                RulePattern::Compile(""),
                RuleTemplate::Compile(to, RulePattern()),
                p.absolute};
      out.static_.emplace(p.from, std::move(rule));
      continue;
    }
    if (!dynamic) {
      warn(p.line, "The redirect rule " + p.from + " \u2192 " + std::to_string(p.status) + " " +
                       p.to +
                       " could be made more performant by bringing it above any lines with "
                       "splats or placeholders.");
    }
    can_create_static = false;
    RulePattern pattern = RulePattern::Compile(p.from);
    if (!pattern.problem().empty()) {
      warn(p.line, pattern.problem() + " The rule for " + p.from + " never matches.");
    }
    RuleTemplate to = RuleTemplate::Compile(p.to, pattern);
    out.dynamic_.push_back(
        Rule{std::move(p.from), p.line, p.status, std::move(pattern), std::move(to), p.absolute});
  }
  return out;
}

std::vector<const RedirectsRules::Rule*> RedirectsRules::rules() const {
  std::vector<const Rule*> out;
  for (const auto& [from, rule] : static_) out.push_back(&rule);
  for (const Rule& rule : dynamic_) out.push_back(&rule);
  std::sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) { return a->line < b->line; });
  return out;
}

std::optional<RedirectMatch> RedirectsRules::Match(std::string_view raw_path) const {
  if (!static_.empty()) {
    auto it = static_.find(raw_path);
    if (it != static_.end()) return RedirectMatch{it->second.status, it->second.to.text()};
  }
  Captures captures;
  for (const Rule& rule : dynamic_) {
    if (!rule.pattern.Match(raw_path, &captures)) continue;
    std::string destination = rule.to.Expand(captures);
    if (!HasScheme(destination)) destination = CollapseSlashes(std::move(destination));
    return RedirectMatch{rule.status, std::move(destination)};
  }
  return std::nullopt;
}

bool RedirectsRules::Matches(std::string_view raw_path) const {
  if (!static_.empty() && static_.find(raw_path) != static_.end()) return true;
  for (const Rule& rule : dynamic_) {
    if (rule.pattern.Match(raw_path, nullptr)) return true;
  }
  return false;
}

std::string RedirectsRules::Location(const RedirectMatch& m, std::string_view request_host,
                                     std::string_view request_query) {
  UrlParts dest = SplitUrl(m.destination);
  if (request_query.size() == 1) request_query = {};
  std::string_view query = dest.query.empty() ? request_query : dest.query;
  bool same_origin = dest.scheme.empty() ||
                     (dest.scheme == "https" &&
                      NormalizedAuthority(dest.authority) == NormalizedAuthority(request_host));
  std::string out;
  if (!same_origin) {
    out.append(dest.scheme).append("://").append(NormalizedAuthority(dest.authority));
  }
  out += ResolvedPath(dest.path);
  out.append(query).append(dest.fragment);
  return out;
}

std::string RedirectsRules::RewritePath(const RedirectMatch& m) {
  return ResolvedPath(SplitUrl(m.destination).path);
}

}  // namespace edgerun::assets
