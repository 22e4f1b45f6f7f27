// Compatibility flags and dates: which flag names edgerun recognises (an unknown one is a
// warning, since it is most likely a typo), and the decisions that depend on flag + date.
// Only decisions taken outside V8 live here; the engine reads its own flags from WorkerConfig.
#pragma once

#include <string_view>

#include "runtime/config/config.h"

namespace edgerun::config {

// True for a flag name known to workerd (enable or disable form), whether or not edgerun
// implements its behaviour.
bool IsKnownCompatibilityFlag(std::string_view flag);

// assets.md section 3: navigation requests keep the not_found_handling fallback (the Worker is
// not invoked) when `assets_navigation_prefers_asset_serving` is listed, or when the
// compatibility date is 2025-04-01 or later and `assets_navigation_has_no_effect` is not listed.
// When both flags are listed, the enable flag wins.
bool NavigationPrefersAssetServing(const WorkerConfig& config);

}  // namespace edgerun::config
