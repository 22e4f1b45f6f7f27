#include "runtime/assets/pages_routes.h"

#include <gtest/gtest.h>

namespace edgerun::assets {
namespace {

TEST(PagesRoutes, ExcludeBeatsInclude) {
  auto r = PagesRoutes::Parse(R"({"version":1,"include":["/*"],"exclude":["/static/*"]})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->RunsWorker("/api/x"));
  EXPECT_FALSE(r->RunsWorker("/static/app.js"));
}

TEST(PagesRoutes, PathsNotIncludedGoToAssets) {
  auto r = PagesRoutes::Parse(R"({"version":1,"include":["/api/*"]})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->RunsWorker("/api/a/b"));
  EXPECT_FALSE(r->RunsWorker("/index.html"));
}

TEST(PagesRoutes, InvalidFilesAreErrors) {
  EXPECT_FALSE(PagesRoutes::Parse("not json").ok());
  EXPECT_FALSE(PagesRoutes::Parse(R"({"version":2,"include":["/*"]})").ok());
  EXPECT_FALSE(PagesRoutes::Parse(R"({"version":1,"include":[]})").ok());
  EXPECT_FALSE(PagesRoutes::Parse(R"({"version":1,"include":["api/*"]})").ok());
  EXPECT_FALSE(PagesRoutes::Parse(R"({"version":1,"include":[1]})").ok());
}

TEST(PagesRoutes, AtMostOneHundredRules) {
  std::string json = R"({"version":1,"include":[)";
  for (int i = 0; i < 101; ++i) json += (i ? ",\"/r" : "\"/r") + std::to_string(i) + "\"";
  json += "]}";
  EXPECT_FALSE(PagesRoutes::Parse(json).ok());
}

}  // namespace
}  // namespace edgerun::assets
