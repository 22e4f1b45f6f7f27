#include "runtime/engine/package_resolver.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edgerun::engine {
namespace {

namespace fs = std::filesystem;

class PackageResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("edgerun-pkg-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "src");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  Result<std::string> Resolve(const std::string& spec) {
    return ResolvePackage(spec, (root_ / "src").string(), root_.string());
  }
  fs::path root_;
};

TEST_F(PackageResolverTest, ExportsConditionsPreferWorkerdOverDefault) {
  Write("node_modules/p/package.json",
        R"({"exports": {".": {"node": "./n.js", "workerd": "./w.js", "default": "./d.js"}}})");
  Write("node_modules/p/w.js", "");
  Write("node_modules/p/n.js", "");
  Write("node_modules/p/d.js", "");
  Result<std::string> r = Resolve("p");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(fs::path(r.value()).filename(), "w.js");
}

TEST_F(PackageResolverTest, ExportsSubpathPatternsSubstituteTheStar) {
  Write("node_modules/p/package.json", R"({"exports": {"./feature/*": "./dist/f-*.js"}})");
  Write("node_modules/p/dist/f-x.js", "");
  Result<std::string> r = Resolve("p/feature/x");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(fs::path(r.value()).filename(), "f-x.js");
}

TEST_F(PackageResolverTest, ExportsWithMainAndPatternEntries) {
  Write(
      "node_modules/p/package.json",
      R"({ "name": "p", "exports": { ".": { "node": "./dist/node.js", "workerd": "./dist/workerd.js", "default": "./dist/default.js" }, "./feature/*": "./dist/feature-*.js" } })");
  Write("node_modules/p/dist/workerd.js", "");
  Write("node_modules/p/dist/feature-x.js", "");
  EXPECT_EQ(fs::path(Resolve("p").value()).filename(), "workerd.js");
  EXPECT_EQ(fs::path(Resolve("p/feature/x").value()).filename(), "feature-x.js");
}

TEST_F(PackageResolverTest, ExportsStringIsTheMainEntry) {
  Write("node_modules/p/package.json", R"({"exports": "./index.mjs"})");
  Write("node_modules/p/index.mjs", "");
  ASSERT_TRUE(Resolve("p").ok());
}

TEST_F(PackageResolverTest, UnexportedSubpathIsAnErrorNamingIt) {
  Write("node_modules/p/package.json", R"({"exports": {".": "./index.js"}})");
  Write("node_modules/p/index.js", "");
  Result<std::string> r = Resolve("p/secret");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("./secret"), std::string::npos);
}

TEST_F(PackageResolverTest, WithoutExportsModuleFieldBeatsMain) {
  Write("node_modules/p/package.json", R"({"module": "esm.js", "main": "cjs.js"})");
  Write("node_modules/p/esm.js", "");
  Write("node_modules/p/cjs.js", "");
  EXPECT_EQ(fs::path(Resolve("p").value()).filename(), "esm.js");
}

TEST_F(PackageResolverTest, ScopedPackagesResolve) {
  Write("node_modules/@s/p/package.json", R"({"main": "lib/index.js"})");
  Write("node_modules/@s/p/lib/index.js", "");
  EXPECT_TRUE(Resolve("@s/p").ok());
}

TEST_F(PackageResolverTest, MissingPackageSaysSo) {
  Result<std::string> r = Resolve("nope");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not found"), std::string::npos);
}

}  // namespace
}  // namespace edgerun::engine
