#include "runtime/config/config.h"

#include <algorithm>

namespace edgerun::config {

bool WorkerConfig::HasFlag(const std::string& flag) const {
  return std::find(compatibility_flags.begin(), compatibility_flags.end(), flag) !=
         compatibility_flags.end();
}

}  // namespace edgerun::config
