// The engine without a code cache: what tools/mkcodecache links (it makes the cache), and edgerun
// itself with -DEDGERUN_CODE_CACHE=OFF. Builtins are then compiled from source.
#include "runtime/engine/code_cache.h"

namespace edgerun::engine {
EmbeddedCodeCache GetEmbeddedCodeCache() { return {}; }
}  // namespace edgerun::engine
