#include "runtime/config/compat.h"

#include <gtest/gtest.h>

namespace edgerun::config {
namespace {

WorkerConfig With(std::string date, std::vector<std::string> flags) {
  WorkerConfig c;
  c.compatibility_date = std::move(date);
  c.compatibility_flags = std::move(flags);
  return c;
}

TEST(Compat, KnownFlagsIncludeNodeAndAssetFlags) {
  for (const char* f : {"nodejs_compat", "nodejs_compat_v2", "nodejs_als",
                        "assets_navigation_prefers_asset_serving",
                        "assets_navigation_has_no_effect", "url_standard"}) {
    EXPECT_TRUE(IsKnownCompatibilityFlag(f)) << f;
  }
  EXPECT_FALSE(IsKnownCompatibilityFlag("nodejs_compatt"));
}

TEST(Compat, NavigationFlagListedEnables) {
  EXPECT_TRUE(NavigationPrefersAssetServing(
      With("2024-01-01", {"assets_navigation_prefers_asset_serving"})));
}

TEST(Compat, NavigationOnFromDate20250401) {
  EXPECT_TRUE(NavigationPrefersAssetServing(With("2025-04-01", {})));
  EXPECT_TRUE(NavigationPrefersAssetServing(With("2026-01-01", {})));
  EXPECT_FALSE(NavigationPrefersAssetServing(With("2025-03-31", {})));
  EXPECT_FALSE(NavigationPrefersAssetServing(With("", {})));
}

TEST(Compat, NavigationHasNoEffectFlagDisablesAfterDate) {
  EXPECT_FALSE(
      NavigationPrefersAssetServing(With("2025-05-01", {"assets_navigation_has_no_effect"})));
}

TEST(Compat, NavigationBothFlagsEnableWins) {
  EXPECT_TRUE(NavigationPrefersAssetServing(
      With("2024-01-01",
           {"assets_navigation_has_no_effect", "assets_navigation_prefers_asset_serving"})));
}

}  // namespace
}  // namespace edgerun::config
