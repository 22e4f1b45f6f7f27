#include "runtime/assets/rule_pattern.h"

#include <algorithm>

namespace edgerun::assets {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsWordChar(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'; }
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Length of the `:name` starting at text[i] (counting the colon), or 0 when there is none.
size_t PlaceholderLength(std::string_view text, size_t i) {
  if (text[i] != ':' || i + 1 >= text.size() || !IsAsciiLetter(text[i + 1])) return 0;
  size_t j = i + 2;
  while (j < text.size() && IsWordChar(text[j])) ++j;
  return j - i;
}

enum class Part { kPath, kQuery, kFragment };

// The WHATWG percent-encode sets of a non-special URL ("relative://").
bool NeedsEncoding(unsigned char c, Part part) {
  if (c < 0x20 || c >= 0x7F || c == ' ' || c == '"' || c == '<' || c == '>') return true;
  switch (part) {
    case Part::kPath:
      return c == '#' || c == '?' || c == '`' || c == '{' || c == '}';
    case Part::kQuery:
      return c == '#';
    case Part::kFragment:
      return c == '`';
  }
  return false;
}

void AppendEncoded(std::string& out, std::string_view in, Part part) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (NeedsEncoding(c, part)) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}
bool IsSingleDot(std::string_view s) { return s == "." || EqualsIgnoreCase(s, "%2e"); }
bool IsDoubleDot(std::string_view s) {
  return s == ".." || EqualsIgnoreCase(s, ".%2e") || EqualsIgnoreCase(s, "%2e.") ||
         EqualsIgnoreCase(s, "%2e%2e");
}

// Characters after which a host placeholder ends, per the regex wrangler builds: the name must
// be followed by a character its escaper backslashes (`(?=\\)`).
bool IsEscapedRegexChar(char c) {
  return std::string_view("-/\\^$+?.()|[]{}").find(c) != std::string_view::npos;
}

bool IsStop(char c, bool host) { return c == '/' || (host && c == '.'); }

}  // namespace

std::string NormalizeRulePath(std::string_view path, bool keep_query, bool keep_fragment) {
  // The URL parser drops tabs and newlines anywhere and trailing C0 controls and spaces.
  std::string input;
  input.reserve(path.size() + 1);
  if (path.empty() || path[0] != '/') input.push_back('/');
  for (char c : path) {
    if (c != '\t' && c != '\n' && c != '\r') input.push_back(c);
  }
  while (!input.empty() && static_cast<unsigned char>(input.back()) <= 0x20) input.pop_back();

  std::string_view rest = input;
  size_t path_end = rest.find_first_of("?#");
  std::string_view raw_path = rest.substr(0, path_end);
  std::string_view query, fragment;
  bool has_query = false, has_fragment = false;
  if (path_end != std::string_view::npos) {
    std::string_view tail = rest.substr(path_end);
    size_t hash = tail.find('#');
    if (tail[0] == '?') {
      has_query = true;
      query = tail.substr(1, hash == std::string_view::npos ? std::string_view::npos : hash - 1);
    }
    if (hash != std::string_view::npos) {
      has_fragment = true;
      fragment = tail.substr(hash + 1);
    }
  }

  // Path segments after the leading '/', with dot segments resolved as the path state does.
  std::vector<std::string> segments;
  raw_path.remove_prefix(raw_path.empty() ? 0 : 1);
  size_t start = 0;
  while (true) {
    size_t slash = raw_path.find('/', start);
    bool last = slash == std::string_view::npos;
    std::string_view seg = raw_path.substr(start, last ? std::string_view::npos : slash - start);
    if (IsDoubleDot(seg)) {
      if (!segments.empty()) segments.pop_back();
      if (last) segments.emplace_back();
    } else if (IsSingleDot(seg)) {
      if (last) segments.emplace_back();
    } else {
      std::string encoded;
      AppendEncoded(encoded, seg, Part::kPath);
      segments.push_back(std::move(encoded));
    }
    if (last) break;
    start = slash + 1;
  }

  std::string out;
  out.reserve(input.size() + 8);
  for (const std::string& seg : segments) {
    out.push_back('/');
    out += seg;
  }
  if (out.empty()) out = "/";
  if (keep_query && has_query && !query.empty()) {
    out.push_back('?');
    AppendEncoded(out, query, Part::kQuery);
  }
  if (keep_fragment && has_fragment && !fragment.empty()) {
    out.push_back('#');
    AppendEncoded(out, fragment, Part::kFragment);
  }
  return out;
}

namespace {
// workers-shared's URL_REGEX: /^https:\/\/+(?<host>[^/]+)\/?(?<path>.*)/
bool SplitHttpsUrl(std::string_view token, std::string_view* host, std::string_view* path) {
  constexpr std::string_view kPrefix = "https://";
  if (token.substr(0, kPrefix.size()) != kPrefix) return false;
  size_t i = kPrefix.size();
  while (i < token.size() && token[i] == '/') ++i;
  size_t host_end = token.find('/', i);
  if (host_end == std::string_view::npos) host_end = token.size();
  if (host_end == i) return false;
  *host = token.substr(i, host_end - i);
  size_t path_start = host_end < token.size() ? host_end + 1 : host_end;
  *path = token.substr(path_start);
  return true;
}

// HOST_WITH_PORT_REGEX: /.*:\d+$/
bool HostHasPort(std::string_view host) {
  size_t i = host.size();
  while (i > 0 && host[i - 1] >= '0' && host[i - 1] <= '9') --i;
  return i < host.size() && i > 0 && host[i - 1] == ':';
}
}  // namespace

bool RuleUrlHasHost(std::string_view token) {
  std::string_view host, path;
  return SplitHttpsUrl(token, &host, &path);
}

RuleUrl ValidateRuleUrl(std::string_view token, bool only_relative, bool disallow_ports,
                        bool keep_query, bool keep_fragment) {
  RuleUrl result;
  std::string_view host, path;
  if (SplitHttpsUrl(token, &host, &path)) {
    if (only_relative) {
      result.error =
          "Only relative URLs are allowed. Skipping absolute URL " + std::string(token) + ".";
      return result;
    }
    if (disallow_ports && HostHasPort(host)) {
      result.error =
          "Specifying ports is not supported. Skipping absolute URL " + std::string(token) + ".";
      return result;
    }
    result.absolute = true;
    result.url =
        "https://" + std::string(host) + NormalizeRulePath(path, keep_query, keep_fragment);
    return result;
  }
  if ((!token.empty() && token[0] == '/') || only_relative) {
    result.url = NormalizeRulePath(token, keep_query, keep_fragment);
    return result;
  }
  result.error =
      "URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. "
      "begin with \"https://\").";
  return result;
}

std::string RequestHostname(std::string_view host) {
  std::string_view name = host;
  if (!name.empty() && name[0] == '[') {
    size_t close = name.find(']');
    if (close != std::string_view::npos) name = name.substr(0, close + 1);
  } else {
    name = name.substr(0, name.find(':'));
  }
  std::string out(name);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

RulePattern RulePattern::Compile(std::string_view rule) {
  RulePattern p;
  p.cross_host_ = rule.substr(0, 8) == "https://";
  size_t host_end = 0;
  if (p.cross_host_) {
    host_end = rule.find('/', 8);
    if (host_end == std::string_view::npos) host_end = rule.size();
  }
  std::string duplicate;  // first variable name seen twice
  auto add_var = [&](std::string name, Kind kind) {
    if (duplicate.empty() && std::find(p.names_.begin(), p.names_.end(), name) != p.names_.end()) {
      duplicate = name;
    }
    p.names_.push_back(std::move(name));
    p.tokens_.push_back(Token{kind, {}, static_cast<int>(p.names_.size() - 1)});
  };
  auto add_char = [&](char c) {
    if (p.tokens_.empty() || p.tokens_.back().kind != Kind::kLiteral) {
      p.tokens_.push_back(Token{Kind::kLiteral, {}, -1});
    }
    p.tokens_.back().text.push_back(c);
  };
  for (size_t i = 0; i < rule.size();) {
    if (rule[i] == '*') {
      add_var("splat", Kind::kSplat);
      ++i;
    } else if (size_t len = PlaceholderLength(rule, i)) {
      bool in_host = p.cross_host_ && i < host_end && i + len < rule.size() &&
                     IsEscapedRegexChar(rule[i + len]);
      add_var(std::string(rule.substr(i + 1, len - 1)),
              in_host ? Kind::kHostPlaceholder : Kind::kPlaceholder);
      i += len;
    } else {
      // Host names are case-insensitive and requests carry them lower-cased.
      add_char(i < host_end ? AsciiLower(rule[i]) : rule[i]);
      ++i;
    }
  }

  size_t splats = 0;
  for (const Token& t : p.tokens_) splats += t.kind == Kind::kSplat;
  if (splats > 1) {
    p.problem_ = "Multiple wildcards (*) are not supported in a single rule.";
  } else if (splats == 1 && duplicate == "splat") {
    p.problem_ = "Cannot combine wildcard (*) with :splat placeholder.";
  } else if (!duplicate.empty()) {
    p.problem_ = "Placeholder :" + duplicate + " is used more than once in a single rule.";
  }
  if (!p.problem_.empty()) {
    p.mode_ = Mode::kNever;
  } else if (p.names_.empty()) {
    p.mode_ = Mode::kLiteral;
  } else if (splats == 1 && p.names_.size() == 1) {
    p.mode_ = Mode::kSplat;
  } else if (splats == 0) {
    p.mode_ = Mode::kSegments;
    for (size_t i = 0; i < p.tokens_.size(); ++i) {
      const Token& t = p.tokens_[i];
      if (t.kind == Kind::kLiteral) continue;
      bool host = t.kind == Kind::kHostPlaceholder;
      if (i + 1 < p.tokens_.size() &&
          (p.tokens_[i + 1].kind != Kind::kLiteral || !IsStop(p.tokens_[i + 1].text[0], host))) {
        p.mode_ = Mode::kGeneral;
        break;
      }
    }
  } else {
    p.mode_ = Mode::kGeneral;
  }
  return p;
}

int RulePattern::VariableIndex(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool RulePattern::Match(std::string_view s, Captures* captures) const {
  switch (mode_) {
    case Mode::kNever:
      return false;
    case Mode::kLiteral:
      return tokens_.empty() ? s.empty() : s == tokens_[0].text;
    case Mode::kSplat: {
      std::string_view prefix, suffix;
      size_t i = 0;
      if (tokens_[i].kind == Kind::kLiteral) prefix = tokens_[i++].text;
      ++i;  // the splat
      if (i < tokens_.size()) suffix = tokens_[i].text;
      if (s.size() < prefix.size() + suffix.size()) return false;
      if (s.substr(0, prefix.size()) != prefix) return false;
      if (s.substr(s.size() - suffix.size()) != suffix) return false;
      if (captures) {
        captures->assign(1, s.substr(prefix.size(), s.size() - prefix.size() - suffix.size()));
      }
      return true;
    }
    case Mode::kSegments:
      return MatchSegments(s, captures);
    case Mode::kGeneral:
      return MatchGeneral(s, captures);
  }
  return false;
}

bool RulePattern::MatchSegments(std::string_view s, Captures* captures) const {
  if (captures) captures->assign(names_.size(), {});
  size_t pos = 0;
  for (const Token& t : tokens_) {
    if (t.kind == Kind::kLiteral) {
      if (s.substr(pos, t.text.size()) != t.text) return false;
      pos += t.text.size();
      continue;
    }
    bool host = t.kind == Kind::kHostPlaceholder;
    size_t end = pos;
    while (end < s.size() && !IsStop(s[end], host)) ++end;
    if (end == pos) return false;
    if (captures) (*captures)[t.var] = s.substr(pos, end - pos);
    pos = end;
  }
  return pos == s.size();
}

// reach[t][p]: tokens t.. match s[p..]. Filled from the end, each cell in O(1) (a placeholder
// either ends after this character or continues the run; the splat either stops here or takes
// one more), then walked from the start taking the longest option whose rest still matches:
// exactly the captures a backtracking regex engine reports, without its worst case.
bool RulePattern::MatchGeneral(std::string_view s, Captures* captures) const {
  const size_t n = s.size(), width = n + 1, count = tokens_.size();
  std::vector<uint8_t> reach((count + 1) * width, 0);
  auto at = [&](size_t t, size_t p) -> uint8_t& { return reach[t * width + p]; };
  at(count, n) = 1;
  for (size_t t = count; t-- > 0;) {
    const Token& tok = tokens_[t];
    for (size_t p = width; p-- > 0;) {
      uint8_t ok = 0;
      switch (tok.kind) {
        case Kind::kLiteral:
          ok = s.substr(p, tok.text.size()) == tok.text && p + tok.text.size() <= n &&
               at(t + 1, p + tok.text.size());
          break;
        case Kind::kSplat:
          ok = at(t + 1, p) || (p < n && at(t, p + 1));
          break;
        case Kind::kPlaceholder:
        case Kind::kHostPlaceholder: {
          bool host = tok.kind == Kind::kHostPlaceholder;
          ok = p < n && !IsStop(s[p], host) && (at(t + 1, p + 1) || (p + 1 < n && at(t, p + 1)));
          break;
        }
      }
      at(t, p) = ok;
    }
  }
  if (!at(0, 0)) return false;
  if (!captures) return true;
  captures->assign(names_.size(), {});
  size_t pos = 0;
  for (size_t t = 0; t < count; ++t) {
    const Token& tok = tokens_[t];
    if (tok.kind == Kind::kLiteral) {
      pos += tok.text.size();
      continue;
    }
    size_t limit = n;
    if (tok.kind != Kind::kSplat) {
      bool host = tok.kind == Kind::kHostPlaceholder;
      limit = pos;
      while (limit < n && !IsStop(s[limit], host)) ++limit;
    }
    size_t end = limit;
    size_t min_end = tok.kind == Kind::kSplat ? pos : pos + 1;
    while (end > min_end && !at(t + 1, end)) --end;
    (*captures)[tok.var] = s.substr(pos, end - pos);
    pos = end;
  }
  return true;
}

RuleTemplate RuleTemplate::Compile(std::string_view text, const RulePattern& pattern) {
  RuleTemplate tpl;
  tpl.text_ = std::string(text);
  std::string literal;
  for (size_t i = 0; i < text.size();) {
    size_t len = PlaceholderLength(text, i);
    int var = len ? pattern.VariableIndex(text.substr(i + 1, len - 1)) : -1;
    if (var < 0) {
      literal.append(text.substr(i, len ? len : 1));
      i += len ? len : 1;
      continue;
    }
    if (!literal.empty()) tpl.pieces_.push_back(Piece{std::move(literal), -1});
    literal.clear();
    tpl.pieces_.push_back(Piece{{}, var});
    tpl.has_references_ = true;
    i += len;
  }
  if (!literal.empty()) tpl.pieces_.push_back(Piece{std::move(literal), -1});
  return tpl;
}

std::string RuleTemplate::Expand(const Captures& captures) const {
  if (!has_references_) return text_;
  std::string out;
  for (const Piece& piece : pieces_) {
    if (piece.var < 0) {
      out += piece.literal;
    } else if (static_cast<size_t>(piece.var) < captures.size()) {
      out += captures[piece.var];
    }
  }
  return out;
}

}  // namespace edgerun::assets
