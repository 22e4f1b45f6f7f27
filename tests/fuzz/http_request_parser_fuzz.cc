// libFuzzer target for the HTTP request parser (runtime/http/request_parser.h).
//
// The input is parsed twice: all at once, and in pieces whose sizes come from the input itself.
// Both readings must agree on every head, every body and whether the stream is acceptable (the
// status of a rejection may differ only when the stream is cut in the middle of a bad method,
// so only accept/reject is compared). Also checked: Feed never claims more bytes than it was
// given, always makes progress or asks for more, and a rejection carries a 4xx/5xx status.
// A third reading with the plain-request fast path off (llhttp for everything) must agree with
// the first exactly, rejection status and bytes consumed included.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/http/request_parser.h"

namespace {

using edgerun::http::RequestHead;
using edgerun::http::RequestParser;

struct Outcome {
  std::vector<std::string> heads;  // method, target, headers, flattened
  std::vector<std::string> bodies;
  bool rejected = false;
  int status = 0;
  size_t consumed = 0;
};

void Check(bool ok) {
  if (!ok) abort();
}

std::string Flatten(const RequestHead& h) {
  std::string s = h.method + ' ' + h.target + ' ' + std::to_string(h.version_minor);
  for (const auto& f : h.headers) s += '|' + f.name + ':' + f.value;
  s += h.has_body ? " body" : "";
  return s;
}

Outcome Run(const uint8_t* data, size_t size, const std::vector<size_t>& cuts,
            const edgerun::config::HttpLimits& limits, bool plain_fast_path = true) {
  Outcome out;
  RequestParser parser(limits, plain_fast_path);
  RequestHead head;
  std::string body;
  parser.StartMessage(&head);
  parser.set_body_sink(&body);
  const char* bytes = reinterpret_cast<const char*>(data);
  size_t pos = 0, avail = 0, cut = 0;
  for (int guard = 0; guard < 1'000'000; ++guard) {
    if (pos == avail) {
      if (avail == size) break;
      avail = cut < cuts.size() ? std::min(size, avail + cuts[cut++]) : size;
    }
    size_t used = 0;
    RequestParser::Event ev = parser.Feed(bytes + pos, avail - pos, &used);
    Check(used <= avail - pos);
    pos += used;
    out.consumed = pos;
    switch (ev) {
      case RequestParser::Event::kError:
        Check(parser.error_status() >= 400 && parser.error_status() <= 505);
        out.rejected = true;
        out.status = parser.error_status();
        return out;
      case RequestParser::Event::kHead:
        out.heads.push_back(Flatten(head));
        break;
      case RequestParser::Event::kMessageEnd:
        out.bodies.push_back(body);
        body.clear();
        parser.StartMessage(&head);
        parser.set_body_sink(&body);
        break;
      case RequestParser::Event::kNeedMore:
        Check(pos == avail);
        break;
    }
  }
  // A head with no body still ends on an empty feed.
  size_t used = 0;
  if (parser.Feed(bytes + pos, 0, &used) == RequestParser::Event::kMessageEnd) {
    out.bodies.push_back(body);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  edgerun::config::HttpLimits limits;
  limits.max_head_bytes = 256 + data[0] * 16;
  limits.max_header_count = 1 + data[0] % 32;
  limits.max_body_bytes = 1 + data[1] * 64;
  data += 2;
  size -= 2;

  Outcome whole = Run(data, size, {}, limits);
  std::vector<size_t> cuts;
  for (size_t i = 0; i < size && cuts.size() < 64; i += 7) cuts.push_back(1 + data[i] % 13);
  Outcome pieces = Run(data, size, cuts, limits);

  Check(whole.rejected == pieces.rejected);
  Check(whole.heads == pieces.heads);
  Check(whole.bodies == pieces.bodies);

  Outcome llhttp_only = Run(data, size, {}, limits, /*plain_fast_path=*/false);
  Check(whole.rejected == llhttp_only.rejected && whole.status == llhttp_only.status);
  Check(whole.heads == llhttp_only.heads && whole.bodies == llhttp_only.bodies);
  Check(whole.consumed == llhttp_only.consumed);
  return 0;
}
