// The WHATWG URL parser against the Web Platform Tests' URL data (read from shared/, never
// copied), plus the form-urlencoded parser and serializer.
#include "runtime/base/url.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "runtime/base/url_canonical.h"

namespace edgerun::url {
namespace {

const std::string kWptDir = EDGERUN_SHARED_DIR "/data/wpt-url/";

// The URL API getters by their IDL names, as the WPT files name them.
std::string Get(const Url& url, std::string_view attribute) {
  if (attribute == "href") return url.href();
  if (attribute == "origin") return url.origin();
  if (attribute == "protocol") return url.protocol();
  if (attribute == "username") return std::string(url.username());
  if (attribute == "password") return std::string(url.password());
  if (attribute == "host") return url.host();
  if (attribute == "hostname") return std::string(url.hostname());
  if (attribute == "port") return url.port();
  if (attribute == "pathname") return std::string(url.pathname());
  if (attribute == "search") return url.search();
  if (attribute == "hash") return url.hash();
  ADD_FAILURE() << "unknown attribute " << attribute;
  return {};
}

void Set(Url& url, std::string_view attribute, std::string_view value) {
  if (attribute == "href") {
    url.SetHref(value);
  } else if (attribute == "protocol") {
    url.SetProtocol(value);
  } else if (attribute == "username") {
    url.SetUsername(value);
  } else if (attribute == "password") {
    url.SetPassword(value);
  } else if (attribute == "host") {
    url.SetHost(value);
  } else if (attribute == "hostname") {
    url.SetHostname(value);
  } else if (attribute == "port") {
    url.SetPort(value);
  } else if (attribute == "pathname") {
    url.SetPathname(value);
  } else if (attribute == "search") {
    url.SetSearch(value);
  } else if (attribute == "hash") {
    url.SetHash(value);
  } else {
    ADD_FAILURE() << "unknown attribute " << attribute;
  }
}

constexpr const char* kGetters[] = {"href",     "origin", "protocol", "host",
                                    "hostname", "port",   "username", "password",
                                    "pathname", "search", "hash"};

// Counts cases and reports each failing one (the first 50 in full) without stopping.
class Tally {
 public:
  explicit Tally(std::string name) : name_(std::move(name)) {}
  ~Tally() {
    std::cout << "[ wpt-url ] " << name_ << ": " << (total_ - failed_) << "/" << total_
              << " passed\n";
  }
  void Pass() { ++total_; }
  void Fail(const std::string& message) {
    ++total_;
    ++failed_;
    if (failed_ <= 50) ADD_FAILURE() << name_ << ": " << message;
  }
  int total() const { return total_; }

 private:
  std::string name_;
  int total_ = 0;
  int failed_ = 0;
};

// The JSON files hold JS strings; a lone surrogate escape (which simdjson rightly rejects)
// becomes U+FFFD, as the JS-to-UTF-8 conversion in front of the parser does.
std::string ReplaceLoneSurrogateEscapes(const std::string& json) {
  auto hex_at = [&json](size_t i) -> int {
    if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u') return -1;
    return std::stoi(json.substr(i + 2, 4), nullptr, 16);
  };
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '\\' && i + 1 < json.size() && json[i + 1] != 'u') {
      out.append(json, i, 2);
      ++i;
      continue;
    }
    const int unit = hex_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int next = hex_at(i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        out.append(json, i, 12);
        i += 11;
      } else {
        out.append("\\uFFFD");
        i += 5;
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      out.append("\\uFFFD");
      i += 5;
    } else {
      out.push_back(json[i]);
    }
  }
  return out;
}

// Fails the current test (and returns nullopt) when the file is missing or malformed.
std::optional<simdjson::dom::element> Load(simdjson::dom::parser& parser, const std::string& file) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(kWptDir + file).get(text) != simdjson::SUCCESS) {
    ADD_FAILURE() << "cannot read " << kWptDir << file;
    return std::nullopt;
  }
  const std::string cleaned = ReplaceLoneSurrogateEscapes(std::string(text));
  simdjson::dom::element root;
  if (parser.parse(cleaned).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << "cannot parse " << file;
    return std::nullopt;
  }
  return root;
}

std::string Quote(std::string_view s) {
  std::ostringstream out;
  out << '"';
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out << "\\x" << std::hex << static_cast<int>(c) << std::dec;
    } else {
      out << c;
    }
  }
  out << '"';
  return out.str();
}

// urltestdata.json:
// https://github.com/web-platform-tests/wpt/blob/master/url/url-constructor.any.js
void RunUrlTestData(const std::string& file) {
  simdjson::dom::parser parser;
  const std::optional<simdjson::dom::element> root = Load(parser, file);
  if (!root) return;
  Tally tally(file);
  for (simdjson::dom::element entry : root->get_array()) {
    if (entry.is_string()) continue;  // a comment
    const std::string_view input = entry["input"].get_string().value();
    std::optional<Url> url;
    std::string label = "input " + Quote(input);
    if (entry["base"].is_null()) {
      url = Parse(input);
    } else {
      const std::string_view base = entry["base"].get_string().value();
      label += " base " + Quote(base);
      url = Parse(input, base);
    }
    bool failure = false;
    const bool failing = entry["failure"].get(failure) == simdjson::SUCCESS && failure;
    // The canonical-URL shortcut (url_canonical.h) may only accept what parses to itself.
    UrlOffsets scanned;
    for (std::string_view candidate :
         {input,
          entry["href"].is_string() ? entry["href"].get_string().value() : std::string_view()}) {
      if (!ScanCanonicalHttpUrl(candidate, &scanned)) continue;
      std::optional<Url> direct = Parse(candidate);
      std::string href;
      UrlOffsets expected;
      if (direct) direct->SerializeInto(&href, &expected);
      if (!direct || href != candidate || std::memcmp(&scanned, &expected, sizeof expected) != 0) {
        tally.Fail(label + ": the canonical scan accepted " + Quote(candidate));
      }
    }
    if (failing) {
      if (url) {
        tally.Fail(label + ": expected failure, got " + Quote(url->href()));
      } else {
        tally.Pass();
      }
      continue;
    }
    if (!url) {
      tally.Fail(label + ": failed to parse, expected " +
                 Quote(entry["href"].get_string().value()));
      continue;
    }
    std::string mismatches;
    for (const char* getter : kGetters) {
      std::string_view expected;
      if (entry[getter].get(expected) != simdjson::SUCCESS) continue;  // origin is optional
      const std::string actual = Get(*url, getter);
      if (actual != expected) {
        mismatches +=
            std::string(" ") + getter + "=" + Quote(actual) + " (want " + Quote(expected) + ")";
      }
    }
    // The href must read back as itself.
    if (mismatches.empty()) {
      const std::optional<Url> again = Parse(url->href());
      if (!again || again->href() != url->href()) mismatches = " href does not reparse";
    }
    if (mismatches.empty()) {
      tally.Pass();
    } else {
      tally.Fail(label + ":" + mismatches);
    }
  }
  EXPECT_GT(tally.total(), 0);
}

TEST(UrlWpt, UrlTestData) { RunUrlTestData("urltestdata.json"); }

TEST(UrlWpt, UrlTestDataJavascriptOnly) { RunUrlTestData("urltestdata-javascript-only.json"); }

// setters_tests.json: https://github.com/web-platform-tests/wpt/blob/master/url/url-setters.any.js
TEST(UrlWpt, Setters) {
  simdjson::dom::parser parser;
  const std::optional<simdjson::dom::element> root = Load(parser, "setters_tests.json");
  ASSERT_TRUE(root);
  for (auto [key, cases] : root->get_object()) {
    if (key == "comment") continue;
    Tally tally("setters_tests.json " + std::string(key));
    for (simdjson::dom::element entry : cases.get_array()) {
      const std::string_view href = entry["href"].get_string().value();
      const std::string_view new_value = entry["new_value"].get_string().value();
      const std::string label =
          "set " + std::string(key) + " of " + Quote(href) + " to " + Quote(new_value);
      std::optional<Url> url = Parse(href);
      if (!url) {
        tally.Fail(label + ": href does not parse");
        continue;
      }
      Set(*url, key, new_value);
      std::string mismatches;
      for (auto [getter, expected] : entry["expected"].get_object()) {
        const std::string actual = Get(*url, getter);
        if (actual != expected.get_string().value()) {
          mismatches += " " + std::string(getter) + "=" + Quote(actual) + " (want " +
                        Quote(expected.get_string().value()) + ")";
        }
      }
      if (mismatches.empty()) {
        tally.Pass();
      } else {
        tally.Fail(label + ":" + mismatches);
      }
    }
  }
}

// toascii.json: https://github.com/web-platform-tests/wpt/blob/master/url/toascii.window.js
// Each case runs three ways: the constructor, the host setter and the hostname setter.
TEST(UrlWpt, ToAscii) {
  simdjson::dom::parser parser;
  const std::optional<simdjson::dom::element> root = Load(parser, "toascii.json");
  ASSERT_TRUE(root);
  Tally tally("toascii.json");
  for (simdjson::dom::element entry : root->get_array()) {
    if (entry.is_string()) continue;
    const std::string_view input = entry["input"].get_string().value();
    std::optional<std::string_view> output;
    if (!entry["output"].is_null()) output = entry["output"].get_string().value();
    const std::string label = "host " + Quote(input);

    const std::optional<Url> url = Parse("https://" + std::string(input) + "/x");
    if (!output) {
      if (url) {
        tally.Fail(label + " (URL): expected failure, got " + Quote(url->href()));
      } else {
        tally.Pass();
      }
    } else if (!url) {
      tally.Fail(label + " (URL): failed, expected " + Quote(*output));
    } else if (url->host() != *output || url->hostname() != *output || url->pathname() != "/x" ||
               url->href() != "https://" + std::string(*output) + "/x") {
      tally.Fail(label + " (URL): got " + Quote(url->href()));
    } else {
      tally.Pass();
    }

    for (const bool hostname : {false, true}) {
      Url target = *Parse("https://x/x");
      if (hostname) {
        target.SetHostname(input);
      } else {
        target.SetHost(input);
      }
      const std::string expected = output ? std::string(*output) : "x";
      const std::string actual(hostname ? target.hostname() : target.host());
      if (actual == expected) {
        tally.Pass();
      } else {
        tally.Fail(label + (hostname ? " (hostname setter)" : " (host setter)") + ": got " +
                   Quote(actual) + ", want " + Quote(expected));
      }
    }
  }
}

// percent-encoding.json:
// https://github.com/web-platform-tests/wpt/blob/master/url/percent-encoding.window.js Only the
// UTF-8 expectation applies: the URL API always encodes queries as UTF-8.
TEST(UrlWpt, PercentEncoding) {
  simdjson::dom::parser parser;
  const std::optional<simdjson::dom::element> root = Load(parser, "percent-encoding.json");
  ASSERT_TRUE(root);
  Tally tally("percent-encoding.json (utf-8)");
  for (simdjson::dom::element entry : root->get_array()) {
    if (entry.is_string()) continue;
    const std::string input(entry["input"].get_string().value());
    const std::string_view expected = entry["output"]["utf-8"].get_string().value();
    const std::optional<Url> url = Parse("https://doesnotmatter.invalid/?" + input + "#" + input);
    if (!url) {
      tally.Fail(Quote(input) + ": does not parse");
    } else if (url->search() != "?" + std::string(expected) ||
               url->hash() != "#" + std::string(expected)) {
      tally.Fail(Quote(input) + ": search " + Quote(url->search()) + " hash " + Quote(url->hash()) +
                 ", want " + Quote(expected));
    } else {
      tally.Pass();
    }
  }
}

// The API beyond the WPT data.

TEST(Url, PlainHttpUrlKeepsEachComponent) {
  const std::optional<Url> url = Parse("http://Example.COM:8080/a/./b/../c?q=1#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->href(), "http://example.com:8080/a/c?q=1#frag");
  EXPECT_EQ(url->origin(), "http://example.com:8080");
  EXPECT_EQ(url->port_number(), 8080);
  EXPECT_EQ(url->query(), "q=1");
  EXPECT_EQ(url->Serialize(/*exclude_fragment=*/true), "http://example.com:8080/a/c?q=1");
}

TEST(Url, RelativeReferenceResolvesAgainstBase) {
  const std::optional<Url> base = Parse("https://h/dir/page?x");
  ASSERT_TRUE(base);
  EXPECT_EQ(Parse("../up", &*base)->href(), "https://h/up");
  EXPECT_EQ(Parse("?y", &*base)->href(), "https://h/dir/page?y");
  EXPECT_EQ(Parse("//other/", &*base)->href(), "https://other/");
}

TEST(Url, EncodedDotSegmentsAreRemoved) {
  EXPECT_EQ(Parse("http://h/a/%2e%2E/b/%2e/c")->pathname(), "/b/c");
}

TEST(Url, MissingBaseFailsForRelativeInput) { EXPECT_FALSE(Parse("/path")); }

// The slices a binding cuts from the href at the offsets must be the getters' values.
void ExpectOffsetsMatchGetters(const std::string& input) {
  std::optional<Url> url = Parse(input);
  ASSERT_TRUE(url) << input;
  std::string href;
  UrlOffsets o;
  url->SerializeInto(&href, &o);
  EXPECT_EQ(href, url->href());
  auto slice = [&href](uint32_t a, uint32_t b) { return href.substr(a, b - a); };
  EXPECT_EQ(slice(0, o.protocol_end), url->protocol()) << input;
  EXPECT_EQ(slice(o.username_start, o.username_end), url->username()) << input;
  EXPECT_EQ(o.host_start > o.username_end + 1 ? slice(o.username_end + 1, o.host_start - 1) : "",
            url->password())
      << input;
  EXPECT_EQ(slice(o.host_start, o.host_end), url->hostname()) << input;
  EXPECT_EQ(slice(o.host_start, o.path_start), url->host()) << input;
  EXPECT_EQ(o.path_start > o.host_end ? slice(o.host_end + 1, o.path_start) : "", url->port())
      << input;
  EXPECT_EQ(slice(o.path_start, o.search_start), url->pathname()) << input;
  EXPECT_EQ(o.hash_start - o.search_start > 1 ? slice(o.search_start, o.hash_start) : "",
            url->search())
      << input;
  EXPECT_EQ(href.size() - o.hash_start > 1 ? href.substr(o.hash_start) : "", url->hash()) << input;
}

TEST(Url, SerializeIntoOffsetsCutTheSameComponentsAsTheGetters) {
  for (const char* input :
       {"http://127.0.0.1:8787/", "https://user:pass@example.com:444/a/b?q=1#frag",
        "https://:pass@example.com/", "https://user@example.com/", "http://[::1]:90/x?#",
        "web+demo:/.//not-a-host/", "mailto:someone@example.com", "file:///C:/dir/file?x",
        "blob:https://example.com/uuid", "http://example.com?", "foo://host/path#"}) {
    ExpectOffsetsMatchGetters(input);
  }
}

TEST(Url, DottedDecimalHostsTakeTheSameValueWithOrWithoutTheFastPath) {
  // Canonical forms are kept as they are; every other spelling is parsed and re-serialised.
  EXPECT_EQ(ParseHost("127.0.0.1", false), "127.0.0.1");
  EXPECT_EQ(ParseHost("0.0.0.0", false), "0.0.0.0");
  EXPECT_EQ(ParseHost("255.255.255.255", false), "255.255.255.255");
  EXPECT_EQ(ParseHost("127.000.0.1", false), "127.0.0.1");
  EXPECT_EQ(ParseHost("127.0.0.1.", false), "127.0.0.1");
  EXPECT_EQ(ParseHost("0x7f.0.0.1", false), "127.0.0.1");
  EXPECT_EQ(ParseHost("127.1", false), "127.0.0.1");
  EXPECT_EQ(ParseHost("2130706433", false), "127.0.0.1");
  EXPECT_FALSE(ParseHost("256.0.0.1", false));
  EXPECT_FALSE(ParseHost("1.2.3.4.5", false));
  EXPECT_EQ(ParseHost("1.2.3.4.example", false), "1.2.3.4.example");
}

TEST(Url, SerializeIpv4WritesDottedDecimal) {
  EXPECT_EQ(SerializeIpv4(0), "0.0.0.0");
  EXPECT_EQ(SerializeIpv4(0x7f000001), "127.0.0.1");
  EXPECT_EQ(SerializeIpv4(0xffffffff), "255.255.255.255");
  EXPECT_EQ(SerializeIpv4(0x0a640a09), "10.100.10.9");
}

TEST(Url, SetSerializedQueryEmptyMeansNull) {
  Url url = *Parse("http://h/?a=1");
  url.SetSerializedQuery("");
  EXPECT_EQ(url.href(), "http://h/");
  url.SetSerializedQuery("b=2");
  EXPECT_EQ(url.href(), "http://h/?b=2");
}

TEST(Url, DomainToAsciiMapsUnicodeAndRejectsForbidden) {
  EXPECT_EQ(DomainToAscii("BÜcher.de"), "xn--bcher-kva.de");
  EXPECT_EQ(DomainToAscii("example.COM"), "example.com");
  EXPECT_FALSE(DomainToAscii("exa%mple"));
  EXPECT_FALSE(DomainToAscii(""));
}

TEST(Url, Ipv6SerialisationCompressesFirstLongestZeroRun) {
  EXPECT_EQ(Parse("http://[1:0:0:2:0:0:0:3]/")->hostname(), "[1:0:0:2::3]");
  EXPECT_EQ(Parse("http://[1:0:0:2:0:0:3:4]/")->hostname(), "[1::2:0:0:3:4]");
  EXPECT_EQ(Parse("http://[::ffff:1.2.3.4]/")->hostname(), "[::ffff:102:304]");
}

TEST(Url, Ipv4AcceptsHexAndOctalParts) {
  EXPECT_EQ(Parse("http://0x7f.1/")->hostname(), "127.0.0.1");
  EXPECT_EQ(Parse("http://0300.0250.1/")->hostname(), "192.168.0.1");
  EXPECT_FALSE(Parse("http://1.2.3.256.5/"));
}

TEST(Url, FileUrlKeepsWindowsDriveLetterAboveDotDot) {
  EXPECT_EQ(Parse("file:///C|/a/../../b")->href(), "file:///C:/b");
  EXPECT_EQ(Parse("file://localhost/x")->href(), "file:///x");
}

TEST(Url, HostEndingInANumberMustBeIpv4) {
  EXPECT_FALSE(Parse("http://foo.09/"));
  EXPECT_FALSE(Parse("http://foo.0x/"));  // "0x" alone is the number 0
  EXPECT_EQ(Parse("http://foo.0x1g/")->hostname(), "foo.0x1g");
  EXPECT_EQ(Parse("http://1.2.3.4./")->hostname(), "1.2.3.4");
}

TEST(Url, SettersFollowTheUrlApi) {
  Url url = *Parse("https://example.com/a?b#c");
  url.SetProtocol("http");
  url.SetPort("8080x");
  url.SetUsername("u s");
  url.SetPathname("/p q");
  url.SetSearch("?x=1 2");
  url.SetHash("");
  EXPECT_EQ(url.href(), "http://u%20s@example.com:8080/p%20q?x=1%202");
  url.SetProtocol("foo");  // special to non-special is refused
  EXPECT_EQ(url.protocol(), "http:");
  url.SetPort("80");  // the default port is dropped
  EXPECT_EQ(url.host(), "example.com");
  EXPECT_FALSE(url.SetHref("not a url"));
  EXPECT_EQ(url.hostname(), "example.com");
}

TEST(PercentEncode, ComponentSetEncodesReservedCharacters) {
  EXPECT_EQ(PercentEncode("a b&c/é", EncodeSet::kComponent), "a%20b%26c%2F%C3%A9");
  EXPECT_EQ(PercentDecode("%41%4g%"), "A%4g%");
}

TEST(FormUrlencoded, ParseSplitsOnAmpersandAndFirstEquals) {
  const FormList list = ParseFormUrlencoded("a=1&&b=x=y&c&=d");
  const FormList expected = {{"a", "1"}, {"b", "x=y"}, {"c", ""}, {"", "d"}};
  EXPECT_EQ(list, expected);
}

TEST(FormUrlencoded, ParseTurnsPlusIntoSpaceBeforePercentDecoding) {
  const FormList list = ParseFormUrlencoded("a+b=%2B+%20");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].first, "a b");
  EXPECT_EQ(list[0].second, "+  ");
}

TEST(FormUrlencoded, ParseReplacesInvalidUtf8WithReplacementCharacter) {
  const FormList list = ParseFormUrlencoded("x=%FF%C3%28");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].second, "\xEF\xBF\xBD\xEF\xBF\xBD(");
}

TEST(FormUrlencoded, SerializeUsesPlusForSpaceAndEncodesTheFormSet) {
  const FormList list = {{"a b", "c+d"}, {"é", "*-._~!'()"}, {"", ""}};
  EXPECT_EQ(SerializeFormUrlencoded(list), "a+b=c%2Bd&%C3%A9=*-._%7E%21%27%28%29&=");
}

TEST(FormUrlencoded, SerializeThenParseRoundTrips) {
  const FormList list = {{"q", "a&b=c d"}, {"%", "\xF0\x9F\x98\x80"}};
  EXPECT_EQ(ParseFormUrlencoded(SerializeFormUrlencoded(list)), list);
}

TEST(FormUrlencoded, SerializeEmptyListIsEmpty) { EXPECT_EQ(SerializeFormUrlencoded({}), ""); }

}  // namespace
}  // namespace edgerun::url
