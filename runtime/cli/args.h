// Command-line parsing of `edgerun`: subcommand, positional arguments and flags, with a clear
// message for anything it does not understand. No I/O here, so it is unit-testable.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/base/result.h"

namespace edgerun::cli {

struct Args {
  std::string command;  // "dev", "check", "test", "help", "version"
  std::vector<std::string> positional;
  std::optional<std::string> ip;
  std::optional<uint16_t> port;
  std::optional<int> threads;
  std::optional<std::string> env_name;
  std::optional<std::string> config_path;
  std::optional<std::string> upstream;
  std::vector<std::pair<std::string, std::string>> vars;  // --var KEY:VALUE
  std::string log_format = "pretty";                      // pretty | json
  bool quiet = false;                                     // no access log
};

Result<Args> ParseArgs(const std::vector<std::string>& argv);

extern const char kUsage[];

}  // namespace edgerun::cli
