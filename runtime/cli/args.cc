#include "runtime/cli/args.h"

#include <charconv>

namespace edgerun::cli {

const char kUsage[] =
    "Usage: edgerun <command> [options]\n"
    "\n"
    "Commands:\n"
    "  dev [DIR]          Run the worker project in DIR (default: .) on a local dev server\n"
    "  check [DIR]        Load the project's config and worker, report problems, and exit\n"
    "  test PATH...       Run JS test modules (*.test.js) and sample folders (checks.toml)\n"
    "\n"
    "Options for dev and check:\n"
    "  --port N           Port to listen on (default: [dev] port, or 8787; 0 picks a free one)\n"
    "  --ip ADDR          Address to listen on, IPv4 or IPv6 (default: 127.0.0.1)\n"
    "  --threads N        Event-loop threads, each with its own isolate (default: CPU cores)\n"
    "  --config PATH      Config file to use instead of DIR/wrangler.toml|json|jsonc\n"
    "  --env NAME         Use the [env.NAME] section and .dev.vars.NAME\n"
    "  --var KEY:VALUE    Add or override a var (repeatable)\n"
    "  --upstream URL     Origin for ctx.passThroughOnException()\n"
    "  --log-format F     Log format: pretty (default) or json: one JSON object a line for\n"
    "                     the access log, console output and runtime messages\n"
    "  --quiet            No access log\n"
    "  --version, --help\n";

namespace {

Error Bad(const std::string& message) { return Error{message + "\n\n" + kUsage}; }

template <typename T>
bool ParseNumber(const std::string& s, T* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

Result<Args> ParseArgs(const std::vector<std::string>& argv) {
  Args args;
  if (argv.empty()) return Bad("missing command");
  size_t i = 0;
  const std::string& first = argv[0];
  if (first == "--help" || first == "-h" || first == "help") {
    args.command = "help";
    return args;
  }
  if (first == "--version" || first == "-v") {
    args.command = "version";
    return args;
  }
  if (first != "dev" && first != "check" && first != "test") {
    return Bad("unknown command '" + first + "'");
  }
  args.command = first;
  for (i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&](const char* flag) -> Result<std::string> {
      const std::string prefix = std::string(flag) + "=";
      if (a.rfind(prefix, 0) == 0) return a.substr(prefix.size());
      if (i + 1 >= argv.size()) return Bad(std::string(flag) + " needs a value");
      return argv[++i];
    };
    auto is = [&](const char* flag) {
      return a == flag || a.rfind(std::string(flag) + "=", 0) == 0;
    };
    if (is("--port")) {
      Result<std::string> v = value("--port");
      if (!v.ok()) return v.error();
      uint32_t port = 0;
      if (!ParseNumber(v.value(), &port) || port > 65535) {
        return Bad("--port expects a number from 0 to 65535, got '" + v.value() + "'");
      }
      args.port = static_cast<uint16_t>(port);
    } else if (is("--ip")) {
      Result<std::string> v = value("--ip");
      if (!v.ok()) return v.error();
      args.ip = v.value();
    } else if (is("--threads")) {
      Result<std::string> v = value("--threads");
      if (!v.ok()) return v.error();
      int threads = 0;
      if (!ParseNumber(v.value(), &threads) || threads < 1 || threads > 256) {
        return Bad("--threads expects a number from 1 to 256, got '" + v.value() + "'");
      }
      args.threads = threads;
    } else if (is("--env")) {
      Result<std::string> v = value("--env");
      if (!v.ok()) return v.error();
      args.env_name = v.value();
    } else if (is("--config")) {
      Result<std::string> v = value("--config");
      if (!v.ok()) return v.error();
      args.config_path = v.value();
    } else if (is("--upstream")) {
      Result<std::string> v = value("--upstream");
      if (!v.ok()) return v.error();
      args.upstream = v.value();
    } else if (is("--var")) {
      Result<std::string> v = value("--var");
      if (!v.ok()) return v.error();
      size_t colon = v.value().find(':');
      if (colon == std::string::npos || colon == 0) {
        return Bad("--var expects KEY:VALUE, got '" + v.value() + "'");
      }
      args.vars.emplace_back(v.value().substr(0, colon), v.value().substr(colon + 1));
    } else if (is("--log-format")) {
      Result<std::string> v = value("--log-format");
      if (!v.ok()) return v.error();
      if (v.value() != "pretty" && v.value() != "json") {
        return Bad("--log-format expects 'pretty' or 'json', got '" + v.value() + "'");
      }
      args.log_format = v.value();
    } else if (a == "--quiet") {
      args.quiet = true;
    } else if (a == "--help" || a == "-h") {
      args.command = "help";
      return args;
    } else if (!a.empty() && a[0] == '-') {
      return Bad("unknown option '" + a + "'");
    } else {
      args.positional.push_back(a);
    }
  }
  if ((args.command == "dev" || args.command == "check") && args.positional.size() > 1) {
    return Bad(args.command + " takes one project folder, got " +
               std::to_string(args.positional.size()));
  }
  if (args.command == "test" && args.positional.empty()) {
    return Bad("test needs at least one path");
  }
  return args;
}

}  // namespace edgerun::cli
