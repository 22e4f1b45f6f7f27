#include "runtime/config/config_loader.h"

#include <gtest/gtest.h>

#include "tests/unit/config/temp_project.h"

namespace edgerun::config {
namespace {

using testing::TempProject;

TEST(LoadProject, FindsWranglerTomlFirst) {
  TempProject p;
  p.Write("wrangler.toml", "name = \"from-toml\"\n");
  p.Write("wrangler.json", "{\"name\": \"from-json\"}");
  auto c = p.Load();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->name, "from-toml");
  EXPECT_EQ(c->config_path, p.Path("wrangler.toml"));
  EXPECT_EQ(c->base_dir, p.Path());
}

TEST(LoadProject, FindsWranglerJsonBeforeJsonc) {
  TempProject p;
  p.Write("wrangler.json", "{\"name\": \"from-json\"}");
  p.Write("wrangler.jsonc", "{\"name\": \"from-jsonc\"}");
  auto c = p.Load();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "from-json");
}

TEST(LoadProject, FindsWranglerJsonc) {
  TempProject p;
  p.Write("wrangler.jsonc", "{\n  // the name\n  \"name\": \"from-jsonc\",\n}");
  auto c = p.Load();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->name, "from-jsonc");
}

TEST(LoadProject, ExplicitConfigPathIsUsed) {
  TempProject p;
  p.Write("wrangler.toml", "name = \"default\"\n");
  std::string other = p.Write("conf/other.toml", "name = \"other\"\n");
  LoadOptions o;
  o.config_path = other;
  auto c = p.Load(o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "other");
  EXPECT_EQ(c->base_dir, p.Path("conf"));
}

TEST(LoadProject, ExplicitConfigPathMissingIsError) {
  TempProject p;
  LoadOptions o;
  o.config_path = p.Path("nope.toml");
  auto c = p.Load(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, p.Path("nope.toml"));
}

TEST(LoadProject, NoConfigAndNoWorkerIsError) {
  TempProject p;
  auto c = p.Load();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().ToString(),
            "no wrangler.toml, wrangler.json or wrangler.jsonc in " + p.Path());
}

TEST(LoadProject, FolderWithWorkerJsFileIsPagesMode) {
  TempProject p;
  p.Write("_worker.js", "export default {}");
  p.Write("index.html", "<h1>hi</h1>");
  auto c = p.Load();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_TRUE(c->pages);
  EXPECT_EQ(c->main, p.Path("_worker.js"));
  ASSERT_TRUE(c->assets.has_value());
  EXPECT_EQ(c->assets->directory, p.Path());
  EXPECT_EQ(c->assets->binding, "ASSETS");
  EXPECT_TRUE(c->config_path.empty());
}

TEST(LoadProject, FolderWithWorkerJsDirectoryUsesIndexJs) {
  TempProject p;
  p.Write("_worker.js/index.js", "export default {}");
  auto c = p.Load();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->main, p.Path("_worker.js/index.js"));
}

TEST(LoadProject, WorkerJsDirectoryWithoutIndexIsNotPages) {
  TempProject p;
  p.MakeDir("_worker.js");
  EXPECT_FALSE(p.Load().ok());
}

TEST(LoadProject, PagesFolderReadsDevVars) {
  TempProject p;
  p.Write("_worker.js", "export default {}");
  p.Write(".dev.vars", "SECRET=s\n");
  auto c = p.Load();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("SECRET").text, "s");
}

TEST(LoadProject, DevVarsOverrideVars) {
  TempProject p;
  p.Write(".dev.vars", "A=secret\nC=only-here\n");
  auto c = p.LoadText("[vars]\nA = \"public\"\nB = \"kept\"\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->vars.at("A").text, "secret");
  EXPECT_TRUE(c->vars.at("A").is_string);
  EXPECT_EQ(c->vars.at("B").text, "kept");
  EXPECT_EQ(c->vars.at("C").text, "only-here");
}

TEST(LoadProject, DevVarsReplaceJsonVarWithString) {
  TempProject p;
  p.Write(".dev.vars", "N=5\n");
  auto c = p.LoadText("[vars]\nN = 4\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->vars.at("N").is_string);
  EXPECT_EQ(c->vars.at("N").text, "5");
}

TEST(LoadProject, VarOverridesBeatDevVarsAndVars) {
  TempProject p;
  p.Write(".dev.vars", "A=secret\n");
  LoadOptions o;
  o.var_overrides = {{"A", "cli"}, {"NEW", "x:y"}};
  auto c = p.LoadText("[vars]\nA = \"public\"\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("A").text, "cli");
  EXPECT_EQ(c->vars.at("NEW").text, "x:y");
}

TEST(LoadProject, DevVarsEnvFilePreferredWithEnv) {
  TempProject p;
  p.Write(".dev.vars", "A=default\n");
  p.Write(".dev.vars.staging", "A=staging\n");
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("name = \"w\"\n[env.staging]\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->vars.at("A").text, "staging");
}

TEST(LoadProject, DotEnvReadWhenNoDevVars) {
  TempProject p;
  p.Write(".env", "A=from-env\n");
  auto c = p.LoadText("name = \"w\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("A").text, "from-env");
}

TEST(LoadProject, DevVarsNextToConfigFileNotProjectDir) {
  TempProject p;
  p.Write(".dev.vars", "A=wrong\n");
  p.Write("conf/.dev.vars", "A=right\n");
  LoadOptions o;
  o.config_path = p.Write("conf/wrangler.toml", "name = \"w\"\n");
  auto c = p.Load(o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("A").text, "right");
}

TEST(LoadProject, MalformedDevVarsLineIsWarning) {
  TempProject p;
  p.Write(".dev.vars", "A=1\noops\n");
  auto c = p.LoadText("name = \"w\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining(p.Path(".dev.vars") + ":2: ignoring malformed line"));
}

TEST(ParseConfigText, ParsesTomlAndJsoncFromText) {
  TempProject p;
  LoadOptions o;
  std::vector<Error> warnings;
  auto t = ParseConfigText("name = \"a\"\n", Format::kToml, p.Path("wrangler.toml"), o, &warnings);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->name, "a");
  auto j = ParseConfigText("{\"name\": \"b\",}", Format::kJsonc, p.Path("x.jsonc"), o, &warnings);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->name, "b");
}

TEST(FormatForPath, JsonExtensionsAreJsonc) {
  EXPECT_EQ(FormatForPath("/a/wrangler.json"), Format::kJsonc);
  EXPECT_EQ(FormatForPath("/a/wrangler.jsonc"), Format::kJsonc);
  EXPECT_EQ(FormatForPath("/a/wrangler.toml"), Format::kToml);
}

}  // namespace
}  // namespace edgerun::config
