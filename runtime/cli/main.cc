// edgerun's entry point: parses the command line and runs the command.
#include <unistd.h>

#include <cstdio>

#include "runtime/base/log.h"
#include "runtime/cli/args.h"
#include "runtime/cli/project.h"
#include "runtime/cli/test_runner.h"
#include "runtime/config/config_loader.h"
#include "runtime/host/dev_host.h"
#include "runtime/host/typescript_bundle.h"

namespace {

using namespace edgerun;

constexpr char kVersion[] = "edgerun 0.1.0 (V8 10.2 from Debian libnode108)";

int RunDev(const cli::Args& args) {
  // Every line is JSON from here on (console output and runtime messages too), as the access log.
  if (args.log_format == "json") log::SetFormat(log::Format::kJson);
  Result<host::HostOptions> options = cli::LoadHostOptions(args);
  if (!options.ok()) {
    log::Error(options.error().ToString());
    return 1;
  }
  return host::RunHost(options.value());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> list(argv + 1, argv + argc);
  Result<cli::Args> args = cli::ParseArgs(list);
  if (!args.ok()) {
    log::Error(args.error().ToString());
    return 2;
  }
  const std::string& command = args->command;
  if (command == "help") {
    std::fputs(cli::kUsage, stdout);
    return 0;
  }
  if (command == "version") {
    std::puts(kVersion);
    return 0;
  }
  if (command == "dev") return RunDev(args.value());
  if (command == "check") return cli::RunCheck(args.value());
  if (command == "test") return cli::RunTests(args.value());
  return 2;
}
