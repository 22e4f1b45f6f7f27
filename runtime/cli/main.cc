// edgerun's entry point: parses the command line and runs the command.
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "runtime/base/log.h"
#include "runtime/base/url.h"
#include "runtime/cli/args.h"
#include "runtime/cli/project.h"
#include "runtime/cli/test_runner.h"
#include "runtime/config/config_loader.h"
#include "runtime/host/dev_host.h"
#include "runtime/host/typescript_bundle.h"

namespace {

using namespace edgerun;

constexpr char kVersion[] = "edgerun 0.1.0 (V8 10.2 from Debian libnode108)";

// Loads the project for dev/check, with flags overriding [dev] settings.
Result<host::HostOptions> LoadHostOptions(const cli::Args& args) {
  Result<config::WorkerConfig> config = cli::LoadProjectFromArgs(args);
  if (!config.ok()) return config.error();
  host::HostOptions options;
  options.config = std::move(config.value());
  if (args.upstream) options.config.dev.upstream = args.upstream;
  if (options.config.dev.upstream) {
    std::optional<url::Url> upstream = url::Parse(*options.config.dev.upstream);
    if (!upstream || (upstream->scheme() != "http" && upstream->scheme() != "https")) {
      return Error{"the upstream origin must be an absolute http:// or https:// URL, got '" +
                   *options.config.dev.upstream + "'"};
    }
  }
  options.ip = args.ip.value_or(options.config.dev.ip);
  options.port = args.port.value_or(options.config.dev.port);
  const unsigned cores = std::thread::hardware_concurrency();
  options.threads = args.threads.value_or(cores == 0 ? 1 : static_cast<int>(cores));
  options.access_log = args.quiet                  ? host::AccessLogFormat::kOff
                       : args.log_format == "json" ? host::AccessLogFormat::kJson
                                                   : host::AccessLogFormat::kPretty;
  return options;
}

int RunDev(const cli::Args& args) {
  // Every line is JSON from here on (console output and runtime messages too), as the access log.
  if (args.log_format == "json") log::SetFormat(log::Format::kJson);
  Result<host::HostOptions> options = LoadHostOptions(args);
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
