// Native half of `console` (js/internal/console.js formats; this writes whole lines).
#include <unistd.h>

#include "bindings/binding.h"
#include "bindings/natives.h"

namespace edgerun::bindings {
namespace {

// level: 0 debug, 1 log/info, 2 warn, 3 error. log/info go to stdout, warn/error to stderr, as a
// terminal user of wrangler dev sees them.
void ConsolePrint(int32_t level, std::string line) {
  line.push_back('\n');
  const int fd = level >= 2 ? STDERR_FILENO : STDOUT_FILENO;
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

}  // namespace

void InstallConsole(NativeObjectBuilder& natives) {
  natives.Function<&ConsolePrint>("consolePrint");
}

}  // namespace edgerun::bindings
