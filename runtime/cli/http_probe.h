// A minimal blocking HTTP/1.1 client for `edgerun test` sample checks: one request per
// connection (Connection: close) to a loopback port, response read to the end.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::cli {

struct ProbeResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // All values of a header joined with ", " (Set-Cookie joined too), or nullopt-like empty
  // string with found=false.
  bool Get(const std::string& name, std::string* value) const;
};

Result<ProbeResponse> Probe(uint16_t port, const std::string& method, const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body);

}  // namespace edgerun::cli
