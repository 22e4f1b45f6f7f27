#include "runtime/assets/headers_rules.h"

#include <optional>

#include "runtime/assets/rule_text.h"

namespace edgerun::assets {
namespace {

// wrangler's LINE_IS_PROBABLY_A_PATH: /^([^\s]+:\/\/|^\/)/
bool IsPathLine(std::string_view line) {
  if (!line.empty() && line[0] == '/') return true;
  for (size_t i = 1; i + 3 <= line.size(); ++i) {
    if (rule_text::IsSpace(line[i - 1])) return false;
    if (line.substr(i, 3) == "://") return true;
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

struct PendingRule {
  std::string path;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> set;  // name (lower-case), joined value
  std::vector<std::string> unset;
};

}  // namespace

HeadersRules HeadersRules::Parse(std::string_view file_text, std::vector<ParseMessage>* warnings,
                                 HeadersLimits limits) {
  HeadersRules out;
  auto warn = [&](int line, std::string message) {
    if (warnings) warnings->push_back(ParseMessage{line, std::move(message)});
  };
  size_t accepted = 0;  // what wrangler's `rules.length` counts, duplicates included
  auto commit = [&](PendingRule& pending) {
    if (pending.set.empty() && pending.unset.empty()) {
      warn(pending.line, "No headers specified");
      return;
    }
    ++accepted;
    Rule rule{pending.path,
              pending.line,
              RulePattern::Compile(pending.path),
              {},
              std::move(pending.unset)};
    for (auto& [name, value] : pending.set) {
      rule.set.push_back(Header{name, RuleTemplate::Compile(value, rule.pattern)});
    }
    if (!rule.pattern.problem().empty()) {
      warn(rule.line, rule.pattern.problem() + " The rule for " + rule.path + " never matches.");
    }
    out.has_cross_host_ |= rule.pattern.cross_host();
    // Rules live in an object keyed by path: a later block replaces the earlier one in place.
    for (Rule& existing : out.rules_) {
      if (existing.path == rule.path) {
        existing = std::move(rule);
        return;
      }
    }
    out.rules_.push_back(std::move(rule));
  };

  std::vector<std::string_view> lines = rule_text::SplitLines(file_text);
  std::optional<PendingRule> rule;
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

    if (IsPathLine(line)) {
      if (accepted >= limits.max_rules) {
        warn(line_no, "Maximum number of rules supported is " + std::to_string(limits.max_rules) +
                          ". Skipping remaining " + std::to_string(lines.size() - i) +
                          " lines of file.");
        break;
      }
      if (rule) commit(*rule);
      rule.reset();
      RuleUrl url = ValidateRuleUrl(line, /*only_relative=*/false, /*disallow_ports=*/true,
                                    /*keep_query=*/false, /*keep_fragment=*/false);
      if (!url.ok()) {
        warn(line_no, url.error);
        continue;
      }
      rule = PendingRule{std::move(url.url), line_no, {}, {}};
      continue;
    }

    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (!rule) {
        warn(line_no, "Expected a path beginning with at least one forward-slash");
      } else if (line.substr(0, 2) == "! ") {
        std::string_view name = rule_text::Trim(line.substr(2));
        if (!name.empty()) rule->unset.emplace_back(name);
      } else {
        warn(line_no, "Expected a colon-separated header pair (e.g. name: value)");
      }
      continue;
    }

    std::string name = Lower(rule_text::Trim(line.substr(0, colon)));
    if (name.find(' ') != std::string::npos) {
      warn(line_no, "Header name cannot include spaces");
      continue;
    }
    std::string_view value = rule_text::Trim(line.substr(colon + 1));
    if (name.empty()) {
      warn(line_no, "No header name specified");
      continue;
    }
    if (value.empty()) {
      warn(line_no, "No header value specified");
      continue;
    }
    if (!rule) {
      warn(line_no, "Path should come before header (" + name + ": " + std::string(value) + ")");
      continue;
    }
    bool joined = false;
    for (auto& [existing_name, existing_value] : rule->set) {
      if (existing_name == name) {
        existing_value += ", ";
        existing_value += value;
        joined = true;
        break;
      }
    }
    if (!joined) rule->set.emplace_back(std::move(name), std::string(value));
  }
  if (rule) commit(*rule);
  out.parsed_count_ = accepted;
  return out;
}

void HeadersRules::Apply(std::string_view host, std::string_view raw_path,
                         http::HeaderList& headers) const {
  if (rules_.empty()) return;
  std::string absolute;
  if (has_cross_host_) absolute = "https://" + RequestHostname(host) + std::string(raw_path);

  auto erase_all = [&headers](std::string_view name) {
    std::erase_if(headers,
                  [name](const http::Header& h) { return http::HeaderNameEquals(h.name, name); });
  };
  std::vector<std::string_view> set_by_rules;  // names a matched rule has set so far
  Captures captures;
  for (const Rule& rule : rules_) {
    std::string_view subject = rule.pattern.cross_host() ? std::string_view(absolute) : raw_path;
    if (!rule.pattern.Match(subject, rule.pattern.has_variables() ? &captures : nullptr)) continue;
    for (const std::string& name : rule.unset) erase_all(name);
    for (const Header& h : rule.set) {
      std::string value = h.value.Expand(captures);
      bool seen = false;
      for (std::string_view n : set_by_rules) seen |= n == h.name;
      if (!seen) {
        erase_all(h.name);
        headers.push_back(http::Header{h.name, std::move(value)});
        set_by_rules.push_back(h.name);
        continue;
      }
      http::Header* existing = nullptr;
      if (h.name != "set-cookie") {
        for (http::Header& candidate : headers) {
          if (http::HeaderNameEquals(candidate.name, h.name)) {
            existing = &candidate;
            break;
          }
        }
      }
      if (existing) {
        existing->value += ", ";
        existing->value += value;
      } else {
        headers.push_back(http::Header{h.name, std::move(value)});
      }
    }
  }
}

}  // namespace edgerun::assets
