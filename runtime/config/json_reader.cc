#include "runtime/config/json_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace edgerun::config {

namespace od = simdjson::ondemand;

std::string StripJsonc(std::string_view text) {
  std::string out(text);
  const size_t n = out.size();
  // Pass 1: comments.
  for (size_t i = 0; i < n;) {
    char c = out[i];
    if (c == '"') {
      for (++i; i < n && out[i] != '"' && out[i] != '\n'; ++i) {
        if (out[i] == '\\') ++i;
      }
      if (i < n) ++i;
    } else if (c == '/' && i + 1 < n && out[i + 1] == '/') {
      for (; i < n && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < n && out[i + 1] == '*') {
      size_t end = out.find("*/", i + 2);
      if (end == std::string::npos) break;  // unterminated: let the parser point at it
      for (size_t j = i; j < end + 2; ++j) {
        if (out[j] != '\n') out[j] = ' ';
      }
      i = end + 2;
    } else {
      ++i;
    }
  }
  // Pass 2: a comma followed only by whitespace before `}` or `]`.
  for (size_t i = 0; i < n; ++i) {
    char c = out[i];
    if (c == '"') {
      for (++i; i < n && out[i] != '"' && out[i] != '\n'; ++i) {
        if (out[i] == '\\') ++i;
      }
    } else if (c == ',') {
      size_t j = i + 1;
      while (j < n && (out[j] == ' ' || out[j] == '\t' || out[j] == '\n' || out[j] == '\r')) ++j;
      if (j < n && (out[j] == '}' || out[j] == ']')) out[i] = ' ';
    }
  }
  return out;
}

TextPosition PositionOfOffset(std::string_view text, size_t offset) {
  TextPosition pos;
  if (offset > text.size()) offset = text.size();
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
      ++pos.column;
    }
  }
  return pos;
}

namespace {

// Builds the tree from simdjson's on-demand API, which hands out pointers into the padded
// buffer: their distance from its start is the byte offset in the (stripped) file.
class Walker {
 public:
  Walker(std::string_view text, const char* base) : text_(text), base_(base) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  simdjson::error_code Value(od::value value, ConfigNode& out, int depth) {
    std::string_view token = value.raw_json_token();
    Place(out, token.data());
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    switch (type) {
      case od::json_type::object: {
        out.kind = ConfigNode::Kind::kTable;
        od::object object;
        if (auto e = value.get_object().get(object)) return e;
        for (auto field_result : object) {
          od::field field;
          if (auto e = std::move(field_result).get(field)) return e;
          // key() must be read before unescaped_key(), which consumes it.
          TextPosition key_pos = At(field.key().raw() - 1);
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return e;
          ConfigNode child;
          child.key_line = key_pos.line;
          child.key_column = key_pos.column;
          std::string key_copy(key);
          if (auto e = Value(field.value(), child, depth + 1)) return e;
          out.fields.push_back(ConfigField{std::move(key_copy), std::move(child)});
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::array: {
        out.kind = ConfigNode::Kind::kArray;
        od::array array;
        if (auto e = value.get_array().get(array)) return e;
        for (auto item_result : array) {
          od::value item;
          if (auto e = item_result.get(item)) return e;
          ConfigNode child;
          if (auto e = Value(item, child, depth + 1)) return e;
          out.items.push_back(std::move(child));
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        out.kind = ConfigNode::Kind::kString;
        std::string_view s;
        if (auto e = value.get_string().get(s)) return e;
        out.text = std::string(s);
        return simdjson::SUCCESS;
      }
      case od::json_type::number:
        return Number(token, out);
      case od::json_type::boolean: {
        out.kind = ConfigNode::Kind::kBool;
        return value.get_bool().get(out.boolean);
      }
      case od::json_type::null: {
        out.kind = ConfigNode::Kind::kNull;
        bool is_null = false;
        if (auto e = value.is_null().get(is_null)) return e;
        return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
      }
    }
    return simdjson::TAPE_ERROR;
  }

  // Line by binary search over line starts, so a large file costs O(n log n), not O(n^2).
  TextPosition At(const char* p) const {
    size_t offset = std::min(static_cast<size_t>(p - base_), text_.size());
    size_t line =
        std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin();
    size_t start = line_starts_[line - 1];
    TextPosition pos = PositionOfOffset(text_.substr(start), offset - start);
    pos.line = static_cast<int>(line);
    return pos;
  }

 private:
  void Place(ConfigNode& out, const char* p) const {
    TextPosition pos = At(p);
    out.line = pos.line;
    out.column = pos.column;
  }

  static simdjson::error_code Number(std::string_view token, ConfigNode& out) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                              token.back() == '\r')) {
      token.remove_suffix(1);
    }
    out.text = std::string(token);
    const char* first = token.data();
    const char* last = first + token.size();
    auto [end, ec] = std::from_chars(first, last, out.integer);
    if (ec == std::errc() && end == last) {
      out.kind = ConfigNode::Kind::kInt;
      out.number = static_cast<double>(out.integer);
      return simdjson::SUCCESS;
    }
    out.kind = ConfigNode::Kind::kFloat;
    auto [dend, dec] = std::from_chars(first, last, out.number);
    if (dec != std::errc() || dend != last || !std::isfinite(out.number)) {
      return simdjson::NUMBER_ERROR;
    }
    return simdjson::SUCCESS;
  }

  std::string_view text_;
  const char* base_;
  std::vector<size_t> line_starts_;
};

size_t FirstNonSpace(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// Byte offset of the first byte that is not part of a well-formed UTF-8 sequence.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t j = 1; j < len; ++j) {
      if ((static_cast<unsigned char>(s[i + j]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return s.size();
}

}  // namespace

Result<ConfigNode> ReadJsonc(std::string_view text, const std::string& path_for_errors) {
  std::string stripped = StripJsonc(text);
  simdjson::padded_string padded(stripped);
  const char* base = padded.data();
  auto error_at = [&](size_t offset, std::string message) {
    TextPosition pos = PositionOfOffset(stripped, offset);
    return Error{std::move(message), path_for_errors, pos.line, pos.column};
  };

  if (FirstNonSpace(stripped) == stripped.size()) {
    return error_at(stripped.size(), "JSON syntax error: the file holds no JSON value");
  }

  // The DOM parser checks the whole document strictly; the on-demand walk below is lazy and
  // would accept some malformed input, so it runs only on text the DOM parser accepted, or to
  // find where a rejected document goes wrong.
  simdjson::dom::parser dom;
  simdjson::dom::element root_element;
  simdjson::error_code dom_error = dom.parse(padded).get(root_element);

  if (dom_error == simdjson::UTF8_ERROR) {
    return error_at(FirstInvalidUtf8(stripped), "JSON syntax error: invalid UTF-8");
  }

  od::parser parser;
  od::document doc;
  Walker walker(stripped, base);
  ConfigNode root;
  // A document that failed to iterate must not be touched again (simdjson would crash).
  const bool iterated = !parser.iterate(padded).get(doc);
  simdjson::error_code walk_error = iterated ? simdjson::SUCCESS : simdjson::TAPE_ERROR;
  if (!dom_error && !root_element.is_object()) {
    return error_at(FirstNonSpace(stripped), "the configuration should be a JSON object but got " +
                                                 std::string(simdjson::to_string(root_element)));
  }
  if (iterated) {
    od::value value;
    walk_error = doc.get_value().get(value);
    if (!walk_error) walk_error = walker.Value(value, root, 0);
  }
  if (dom_error || walk_error) {
    // Where the walk stopped: at the bad token, or (when the walk got through) at whatever
    // follows the root value.
    size_t offset = stripped.size();
    const char* location = nullptr;
    if (iterated && !doc.current_location().get(location)) {
      offset = static_cast<size_t>(location - base);
    }
    simdjson::error_code reported = dom_error ? dom_error : walk_error;
    return error_at(offset, std::string("JSON syntax error: ") + simdjson::error_message(reported));
  }
  root.line = 1;
  root.column = 1;
  return root;
}

}  // namespace edgerun::config
