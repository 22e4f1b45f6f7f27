// The WHATWG URL Standard (https://url.spec.whatwg.org/): the basic URL parser, the URL
// serializer, host parsing (domains through UTS #46, IPv4, IPv6, opaque hosts) and the setters
// of the URL API.
//
// For: the JS `URL` / `URLSearchParams` classes (bindings/url.cc) and request-target
// normalisation before static-asset lookup. Plain C++, no V8. Not for: legacy encodings of the
// query (the parser always uses UTF-8, as the URL API does), blob URL entries.
//
// Strings in and out are UTF-8. A `Url` owns its components, stored already serialised
// (percent-encoded, host in its serialised form), so getters are cheap and `href()` is one
// concatenation. A `Url` is a plain value: copy it, compare it, keep it; it borrows nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/form_urlencoded.h"
#include "runtime/base/percent_encode.h"

namespace edgerun::url {

// https://url.spec.whatwg.org/#special-scheme
enum class SchemeType : uint8_t { kNotSpecial, kHttp, kHttps, kWs, kWss, kFtp, kFile };

// Where each component sits in a serialised URL (see Url::SerializeInto), so a binding can hand
// out the href once and let the getters slice it. For a URL without a host, the username and
// host positions all equal path_start (after a "/." path prefix, when there is one).
struct UrlOffsets {
  uint32_t protocol_end = 0;    // just after "scheme:"
  uint32_t username_start = 0;  // after "//"
  uint32_t username_end = 0;    // ":" of the password or "@" when there are credentials
  uint32_t host_start = 0;      // the hostname (after "@" when there are credentials)
  uint32_t host_end = 0;        // ":" before the port, or path_start
  uint32_t path_start = 0;
  uint32_t search_start = 0;  // "?" of the query, or hash_start when there is no query
  uint32_t hash_start = 0;    // "#" of the fragment, or the end of the href
};

// https://url.spec.whatwg.org/#concept-url
class Url {
 public:
  Url() = default;

  // The URL API getters (https://url.spec.whatwg.org/#urlutils-members). Those that return a
  // view point into this Url and are valid until it changes.
  std::string href() const { return Serialize(false); }
  std::string origin() const;
  std::string protocol() const;
  std::string_view username() const { return username_; }
  std::string_view password() const { return password_; }
  std::string host() const;
  std::string_view hostname() const {
    return host_ ? std::string_view(*host_) : std::string_view();
  }
  std::string port() const;
  std::string_view pathname() const { return path_; }
  std::string search() const;
  std::string hash() const;

  // The URL API setters. SetHref returns false (the URL is unchanged) where the JS setter
  // throws a TypeError; the others never fail, they leave the URL as the spec says (often
  // unchanged) when the value does not parse.
  bool SetHref(std::string_view value);
  void SetProtocol(std::string_view value);
  void SetUsername(std::string_view value);
  void SetPassword(std::string_view value);
  void SetHost(std::string_view value);
  void SetHostname(std::string_view value);
  void SetPort(std::string_view value);
  void SetPathname(std::string_view value);
  void SetSearch(std::string_view value);
  void SetHash(std::string_view value);

  // https://url.spec.whatwg.org/#concept-url-serializer
  std::string Serialize(bool exclude_fragment) const;
  // The href written into `out` (replacing its contents, reusing its capacity) with where each
  // component landed. The href of a URL is always ASCII.
  void SerializeInto(std::string* out, UrlOffsets* offsets) const;

  // The components as the spec's URL record holds them.
  std::string_view scheme() const { return scheme_; }
  SchemeType scheme_type() const { return type_; }
  bool is_special() const { return type_ != SchemeType::kNotSpecial; }
  bool has_host() const { return host_.has_value(); }
  std::optional<uint16_t> port_number() const { return port_; }
  bool has_opaque_path() const { return opaque_path_; }
  // The serialised query without "?", or nullopt for a null query (distinct from empty).
  std::optional<std::string_view> query() const {
    return query_ ? std::optional<std::string_view>(*query_) : std::nullopt;
  }
  std::optional<std::string_view> fragment() const {
    return fragment_ ? std::optional<std::string_view>(*fragment_) : std::nullopt;
  }
  // https://url.spec.whatwg.org/#include-credentials
  bool HasCredentials() const { return !username_.empty() || !password_.empty(); }
  // https://url.spec.whatwg.org/#cannot-have-a-username-password-port
  bool CannotHaveUsernamePasswordPort() const {
    return !host_ || host_->empty() || type_ == SchemeType::kFile;
  }

  // URLSearchParams' update steps (https://url.spec.whatwg.org/#concept-urlsearchparams-update):
  // `serialized` is already application/x-www-form-urlencoded; empty becomes a null query.
  void SetSerializedQuery(std::string_view serialized);

  bool operator==(const Url&) const = default;

 private:
  friend class Parser;
  void SetScheme(std::string_view scheme);

  std::string scheme_;
  std::string username_;
  std::string password_;
  std::optional<std::string> host_;  // serialised: domain, IPv4, "[IPv6]", opaque, or empty
  std::optional<uint16_t> port_;
  // Serialised path: "/seg1/seg2" for a list of segments ("" for the empty list), or the
  // opaque path itself when opaque_path_ is set.
  std::string path_;
  std::optional<std::string> query_;
  std::optional<std::string> fragment_;
  SchemeType type_ = SchemeType::kNotSpecial;
  bool opaque_path_ = false;
};

// https://url.spec.whatwg.org/#concept-url-parser (the URL constructor's parse). Returns
// nullopt on failure.
std::optional<Url> Parse(std::string_view input, const Url* base = nullptr);

// The URL constructor's two-string form: parses `base`, then `input` against it.
std::optional<Url> Parse(std::string_view input, std::string_view base);

// https://url.spec.whatwg.org/#concept-domain-to-ascii — includes the forbidden domain code
// point check and the empty-result check when not strict.
std::optional<std::string> DomainToAscii(std::string_view domain, bool be_strict = false);

// https://url.spec.whatwg.org/#concept-host-parser — returns the serialised host.
std::optional<std::string> ParseHost(std::string_view input, bool is_opaque);

// https://url.spec.whatwg.org/#concept-ipv4-parser and #concept-ipv6-parser.
std::optional<uint32_t> ParseIpv4(std::string_view input);
std::optional<std::array<uint16_t, 8>> ParseIpv6(std::string_view input);
// https://url.spec.whatwg.org/#concept-ipv4-serializer, #concept-ipv6-serializer (no brackets).
std::string SerializeIpv4(uint32_t address);
std::string SerializeIpv6(const std::array<uint16_t, 8>& address);

// https://url.spec.whatwg.org/#default-port — nullopt for none (non-special schemes, file).
std::optional<uint16_t> DefaultPort(SchemeType type);
SchemeType SchemeTypeOf(std::string_view scheme);

}  // namespace edgerun::url
