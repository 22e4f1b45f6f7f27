// The basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser), the URL
// serializer and the URL API's getters and setters. The state machine below follows the
// spec's states one for one; each case names its section.
#include "runtime/base/url.h"

#include <charconv>

#include "runtime/base/ascii.h"

namespace edgerun::url {
namespace {

constexpr int kEof = -1;

constexpr bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlphanumeric(int c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
constexpr char ToLower(int c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }
constexpr bool IsC0ControlOrSpace(char c) { return static_cast<unsigned char>(c) <= 0x20; }
constexpr bool IsTabOrNewline(char c) { return c == '\t' || c == '\n' || c == '\r'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != lower[i]) return false;
  }
  return true;
}

// https://url.spec.whatwg.org/#single-dot-path-segment
bool IsSingleDot(std::string_view s) { return s == "." || EqualsIgnoreCase(s, "%2e"); }

// https://url.spec.whatwg.org/#double-dot-path-segment
bool IsDoubleDot(std::string_view s) {
  return s == ".." || EqualsIgnoreCase(s, ".%2e") || EqualsIgnoreCase(s, "%2e.") ||
         EqualsIgnoreCase(s, "%2e%2e");
}

// https://url.spec.whatwg.org/#windows-drive-letter
bool IsWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && s[1] == ':';
}

// https://url.spec.whatwg.org/#start-with-a-windows-drive-letter
bool StartsWithWindowsDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsWindowsDriveLetter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  const char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

// The first segment of a serialised (non-opaque) path, without its leading "/".
std::string_view FirstSegment(std::string_view path) {
  if (path.empty()) return {};
  const size_t end = path.find('/', 1);
  return path.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
}

}  // namespace

SchemeType SchemeTypeOf(std::string_view scheme) {
  switch (scheme.size()) {
    case 2:
      if (scheme == "ws") return SchemeType::kWs;
      break;
    case 3:
      if (scheme == "wss") return SchemeType::kWss;
      if (scheme == "ftp") return SchemeType::kFtp;
      break;
    case 4:
      if (scheme == "http") return SchemeType::kHttp;
      if (scheme == "file") return SchemeType::kFile;
      break;
    case 5:
      if (scheme == "https") return SchemeType::kHttps;
      break;
  }
  return SchemeType::kNotSpecial;
}

std::optional<uint16_t> DefaultPort(SchemeType type) {
  switch (type) {
    case SchemeType::kHttp:
    case SchemeType::kWs:
      return 80;
    case SchemeType::kHttps:
    case SchemeType::kWss:
      return 443;
    case SchemeType::kFtp:
      return 21;
    default:
      return std::nullopt;
  }
}

// The basic URL parser. One Parser runs one parse; it writes into `url` as the spec does, so
// a setter's partial progress before a failure stays, as the spec requires.
class Parser {
 public:
  enum class State : uint8_t {
    kNone,
    kSchemeStart,
    kScheme,
    kNoScheme,
    kSpecialRelativeOrAuthority,
    kPathOrAuthority,
    kRelative,
    kRelativeSlash,
    kSpecialAuthoritySlashes,
    kSpecialAuthorityIgnoreSlashes,
    kAuthority,
    kHost,
    kHostname,
    kPort,
    kFile,
    kFileSlash,
    kFileHost,
    kPathStart,
    kPath,
    kOpaquePath,
    kQuery,
    kFragment,
  };

  // Returns false for "return failure"; true for success or a plain "return".
  static bool Run(std::string_view input, const Url* base, Url& url, State state_override);

 private:
  // https://url.spec.whatwg.org/#shorten-a-urls-path
  static void ShortenPath(Url& url) {
    std::string& path = url.path_;
    if (url.type_ == SchemeType::kFile && path.size() == 3 && path[0] == '/' &&
        IsNormalizedWindowsDriveLetter(std::string_view(path).substr(1))) {
      return;
    }
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos) path.resize(slash);
  }
};

bool Parser::Run(std::string_view raw_input, const Url* base, Url& url, State state_override) {
  // Steps 1-2: strip leading/trailing C0 control or space (only for a fresh URL), then remove
  // all ASCII tab or newline. The common input has neither and is not copied.
  std::string_view input = raw_input;
  if (state_override == State::kNone) {
    while (!input.empty() && IsC0ControlOrSpace(input.front())) input.remove_prefix(1);
    while (!input.empty() && IsC0ControlOrSpace(input.back())) input.remove_suffix(1);
  }
  std::string cleaned;
  bool has_tab_or_newline = false;
  for (char c : input) has_tab_or_newline |= IsTabOrNewline(c);
  if (has_tab_or_newline) {
    cleaned.reserve(input.size());
    for (char c : input) {
      if (!IsTabOrNewline(c)) cleaned.push_back(c);
    }
    input = cleaned;
  }

  State state = state_override == State::kNone ? State::kSchemeStart : state_override;
  std::string buffer;
  bool at_sign_seen = false;
  bool inside_brackets = false;
  bool password_token_seen = false;
  const auto size = static_cast<ptrdiff_t>(input.size());
  ptrdiff_t pointer = 0;
  const bool has_override = state_override != State::kNone;

  // "remaining starts with": the code points after pointer.
  auto remaining_starts_with = [&](char ch) {
    return pointer + 1 < size && input[static_cast<size_t>(pointer + 1)] == ch;
  };

  for (;; ++pointer) {
    const int c =
        pointer < size ? static_cast<unsigned char>(input[static_cast<size_t>(pointer)]) : kEof;
    switch (state) {
      case State::kNone:
        return false;

      // https://url.spec.whatwg.org/#scheme-start-state
      case State::kSchemeStart:
        if (IsAsciiAlpha(c)) {
          buffer.push_back(ToLower(c));
          state = State::kScheme;
        } else if (!has_override) {
          state = State::kNoScheme;
          --pointer;
        } else {
          return false;
        }
        break;

      // https://url.spec.whatwg.org/#scheme-state
      case State::kScheme:
        if (IsAsciiAlphanumeric(c) || c == '+' || c == '-' || c == '.') {
          buffer.push_back(ToLower(c));
          while (pointer + 1 < size) {
            const char d = input[static_cast<size_t>(pointer + 1)];
            if (!IsAsciiAlphanumeric(d) && d != '+' && d != '-' && d != '.') break;
            buffer.push_back(ToLower(d));
            ++pointer;
          }
        } else if (c == ':') {
          if (has_override) {
            const SchemeType buffer_type = SchemeTypeOf(buffer);
            if (url.is_special() != (buffer_type != SchemeType::kNotSpecial)) return true;
            if ((url.HasCredentials() || url.port_) && buffer_type == SchemeType::kFile) {
              return true;
            }
            if (url.type_ == SchemeType::kFile && url.host_ && url.host_->empty()) return true;
          }
          url.SetScheme(buffer);
          if (has_override) {
            if (url.port_ && url.port_ == DefaultPort(url.type_)) url.port_.reset();
            return true;
          }
          buffer.clear();
          if (url.type_ == SchemeType::kFile) {
            state = State::kFile;
          } else if (url.is_special() && base != nullptr && base->type_ == url.type_) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (url.is_special()) {
            state = State::kSpecialAuthoritySlashes;
          } else if (remaining_starts_with('/')) {
            state = State::kPathOrAuthority;
            ++pointer;
          } else {
            url.opaque_path_ = true;
            url.path_.clear();
            state = State::kOpaquePath;
          }
        } else if (!has_override) {
          buffer.clear();
          state = State::kNoScheme;
          pointer = -1;  // start over from the first code point
        } else {
          return false;
        }
        break;

      // https://url.spec.whatwg.org/#no-scheme-state
      case State::kNoScheme:
        if (base == nullptr || (base->opaque_path_ && c != '#')) return false;
        if (base->opaque_path_ && c == '#') {
          url.SetScheme(base->scheme_);
          url.path_ = base->path_;
          url.opaque_path_ = true;
          url.query_ = base->query_;
          url.fragment_.emplace();
          state = State::kFragment;
        } else if (base->type_ != SchemeType::kFile) {
          state = State::kRelative;
          --pointer;
        } else {
          state = State::kFile;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-relative-or-authority-state
      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && remaining_starts_with('/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++pointer;
        } else {
          state = State::kRelative;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#path-or-authority-state
      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#relative-state
      case State::kRelative:
        url.SetScheme(base->scheme_);
        if (c == '/' || (url.is_special() && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username_ = base->username_;
          url.password_ = base->password_;
          url.host_ = base->host_;
          url.port_ = base->port_;
          url.path_ = base->path_;
          url.query_ = base->query_;
          if (c == '?') {
            url.query_.emplace();
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment_.emplace();
            state = State::kFragment;
          } else if (c != kEof) {
            url.query_.reset();
            ShortenPath(url);
            state = State::kPath;
            --pointer;
          }
        }
        break;

      // https://url.spec.whatwg.org/#relative-slash-state
      case State::kRelativeSlash:
        if (url.is_special() && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username_ = base->username_;
          url.password_ = base->password_;
          url.host_ = base->host_;
          url.port_ = base->port_;
          state = State::kPath;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-authority-slashes-state
      case State::kSpecialAuthoritySlashes:
        if (c == '/' && remaining_starts_with('/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++pointer;
        } else {
          state = State::kSpecialAuthorityIgnoreSlashes;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#special-authority-ignore-slashes-state
      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#authority-state
      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          // Split at the first ':' not yet seen; each side is userinfo-percent-encoded.
          size_t start = 0;
          if (!password_token_seen) {
            const size_t colon = buffer.find(':');
            AppendPercentEncoded(url.username_, std::string_view(buffer).substr(0, colon),
                                 EncodeSet::kUserinfo);
            if (colon != std::string::npos) {
              password_token_seen = true;
              start = colon + 1;
            } else {
              start = buffer.size();
            }
          }
          AppendPercentEncoded(url.password_, std::string_view(buffer).substr(start),
                               EncodeSet::kUserinfo);
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.is_special() && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return false;
          pointer -= static_cast<ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          // Take the run up to the next code point that matters here.
          size_t end = static_cast<size_t>(pointer) + 1;
          for (; end < input.size(); ++end) {
            const char d = input[end];
            if (d == '@' || d == '/' || d == '?' || d == '#' || (d == '\\' && url.is_special())) {
              break;
            }
          }
          buffer.append(
              input.substr(static_cast<size_t>(pointer), end - static_cast<size_t>(pointer)));
          pointer = static_cast<ptrdiff_t>(end) - 1;
        }
        break;

      // https://url.spec.whatwg.org/#host-state
      case State::kHost:
      case State::kHostname:
        if (has_override && url.type_ == SchemeType::kFile) {
          --pointer;
          state = State::kFileHost;
        } else if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return false;
          if (state_override == State::kHostname) return false;
          std::optional<std::string> host = ParseHost(buffer, !url.is_special());
          if (!host) return false;
          url.host_ = std::move(*host);
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.is_special() && c == '\\')) {
          --pointer;
          if (url.is_special() && buffer.empty()) return false;
          if (has_override && buffer.empty() && (url.HasCredentials() || url.port_)) {
            return true;
          }
          std::optional<std::string> host = ParseHost(buffer, !url.is_special());
          if (!host) return false;
          url.host_ = std::move(*host);
          buffer.clear();
          state = State::kPathStart;
          if (has_override) return true;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          // Take the run up to the next code point that matters here.
          size_t end = static_cast<size_t>(pointer) + 1;
          for (; end < input.size(); ++end) {
            const char d = input[end];
            if (d == ':' || d == '/' || d == '?' || d == '#' || d == '[' || d == ']' ||
                (d == '\\' && url.is_special())) {
              break;
            }
          }
          buffer.append(
              input.substr(static_cast<size_t>(pointer), end - static_cast<size_t>(pointer)));
          pointer = static_cast<ptrdiff_t>(end) - 1;
        }
        break;

      // https://url.spec.whatwg.org/#port-state
      case State::kPort:
        if (IsAsciiDigit(c)) {
          buffer.push_back(static_cast<char>(c));
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.is_special() && c == '\\') || has_override) {
          if (!buffer.empty()) {
            uint32_t port = 0;
            for (char d : buffer) {
              port = port * 10 + static_cast<uint32_t>(d - '0');
              if (port > 65535) return false;
            }
            if (DefaultPort(url.type_) == port) {
              url.port_.reset();
            } else {
              url.port_ = static_cast<uint16_t>(port);
            }
            buffer.clear();
            if (has_override) return true;
          }
          if (has_override) return false;
          state = State::kPathStart;
          --pointer;
        } else {
          return false;
        }
        break;

      // https://url.spec.whatwg.org/#file-state
      case State::kFile:
        url.SetScheme("file");
        url.host_.emplace();
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base != nullptr && base->type_ == SchemeType::kFile) {
          url.host_ = base->host_;
          url.path_ = base->path_;
          url.query_ = base->query_;
          if (c == '?') {
            url.query_.emplace();
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment_.emplace();
            state = State::kFragment;
          } else if (c != kEof) {
            url.query_.reset();
            if (!StartsWithWindowsDriveLetter(input.substr(static_cast<size_t>(pointer)))) {
              ShortenPath(url);
            } else {
              url.path_.clear();
            }
            state = State::kPath;
            --pointer;
          }
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#file-slash-state
      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base != nullptr && base->type_ == SchemeType::kFile) {
            url.host_ = base->host_;
            const std::string_view first = FirstSegment(base->path_);
            if (!StartsWithWindowsDriveLetter(input.substr(static_cast<size_t>(pointer))) &&
                IsNormalizedWindowsDriveLetter(first)) {
              url.path_.push_back('/');
              url.path_.append(first);
            }
          }
          state = State::kPath;
          --pointer;
        }
        break;

      // https://url.spec.whatwg.org/#file-host-state
      case State::kFileHost:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --pointer;
          if (!has_override && IsWindowsDriveLetter(buffer)) {
            // The Windows drive letter quirk: buffer is kept and becomes the first segment.
            state = State::kPath;
          } else if (buffer.empty()) {
            url.host_.emplace();
            if (has_override) return true;
            state = State::kPathStart;
          } else {
            std::optional<std::string> host = ParseHost(buffer, !url.is_special());
            if (!host) return false;
            if (*host == "localhost") host->clear();
            url.host_ = std::move(*host);
            if (has_override) return true;
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      // https://url.spec.whatwg.org/#path-start-state
      case State::kPathStart:
        if (url.is_special()) {
          state = State::kPath;
          if (c != '/' && c != '\\') --pointer;
        } else if (!has_override && c == '?') {
          url.query_.emplace();
          state = State::kQuery;
        } else if (!has_override && c == '#') {
          url.fragment_.emplace();
          state = State::kFragment;
        } else if (c != kEof) {
          state = State::kPath;
          if (c != '/') --pointer;
        } else if (has_override && !url.host_) {
          url.path_.push_back('/');
        }
        break;

      // https://url.spec.whatwg.org/#path-state
      case State::kPath: {
        const bool slash = c == '/' || (url.is_special() && c == '\\');
        if (c == kEof || slash || (!has_override && (c == '?' || c == '#'))) {
          if (IsDoubleDot(buffer)) {
            ShortenPath(url);
            if (!slash) url.path_.push_back('/');
          } else if (IsSingleDot(buffer) && !slash) {
            url.path_.push_back('/');
          } else if (!IsSingleDot(buffer)) {
            if (url.type_ == SchemeType::kFile && url.path_.empty() &&
                IsWindowsDriveLetter(buffer)) {
              buffer[1] = ':';
            }
            url.path_.push_back('/');
            url.path_.append(buffer);
          }
          buffer.clear();
          if (c == '?') {
            url.query_.emplace();
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment_.emplace();
            state = State::kFragment;
          }
        } else {
          // Every code point up to the next delimiter lands here: encode the run at once.
          size_t end = static_cast<size_t>(pointer) + 1;
          for (; end < input.size(); ++end) {
            const char d = input[end];
            if (d == '/' || (d == '\\' && url.is_special()) ||
                (!has_override && (d == '?' || d == '#'))) {
              break;
            }
          }
          AppendPercentEncoded(
              buffer,
              input.substr(static_cast<size_t>(pointer), end - static_cast<size_t>(pointer)),
              EncodeSet::kPath);
          pointer = static_cast<ptrdiff_t>(end) - 1;
        }
        break;
      }

      // https://url.spec.whatwg.org/#cannot-be-a-base-url-path-state
      case State::kOpaquePath:
        if (c == '?') {
          url.query_.emplace();
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment_.emplace();
          state = State::kFragment;
        } else if (c == ' ') {
          // A space right before "?" or "#" is encoded so that removing the query or fragment
          // cannot leave a trailing space on the opaque path.
          const bool before_delimiter = remaining_starts_with('?') || remaining_starts_with('#');
          url.path_.append(before_delimiter ? "%20" : " ");
        } else if (c != kEof) {
          const char ch = static_cast<char>(c);
          AppendPercentEncoded(url.path_, std::string_view(&ch, 1), EncodeSet::kC0Control);
        }
        break;

      // https://url.spec.whatwg.org/#query-state
      // The spec collects code points into buffer and percent-encodes it at "#" or the end;
      // encoding the whole run at once gives the same bytes without the copy.
      case State::kQuery:
        if (c == '#' && !has_override) {
          url.fragment_.emplace();
          state = State::kFragment;
        } else if (c != kEof) {
          const size_t from = static_cast<size_t>(pointer);
          size_t end = has_override ? input.size() : input.find('#', from);
          if (end == std::string_view::npos) end = input.size();
          AppendPercentEncoded(*url.query_, input.substr(from, end - from),
                               url.is_special() ? EncodeSet::kSpecialQuery : EncodeSet::kQuery);
          pointer = static_cast<ptrdiff_t>(end) - 1;
        }
        break;

      // https://url.spec.whatwg.org/#fragment-state
      // As in the query state, the rest of the input is encoded in one step.
      case State::kFragment:
        if (c != kEof) {
          AppendPercentEncoded(*url.fragment_, input.substr(static_cast<size_t>(pointer)),
                               EncodeSet::kFragment);
          pointer = size - 1;
        }
        break;
    }
    if (pointer >= size) break;
  }
  return true;
}

void Url::SetScheme(std::string_view scheme) {
  scheme_.assign(scheme);
  type_ = SchemeTypeOf(scheme_);
}

std::optional<Url> Parse(std::string_view input, const Url* base) {
  Url url;
  if (!Parser::Run(input, base, url, Parser::State::kNone)) return std::nullopt;
  return url;
}

std::optional<Url> Parse(std::string_view input, std::string_view base) {
  const std::optional<Url> parsed_base = Parse(base);
  if (!parsed_base) return std::nullopt;
  return Parse(input, &*parsed_base);
}

void Url::SerializeInto(std::string* out, UrlOffsets* offsets) const {
  std::string& output = *out;
  output.clear();
  output.reserve(scheme_.size() + 3 + username_.size() + password_.size() +
                 (host_ ? host_->size() : 0) + 6 + path_.size() +
                 (query_ ? query_->size() + 1 : 0) + (fragment_ ? fragment_->size() + 1 : 0) + 2);
  auto at = [&output] { return static_cast<uint32_t>(output.size()); };
  output.append(scheme_);
  output.push_back(':');
  offsets->protocol_end = at();
  if (host_) {
    output.append("//");
    offsets->username_start = at();
    if (HasCredentials()) {
      output.append(username_);
      offsets->username_end = at();
      if (!password_.empty()) {
        output.push_back(':');
        output.append(password_);
      }
      output.push_back('@');
    } else {
      offsets->username_end = at();
    }
    offsets->host_start = at();
    output.append(*host_);
    offsets->host_end = at();
    if (port_) {
      output.push_back(':');
      AppendDecimal(&output, *port_);
    }
  } else {
    if (!opaque_path_ && path_.size() > 1 && path_[0] == '/' && path_[1] == '/') {
      // A path starting with an empty segment would otherwise read back as a host.
      output.append("/.");
    }
    offsets->username_start = offsets->username_end = at();
    offsets->host_start = offsets->host_end = at();
  }
  offsets->path_start = at();
  output.append(path_);
  offsets->search_start = at();
  if (query_) {
    output.push_back('?');
    output.append(*query_);
  }
  offsets->hash_start = at();
  if (fragment_) {
    output.push_back('#');
    output.append(*fragment_);
  }
}

std::string Url::Serialize(bool exclude_fragment) const {
  std::string output;
  UrlOffsets offsets;
  SerializeInto(&output, &offsets);
  if (exclude_fragment) output.resize(offsets.hash_start);
  return output;
}

// https://url.spec.whatwg.org/#concept-url-origin, serialised
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
std::string Url::origin() const {
  switch (type_) {
    case SchemeType::kHttp:
    case SchemeType::kHttps:
    case SchemeType::kWs:
    case SchemeType::kWss:
    case SchemeType::kFtp: {
      std::string output = scheme_;
      output.append("://");
      output.append(*host_);
      if (port_) {
        output.push_back(':');
        output.append(std::to_string(*port_));
      }
      return output;
    }
    case SchemeType::kFile:
      return "null";
    case SchemeType::kNotSpecial:
      if (scheme_ == "blob") {
        const std::optional<Url> path_url = Parse(path_);
        if (path_url &&
            (path_url->type_ == SchemeType::kHttp || path_url->type_ == SchemeType::kHttps)) {
          return path_url->origin();
        }
      }
      return "null";
  }
  return "null";
}

std::string Url::protocol() const {
  std::string output = scheme_;
  output.push_back(':');
  return output;
}

std::string Url::host() const {
  if (!host_) return {};
  std::string output = *host_;
  if (port_) {
    output.push_back(':');
    output.append(std::to_string(*port_));
  }
  return output;
}

std::string Url::port() const { return port_ ? std::to_string(*port_) : std::string(); }

std::string Url::search() const {
  if (!query_ || query_->empty()) return {};
  std::string output = "?";
  output.append(*query_);
  return output;
}

std::string Url::hash() const {
  if (!fragment_ || fragment_->empty()) return {};
  std::string output = "#";
  output.append(*fragment_);
  return output;
}

// The setters: https://url.spec.whatwg.org/#urlutils-members

bool Url::SetHref(std::string_view value) {
  std::optional<Url> parsed = Parse(value);
  if (!parsed) return false;
  *this = std::move(*parsed);
  return true;
}

void Url::SetProtocol(std::string_view value) {
  std::string input(value);
  input.push_back(':');
  Parser::Run(input, nullptr, *this, Parser::State::kSchemeStart);
}

void Url::SetUsername(std::string_view value) {
  if (CannotHaveUsernamePasswordPort()) return;
  username_.clear();
  AppendPercentEncoded(username_, value, EncodeSet::kUserinfo);
}

void Url::SetPassword(std::string_view value) {
  if (CannotHaveUsernamePasswordPort()) return;
  password_.clear();
  AppendPercentEncoded(password_, value, EncodeSet::kUserinfo);
}

void Url::SetHost(std::string_view value) {
  if (opaque_path_) return;
  Parser::Run(value, nullptr, *this, Parser::State::kHost);
}

void Url::SetHostname(std::string_view value) {
  if (opaque_path_) return;
  Parser::Run(value, nullptr, *this, Parser::State::kHostname);
}

void Url::SetPort(std::string_view value) {
  if (CannotHaveUsernamePasswordPort()) return;
  if (value.empty()) {
    port_.reset();
    return;
  }
  Parser::Run(value, nullptr, *this, Parser::State::kPort);
}

void Url::SetPathname(std::string_view value) {
  if (opaque_path_) return;
  path_.clear();
  Parser::Run(value, nullptr, *this, Parser::State::kPathStart);
}

void Url::SetSearch(std::string_view value) {
  if (value.empty()) {
    query_.reset();
    return;
  }
  if (value.front() == '?') value.remove_prefix(1);
  query_.emplace();
  Parser::Run(value, nullptr, *this, Parser::State::kQuery);
}

void Url::SetHash(std::string_view value) {
  if (value.empty()) {
    fragment_.reset();
    return;
  }
  if (value.front() == '#') value.remove_prefix(1);
  fragment_.emplace();
  Parser::Run(value, nullptr, *this, Parser::State::kFragment);
}

void Url::SetSerializedQuery(std::string_view serialized) {
  if (serialized.empty()) {
    query_.reset();
  } else {
    query_.emplace(serialized);
  }
}

}  // namespace edgerun::url
