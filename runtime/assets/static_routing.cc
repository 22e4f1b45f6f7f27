#include "runtime/assets/static_routing.h"

#include <algorithm>
#include <set>

#include "runtime/base/json_quote.h"

namespace edgerun::assets {
namespace {

constexpr size_t kMaxRules = 100;
constexpr size_t kMaxRuleLength = 100;
constexpr size_t kMaxReportedDuplicates = 5;

Error Fail(std::string message) {
  Error error;
  error.message = std::move(message);
  return error;
}

std::string TooManyRules(const std::vector<std::string>& input) {
  std::vector<std::string_view> distinct;  // in first-seen order
  std::set<std::string_view> seen, duplicated;
  for (const std::string& rule : input) {
    if (!seen.insert(rule).second) {
      duplicated.insert(rule);
    } else {
      distinct.push_back(rule);
    }
  }
  std::string count = std::to_string(input.size());
  if (duplicated.empty()) {
    return "Too many `run_worker_first` rules were provided; " + count +
           " rules provided exceeds max of " + std::to_string(kMaxRules) + ".";
  }
  size_t duplicate_entries = input.size() - seen.size();
  std::string message = "Too many `run_worker_first` rules were provided; " + count +
                        " rules provided (" + std::to_string(seen.size()) + " distinct, " +
                        std::to_string(duplicate_entries) + " duplicate " +
                        (duplicate_entries == 1 ? "entry" : "entries") + ") exceeds max of " +
                        std::to_string(kMaxRules) +
                        ". Note: duplicate entries count towards the route limit. Ensure that no "
                        "duplicate rules are present in your `run_worker_first` configuration."
                        "\n\nThe duplicated rules found are:";
  size_t reported = 0;
  for (std::string_view rule : distinct) {
    if (!duplicated.count(rule) || reported == kMaxReportedDuplicates) continue;
    message += (reported ? "\n- " : "\n- ") + JsonQuote(rule);
    ++reported;
  }
  size_t unreported = duplicated.size() - reported;
  if (unreported > 0) {
    message += "\n...and " + std::to_string(unreported) + " more duplicated " +
               (unreported == 1 ? "rule." : "rules.");
  }
  return message;
}

// validateStaticRoutingRules, for the rules of one polarity (negatives with their '!').
void ValidatePolarity(const std::vector<std::string>& rules, std::vector<std::string>* invalid) {
  std::set<std::string_view> seen;
  for (const std::string& rule : rules) {
    if (rule.size() > kMaxRuleLength) {
      invalid->push_back("'" + rule + "': all rules must be less than " +
                         std::to_string(kMaxRuleLength) + " characters in length");
    }
    if (seen.count(rule))
      invalid->push_back("'" + rule + "': rule is a duplicate; rules must be unique");
    if (!rule.empty() && rule.back() == '*') {
      std::string_view prefix(rule.data(), rule.size() - 1);
      for (const std::string& other : rules) {
        if (other != rule && other.starts_with(prefix)) {
          std::string message = "'";
          message.append(other).append("': rule '").append(rule).append("' makes it redundant");
          invalid->push_back(std::move(message));
        }
      }
    }
    seen.insert(rule);
  }
}

}  // namespace

Result<StaticRouting> StaticRouting::Parse(const std::vector<std::string>& input) {
  if (input.empty()) {
    return Fail("No `run_worker_first` rules were provided; must provide at least 1 rule.");
  }
  if (input.size() > kMaxRules) return Fail(TooManyRules(input));

  StaticRouting routing;
  std::vector<std::string> raw_negatives, invalid;
  for (const std::string& rule : input) {
    if (rule.starts_with("!/")) {
      routing.assets_.push_back(rule.substr(1));
      raw_negatives.push_back(rule);
    } else if (rule.starts_with("/")) {
      routing.worker_.push_back(rule);
    } else if (rule.starts_with("!")) {
      invalid.push_back("'" + rule + "': negative rules must start with '!/'");
    } else {
      invalid.push_back("'" + rule + "': rules must start with '/' or '!/'");
    }
  }
  if (!routing.assets_.empty() && routing.worker_.empty()) {
    return Fail(
        "Only negative `run_worker_first` rules were provided; must provide at least 1 "
        "non-negative rule");
  }
  ValidatePolarity(routing.worker_, &invalid);
  ValidatePolarity(raw_negatives, &invalid);
  if (!invalid.empty()) {
    std::string message = "Invalid routes in `run_worker_first`:";
    for (const std::string& line : invalid) message += "\n" + line;
    return Fail(std::move(message));
  }
  return routing;
}

// `*` is `.*`, everything else literal, anchored: the classic wildcard match, where on a
// mismatch only the most recent `*` needs to take one more character (linear in practice).
bool StaticRouting::GlobMatches(std::string_view glob, std::string_view path) {
  size_t g = 0, p = 0;
  size_t star = std::string_view::npos, star_p = 0;
  while (p < path.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_p = p;
    } else if (g < glob.size() && glob[g] == path[p]) {
      ++g;
      ++p;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      p = ++star_p;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

StaticRouting::Decision StaticRouting::Match(std::string_view raw_pathname) const {
  for (const std::string& rule : assets_) {
    if (GlobMatches(rule, raw_pathname)) return Decision::kAssets;
  }
  for (const std::string& rule : worker_) {
    if (GlobMatches(rule, raw_pathname)) return Decision::kWorker;
  }
  return Decision::kNoMatch;
}

}  // namespace edgerun::assets
