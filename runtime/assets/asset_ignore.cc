#include "runtime/assets/asset_ignore.h"

namespace edgerun::assets {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool CharEquals(char a, char b, bool ignore_case) {
  return ignore_case ? Lower(a) == Lower(b) : a == b;
}

// One character of a segment glob at pattern[i]: a literal, `?`, or a `[...]` class. Sets
// `next` to the index after it and returns whether it accepts `c`.
bool MatchOne(std::string_view pattern, size_t i, char c, bool ignore_case, size_t* next) {
  char p = pattern[i];
  if (p == '?') {
    *next = i + 1;
    return true;
  }
  if (p == '\\' && i + 1 < pattern.size()) {
    *next = i + 2;
    return CharEquals(pattern[i + 1], c, ignore_case);
  }
  if (p == '[') {
    size_t j = i + 1;
    bool negate = j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^');
    if (negate) ++j;
    size_t first = j;
    bool found = false;
    while (j < pattern.size() && (pattern[j] != ']' || j == first)) {
      char lo = pattern[j];
      if (lo == '\\' && j + 1 < pattern.size()) lo = pattern[++j];
      char hi = lo;
      if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
        hi = pattern[j + 2];
        j += 2;
      }
      char x = ignore_case ? Lower(c) : c;
      if ((x >= (ignore_case ? Lower(lo) : lo) && x <= (ignore_case ? Lower(hi) : hi)) ||
          (c >= lo && c <= hi)) {
        found = true;
      }
      ++j;
    }
    if (j < pattern.size()) {  // a closed class
      *next = j + 1;
      return found != negate;
    }
    // An unclosed '[' is a literal.
  }
  *next = i + 1;
  return CharEquals(p, c, ignore_case);
}

// A glob within one path segment: `*` is any run of characters, `?` one, `[...]` a class.
// The classic wildcard match: on a mismatch only the latest `*` takes one more character.
bool SegmentMatches(std::string_view pattern, std::string_view name, bool ignore_case) {
  size_t p = 0, n = 0;
  size_t star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    size_t next = 0;
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && MatchOne(pattern, p, name[n], ignore_case, &next)) {
      p = next;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool SegmentsMatch(const std::vector<std::string>& pattern, size_t pi,
                   const std::vector<std::string_view>& path, size_t si, size_t count,
                   bool ignore_case) {
  if (pi == pattern.size()) return si == count;
  if (pattern[pi] == "**") {
    if (pi + 1 == pattern.size()) return count > si;  // `a/**`: everything inside, not `a`
    for (size_t k = si; k <= count; ++k) {
      if (SegmentsMatch(pattern, pi + 1, path, k, count, ignore_case)) return true;
    }
    return false;
  }
  return si < count && SegmentMatches(pattern[pi], path[si], ignore_case) &&
         SegmentsMatch(pattern, pi + 1, path, si + 1, count, ignore_case);
}

}  // namespace

bool AssetIgnore::AddRule(std::string_view line, bool ignore_case, std::vector<Rule>* rules) {
  // Trailing whitespace goes unless escaped with a backslash.
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    if (line.back() == ' ' && line.size() >= 2 && line[line.size() - 2] == '\\') break;
    line.remove_suffix(1);
  }
  if (line.empty() || line[0] == '#') return false;
  Rule rule;
  rule.ignore_case = ignore_case;
  if (line[0] == '!') {
    rule.negated = true;
    line.remove_prefix(1);
  } else if (line[0] == '\\' && line.size() > 1 && (line[1] == '!' || line[1] == '#')) {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    rule.directory_only = true;
    while (!line.empty() && line.back() == '/') line.remove_suffix(1);
  }
  bool anchored = line.find('/') != std::string_view::npos;
  while (!line.empty() && line[0] == '/') line.remove_prefix(1);
  if (line.empty()) return false;
  if (!anchored) rule.segments.emplace_back("**");
  size_t start = 0;
  while (start <= line.size()) {
    size_t slash = line.find('/', start);
    if (slash == std::string_view::npos) slash = line.size();
    std::string_view seg = line.substr(start, slash - start);
    if (!seg.empty()) {
      // Consecutive `**` segments mean the same as one.
      if (!(seg == "**" && !rule.segments.empty() && rule.segments.back() == "**")) {
        rule.segments.emplace_back(seg);
      }
    }
    start = slash + 1;
  }
  rules->push_back(std::move(rule));
  return true;
}

AssetIgnore AssetIgnore::Create(std::string_view assetsignore_text, bool pages_mode) {
  AssetIgnore out;
  for (std::string_view line : {"/.assetsignore", "/_redirects", "/_headers"}) {
    AddRule(line, /*ignore_case=*/true, pages_mode ? &out.forced_ : &out.rules_);
  }
  if (pages_mode) {
    for (std::string_view line : {"/_worker.js", "/_routes.json", "/functions/", "**/.DS_Store",
                                  "**/node_modules", "**/.git", "/.wrangler"}) {
      AddRule(line, /*ignore_case=*/false, &out.forced_);
    }
    for (Rule& rule : out.forced_) rule.ignore_case = false;
  }
  size_t start = 0;
  while (start <= assetsignore_text.size()) {
    size_t nl = assetsignore_text.find('\n', start);
    if (nl == std::string_view::npos) nl = assetsignore_text.size();
    AddRule(assetsignore_text.substr(start, nl - start), /*ignore_case=*/true, &out.rules_);
    start = nl + 1;
  }
  return out;
}

bool AssetIgnore::Matches(const Rule& rule, const std::vector<std::string_view>& segments,
                          size_t count, bool is_directory) {
  if (rule.directory_only && !is_directory) return false;
  return SegmentsMatch(rule.segments, 0, segments, 0, count, rule.ignore_case);
}

bool AssetIgnore::Decide(const std::vector<Rule>& rules,
                         const std::vector<std::string_view>& segments, size_t count,
                         bool is_directory) {
  bool ignored = false;
  for (const Rule& rule : rules) {
    if (rule.negated == ignored && Matches(rule, segments, count, is_directory)) {
      ignored = !rule.negated;
    }
  }
  return ignored;
}

bool AssetIgnore::IsIgnored(std::string_view relative_path, bool is_directory) const {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= relative_path.size()) {
    size_t slash = relative_path.find('/', start);
    if (slash == std::string_view::npos) slash = relative_path.size();
    if (slash > start) segments.push_back(relative_path.substr(start, slash - start));
    start = slash + 1;
  }
  if (segments.empty()) return false;
  // A file inside an ignored directory is ignored whatever later rules say.
  for (size_t count = 1; count <= segments.size(); ++count) {
    bool dir = count < segments.size() || is_directory;
    if (Decide(forced_, segments, count, dir)) return true;
    if (Decide(rules_, segments, count, dir)) return true;
  }
  return false;
}

}  // namespace edgerun::assets
