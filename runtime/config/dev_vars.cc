#include "runtime/config/dev_vars.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgerun::config {
namespace {

namespace fs = std::filesystem;

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// True when `rest` holds nothing but blanks and an optional `#` comment.
bool OnlyComment(std::string_view rest) {
  rest = Trim(rest);
  return rest.empty() || rest.front() == '#';
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

std::vector<DotenvEntry> ParseDotenv(std::string_view text, const std::string& path,
                                     std::vector<Error>* warnings) {
  std::vector<DotenvEntry> entries;
  auto warn = [&](int line, std::string message) {
    if (warnings) warnings->push_back(Error{std::move(message), path, line, 0});
  };
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    ++line_no;
    const int start_line = line_no;
    size_t next = eol + 1;

    std::string_view rest = Trim(line);
    if (rest.empty() || rest.front() == '#') {
      pos = next;
      continue;
    }
    if (rest.substr(0, 7) == "export " || rest.substr(0, 7) == "export\t") {
      rest = Trim(rest.substr(7));
    }
    size_t k = 0;
    while (k < rest.size() && IsKeyChar(rest[k])) ++k;
    std::string key(rest.substr(0, k));
    rest = rest.substr(k);
    std::string_view after_key = Trim(rest);
    bool has_separator = false;
    if (!after_key.empty() && after_key.front() == '=') {
      has_separator = true;
      rest = after_key.substr(1);
    } else if (!after_key.empty() && after_key.front() == ':' && rest.front() == ':' &&
               (after_key.size() == 1 || IsBlank(after_key[1]))) {
      has_separator = true;  // YAML style "KEY: value", which dotenv also takes
      rest = after_key.substr(1);
    }
    if (key.empty() || !has_separator) {
      warn(start_line, "ignoring malformed line (expected KEY=value): " + std::string(Trim(line)));
      pos = next;
      continue;
    }
    rest = Trim(rest);
    std::string value;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'' || rest.front() == '`')) {
      const char quote = rest.front();
      // The closing quote may be on a later line: search the text from here on.
      size_t open = static_cast<size_t>(rest.data() - text.data());
      size_t close = open + 1;
      for (; close < text.size() && text[close] != quote; ++close) {
        if (text[close] == '\\' && close + 1 < text.size()) ++close;
      }
      if (close >= text.size()) {
        warn(start_line,
             "ignoring " + key + ": the quoted value has no closing " + std::string(1, quote));
        pos = next;
        continue;
      }
      value = std::string(text.substr(open + 1, close - open - 1));
      for (size_t i = open; i < close; ++i) {
        if (text[i] == '\n') ++line_no;
      }
      size_t close_eol = text.find('\n', close);
      if (close_eol == std::string_view::npos) close_eol = text.size();
      if (!OnlyComment(text.substr(close + 1, close_eol - close - 1))) {
        warn(start_line, "ignoring " + key + ": unexpected text after the closing quote");
        pos = close_eol + 1;
        continue;
      }
      next = close_eol + 1;
      if (quote == '"') {
        ReplaceAll(value, "\\n", "\n");
        ReplaceAll(value, "\\r", "\r");
      }
      ReplaceAll(value, "\r\n", "\n");
    } else {
      size_t hash = rest.find('#');
      value = std::string(Trim(rest.substr(0, hash)));
    }
    entries.push_back(DotenvEntry{std::move(key), std::move(value), start_line});
    pos = next;
  }
  return entries;
}

std::vector<std::string> DevVarsFiles(const std::string& dir,
                                      const std::optional<std::string>& env_name) {
  const fs::path base(dir);
  if (env_name && IsRegularFile(base / (".dev.vars." + *env_name))) {
    return {(base / (".dev.vars." + *env_name)).string()};
  }
  if (IsRegularFile(base / ".dev.vars")) return {(base / ".dev.vars").string()};

  const char* from_dot_env = std::getenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV");
  if (from_dot_env && std::string_view(from_dot_env) == "false") return {};
  std::vector<std::string> names = {".env", ".env.local"};
  if (env_name) {
    names.push_back(".env." + *env_name);
    names.push_back(".env." + *env_name + ".local");
  }
  std::vector<std::string> files;
  for (const auto& name : names) {
    if (IsRegularFile(base / name)) files.push_back((base / name).string());
  }
  return files;
}

Result<std::vector<std::pair<std::string, std::string>>> LoadDevVars(
    const std::string& dir, const std::optional<std::string>& env_name,
    std::vector<Error>* warnings) {
  std::vector<std::pair<std::string, std::string>> merged;
  for (const std::string& file : DevVarsFiles(dir, env_name)) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"cannot read local secrets file", file, 0, 0};
    std::ostringstream text;
    text << in.rdbuf();
    for (auto& entry : ParseDotenv(text.str(), file, warnings)) {
      merged.emplace_back(std::move(entry.key), std::move(entry.value));
    }
  }
  return merged;
}

}  // namespace edgerun::config
