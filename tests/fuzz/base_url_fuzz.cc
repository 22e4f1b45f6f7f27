// libFuzzer target for the WHATWG URL parser (runtime/base/url.h).
//
// Invariants checked: a parsed URL's href parses again to the same href (the serializer and
// parser agree), parsing relative input against it behaves the same way, and the setters
// never break that; whatever the canonical-URL shortcut (url_canonical.h) accepts parses to
// itself with the same component offsets. The first byte picks how the rest is used, so one corpus
// covers them all.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/base/url.h"
#include "runtime/base/url_canonical.h"

namespace {

using edgerun::url::Parse;
using edgerun::url::Url;

void CheckReparses(const Url& url) {
  const std::string href = url.href();
  const std::optional<Url> again = Parse(href);
  if (!again || again->href() != href) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  // Input and, after a newline, an optional base.
  const size_t newline = rest.find('\n');
  const std::string_view input = rest.substr(0, newline);
  const std::string_view second =
      newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);

  edgerun::url::UrlOffsets scanned;
  if (edgerun::url::ScanCanonicalHttpUrl(input, &scanned)) {
    const std::optional<Url> direct = Parse(input);
    if (!direct) std::abort();
    std::string href;
    edgerun::url::UrlOffsets expected;
    direct->SerializeInto(&href, &expected);
    if (href != input || std::memcmp(&scanned, &expected, sizeof expected) != 0) std::abort();
  }

  std::optional<Url> url;
  if (selector & 1) {
    url = Parse(input, second);
  } else {
    url = Parse(rest);
  }
  if (!url) return 0;
  CheckReparses(*url);

  // A setter from the selector's upper bits, with the second line as the value.
  Url changed = *url;
  switch ((selector >> 1) % 11) {
    case 0:
      changed.SetProtocol(second);
      break;
    case 1:
      changed.SetUsername(second);
      break;
    case 2:
      changed.SetPassword(second);
      break;
    case 3:
      changed.SetHost(second);
      break;
    case 4:
      changed.SetHostname(second);
      break;
    case 5:
      changed.SetPort(second);
      break;
    case 6:
      changed.SetPathname(second);
      break;
    case 7:
      changed.SetSearch(second);
      break;
    case 8:
      changed.SetHash(second);
      break;
    case 9:
      changed.SetHref(second);
      break;
    default:
      changed.SetSerializedQuery(
          edgerun::url::SerializeFormUrlencoded(edgerun::url::ParseFormUrlencoded(second)));
      break;
  }
  CheckReparses(changed);
  return 0;
}
