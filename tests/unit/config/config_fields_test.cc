// The rules for each configuration key (spec assets.md section 9), through LoadProject.
#include <gtest/gtest.h>

#include "runtime/config/config_loader.h"
#include "tests/unit/config/temp_project.h"

namespace edgerun::config {
namespace {

using testing::TempProject;

// Loads `text` as wrangler.toml and expects an error whose message contains `needle`.
::testing::AssertionResult FailsWith(TempProject& p, const std::string& text,
                                     const std::string& needle,
                                     const std::string& file = "wrangler.toml",
                                     LoadOptions options = {}) {
  auto c = p.LoadText(text, file, options);
  if (c.ok()) return ::testing::AssertionFailure() << "loaded without error";
  if (c.error().message.find(needle) == std::string::npos) {
    return ::testing::AssertionFailure() << "error was: " << c.error().ToString();
  }
  return ::testing::AssertionSuccess();
}

// ---- errors carry file:line:column -------------------------------------------------------

TEST(ConfigFields, WrongTypeNamesFileLineColumnAndField) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\n\n\ncompatibility_flags = 5\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().ToString(), p.Path("wrangler.toml") +
                                      ":4:23: \"compatibility_flags\" should be an array of "
                                      "strings but got 5");
}

TEST(ConfigFields, WrongTypeInJsonHasLineColumn) {
  TempProject p;
  auto c = p.LoadText("{\n  \"name\": \"w\",\n  \"compatibility_flags\": 5\n}", "wrangler.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, p.Path("wrangler.json"));
  EXPECT_EQ(c.error().line, 3);
  EXPECT_EQ(c.error().column, 26);
}

TEST(ConfigFields, TomlSyntaxErrorHasFileLineColumn) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\n[assets\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, p.Path("wrangler.toml"));
  EXPECT_EQ(c.error().line, 2);
  EXPECT_GT(c.error().column, 0);
}

TEST(ConfigFields, JsonSyntaxErrorHasFileLineColumn) {
  TempProject p;
  auto c = p.LoadText("{\n  \"name\": \"w\"\n  \"main\": \"x\"\n}", "wrangler.jsonc");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().file, p.Path("wrangler.jsonc"));
  EXPECT_EQ(c.error().line, 3);
  EXPECT_EQ(c.error().column, 3);
}

// ---- name --------------------------------------------------------------------------------

TEST(ConfigFields, NameAcceptsLowercaseDigitsDashUnderscore) {
  TempProject p;
  auto c = p.LoadText("name = \"my_worker-2\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "my_worker-2");
}

TEST(ConfigFields, NameWithUppercaseIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "name = \"My_Worker\"\n",
                        "Expected \"name\" to be of type string, alphanumeric and lowercase with "
                        "dashes only but got \"My_Worker\"."));
}

TEST(ConfigFields, NameStartingWithDashIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "name = \"-w\"\n", "alphanumeric and lowercase"));
}

TEST(ConfigFields, NameNotStringIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "name = 5\n", "but got 5."));
}

// ---- main --------------------------------------------------------------------------------

TEST(ConfigFields, MainResolvedRelativeToConfigFile) {
  TempProject p;
  p.Write("src/index.js", "export default {}");
  auto c = p.LoadText("main = \"./src/../src/index.js\"\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->main, p.Path("src/index.js"));
}

TEST(ConfigFields, MissingMainNamesValuePositionAndPath) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\nmain = \"src/nope.js\"\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().ToString(),
            p.Path("wrangler.toml") +
                ":2:8: \"main\" points to a file that does not exist: " + p.Path("src/nope.js"));
}

TEST(ConfigFields, NoMainIsAssetsOnly) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->main.has_value());
}

// ---- compatibility_date / compatibility_flags ---------------------------------------------

TEST(ConfigFields, CompatibilityDateIsRead) {
  TempProject p;
  auto c = p.LoadText("compatibility_date = \"2025-04-01\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->compatibility_date, "2025-04-01");
}

TEST(ConfigFields, CompatibilityDateWithEnDashHasDedicatedError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "compatibility_date = \"2025\u201304\u201301\"\n",
                        "\"compatibility_date\" field should use ISO-8601 accepted hyphens (-) "
                        "rather than en-dashes (\u2013) or em-dashes (\u2014)."));
  EXPECT_TRUE(
      FailsWith(p, "compatibility_date = \"2025\u201404\u201401\"\n", "ISO-8601 accepted hyphens"));
}

TEST(ConfigFields, CompatibilityDateInvalidIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "compatibility_date = \"2025/04/01\"\n",
                        "\"compatibility_date\" field should be a valid ISO-8601 date "
                        "(YYYY-MM-DD), but got \"2025/04/01\"."));
  EXPECT_TRUE(FailsWith(p, "compatibility_date = \"2025-02-30\"\n", "valid ISO-8601 date"));
  EXPECT_TRUE(FailsWith(p, "compatibility_date = \"2025-4-1\"\n", "valid ISO-8601 date"));
}

TEST(ConfigFields, CompatibilityDateUnquotedTomlDateIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "compatibility_date = 2025-04-01\n", "write it in quotes"));
}

TEST(ConfigFields, CompatibilityFlagsAreRead) {
  TempProject p;
  auto c = p.LoadText("compatibility_flags = [\"nodejs_compat\", \"nodejs_als\"]\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->compatibility_flags, (std::vector<std::string>{"nodejs_compat", "nodejs_als"}));
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ConfigFields, CompatibilityFlagNotStringIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "compatibility_flags = [\"nodejs_compat\", 1]\n",
                        "Expected \"compatibility_flags.[1]\" to be of type string but got 1."));
}

TEST(ConfigFields, UnknownCompatibilityFlagIsWarning) {
  TempProject p;
  auto c = p.LoadText("compatibility_flags = [\"nodejs_compatt\"]\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining(p.Path("wrangler.toml") +
                                     ":1:24: Unknown compatibility flag \"nodejs_compatt\""));
  EXPECT_EQ(c->compatibility_flags.size(), 1u);
}

// ---- vars --------------------------------------------------------------------------------

TEST(ConfigFields, VarsStringsAndJsonValues) {
  TempProject p;
  auto c = p.LoadText("[vars]\nS = \"text\"\nN = 42\nB = true\nO = { a = [1, \"x\"] }\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_TRUE(c->vars.at("S").is_string);
  EXPECT_EQ(c->vars.at("S").text, "text");
  EXPECT_FALSE(c->vars.at("N").is_string);
  EXPECT_EQ(c->vars.at("N").text, "42");
  EXPECT_EQ(c->vars.at("B").text, "true");
  EXPECT_EQ(c->vars.at("O").text, R"({"a":[1,"x"]})");
}

TEST(ConfigFields, VarsJsonValuesFromJsonConfig) {
  TempProject p;
  auto c = p.LoadText(R"({"vars": {"S": "x", "O": {"k": [1.5, null]}}})", "wrangler.json");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("S").text, "x");
  EXPECT_FALSE(c->vars.at("O").is_string);
  EXPECT_EQ(c->vars.at("O").text, R"({"k":[1.5,null]})");
}

TEST(ConfigFields, VarsTomlDatetimeIsRejected) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[vars]\nWHEN = 2024-01-01T00:00:00Z\n", "\"vars.WHEN\""));
}

TEST(ConfigFields, VarsNotObjectIsError) {
  TempProject p;
  EXPECT_TRUE(
      FailsWith(p, "vars = \"x\"\n", "The field \"vars\" should be an object but got \"x\""));
}

// ---- assets ------------------------------------------------------------------------------

TEST(ConfigFields, AssetsAllFieldsAreRead) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  auto c = p.LoadText(
      "main = \"index.js\"\n"
      "[assets]\n"
      "directory = \"./public\"\n"
      "binding = \"ASSETS\"\n"
      "html_handling = \"drop-trailing-slash\"\n"
      "not_found_handling = \"single-page-application\"\n"
      "run_worker_first = [\"/api/*\", \"!/api/static\"]\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ASSERT_TRUE(c->assets.has_value());
  const AssetsConfig& a = *c->assets;
  EXPECT_EQ(a.directory, p.Path("public"));
  EXPECT_EQ(a.binding, "ASSETS");
  EXPECT_EQ(a.html_handling, HtmlHandling::kDropTrailingSlash);
  EXPECT_EQ(a.not_found_handling, NotFoundHandling::kSinglePageApplication);
  EXPECT_TRUE(a.run_worker_first.is_array);
  EXPECT_FALSE(a.run_worker_first.all);
  EXPECT_EQ(a.run_worker_first.patterns, (std::vector<std::string>{"/api/*", "!/api/static"}));
  EXPECT_EQ(a.source_file, p.Path("wrangler.toml"));
  EXPECT_EQ(a.run_worker_first_line, 7);
  EXPECT_EQ(a.run_worker_first_column, 20);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ConfigFields, AssetsDefaults) {
  TempProject p;
  p.MakeDir("public");
  auto c = p.LoadText("[assets]\ndirectory = \"public\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->assets->html_handling, HtmlHandling::kAutoTrailingSlash);
  EXPECT_EQ(c->assets->not_found_handling, NotFoundHandling::kNone);
  EXPECT_FALSE(c->assets->binding.has_value());
  EXPECT_FALSE(c->assets->run_worker_first.all);
  EXPECT_FALSE(c->assets->run_worker_first.is_array);
}

TEST(ConfigFields, AssetsNotObjectIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "assets = \"public\"\n",
                        "\"assets\" should be an object, but got value \"assets\" of type string"));
}

TEST(ConfigFields, AssetsMissingDirectoryIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[assets]\nbinding = \"A\"\n",
                        "The `assets` property in your configuration is missing the required "
                        "`directory` property."));
}

TEST(ConfigFields, AssetsEmptyDirectoryIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"\"\n",
                        "The assets directory cannot be an empty string."));
}

TEST(ConfigFields, AssetsDirectoryNotStringIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = 5\n",
                        "Expected \"assets.directory\" to be of type string but got 5."));
}

TEST(ConfigFields, AssetsDirectoryMissingIsErrorWithAbsolutePath) {
  TempProject p;
  auto c = p.LoadText("[assets]\ndirectory = \"./dist\"\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().ToString(),
            p.Path("wrangler.toml") +
                ":2:13: The directory specified by the \"assets.directory\" field in your "
                "configuration file does not exist: " +
                p.Path("dist"));
}

TEST(ConfigFields, AssetsDirectoryThatIsAFileIsError) {
  TempProject p;
  p.Write("dist", "not a folder");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"dist\"\n", "doesn't point to a directory"));
}

TEST(ConfigFields, AssetsBindingNotStringIsError) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  EXPECT_TRUE(FailsWith(p,
                        "main = \"index.js\"\nassets = { directory = \"public\", binding = 1 }\n",
                        "Expected \"assets.binding\" to be of type string but got 1."));
}

TEST(ConfigFields, AssetsBindingWithoutMainIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nbinding = \"ASSETS\"\n",
                        "Cannot use assets with a binding in an assets-only Worker."));
}

TEST(ConfigFields, AssetsHtmlHandlingUnknownValueIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nhtml_handling = \"x\"\n",
                        "Expected \"assets.html_handling\" field to be one of "
                        "[\"auto-trailing-slash\",\"force-trailing-slash\",\"drop-trailing-slash\","
                        "\"none\"] but got \"x\"."));
}

TEST(ConfigFields, AssetsHtmlHandlingNotStringIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nhtml_handling = 5\n",
                        "Expected \"assets.html_handling\" to be of type string but got 5."));
}

TEST(ConfigFields, AssetsNotFoundHandlingUnknownValueIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nnot_found_handling = \"spa\"\n",
                        "Expected \"assets.not_found_handling\" field to be one of "
                        "[\"single-page-application\",\"404-page\",\"none\"] but got \"spa\"."));
}

TEST(ConfigFields, AssetsNotFoundHandlingValuesAreRead) {
  TempProject p;
  p.MakeDir("public");
  auto c = p.LoadText("[assets]\ndirectory = \"public\"\nnot_found_handling = \"404-page\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->assets->not_found_handling, NotFoundHandling::k404Page);
}

TEST(ConfigFields, RunWorkerFirstTrueIsRead) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  auto c = p.LoadText(
      "main = \"index.js\"\n[assets]\ndirectory = \"public\"\nbinding = \"ASSETS\"\n"
      "run_worker_first = true\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->assets->run_worker_first.all);
  EXPECT_FALSE(c->assets->run_worker_first.is_array);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ConfigFields, RunWorkerFirstTrueWithoutBindingIsWarning) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  auto c = p.LoadText(
      "main = \"index.js\"\n[assets]\ndirectory = \"public\"\nrun_worker_first = true\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining("no \"assets.binding\""));
}

TEST(ConfigFields, RunWorkerFirstWrongTypeIsError) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  EXPECT_TRUE(FailsWith(p,
                        "main = \"index.js\"\n[assets]\ndirectory = \"public\"\n"
                        "run_worker_first = \"/api/*\"\n",
                        "The field \"assets.run_worker_first\" should be an array of strings or a "
                        "boolean, but got \"/api/*\"."));
}

TEST(ConfigFields, RunWorkerFirstNonStringElementIsError) {
  TempProject p;
  p.MakeDir("public");
  p.Write("index.js", "");
  EXPECT_TRUE(
      FailsWith(p,
                "main = \"index.js\"\n[assets]\ndirectory = \"public\"\n"
                "run_worker_first = [1]\n",
                "Expected \"assets.run_worker_first.[0]\" to be of type string but got 1."));
}

TEST(ConfigFields, RunWorkerFirstWithoutMainIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nrun_worker_first = [\"/api/*\"]\n",
                        "Cannot set run_worker_first without a Worker script."));
  EXPECT_TRUE(FailsWith(p, "[assets]\ndirectory = \"public\"\nrun_worker_first = true\n",
                        "Cannot set run_worker_first without a Worker script."));
}

TEST(ConfigFields, RunWorkerFirstFalseWithoutMainIsAccepted) {
  TempProject p;
  p.MakeDir("public");
  auto c = p.LoadText("[assets]\ndirectory = \"public\"\nrun_worker_first = false\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
}

TEST(ConfigFields, AssetsUnexpectedFieldIsWarning) {
  TempProject p;
  p.MakeDir("public");
  auto c =
      p.LoadText("[assets]\ndirectory = \"public\"\nexperimental_serve_directly = true\nfoo = 1\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining(
      p.Path("wrangler.toml") +
      ":3:1: Unexpected fields found in assets field: \"experimental_serve_directly\",\"foo\""));
}

TEST(ConfigFields, AssetsAndSiteTogetherIsError) {
  TempProject p;
  p.MakeDir("public");
  EXPECT_TRUE(FailsWith(p, "site = { bucket = \"./public\" }\n[assets]\ndirectory = \"public\"\n",
                        "Cannot use assets and Workers Sites in the same Worker."));
}

TEST(ConfigFields, AssetsInJsonConfig) {
  TempProject p;
  p.MakeDir("public");
  auto c = p.LoadText(R"({"assets": {"directory": "public", "html_handling": "none"}})",
                      "wrangler.jsonc");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->assets->html_handling, HtmlHandling::kNone);
}

// ---- Pages -------------------------------------------------------------------------------

TEST(ConfigFields, PagesBuildOutputDirIsAssetsWithWorkerJs) {
  TempProject p;
  p.Write("dist/_worker.js", "export default {}");
  auto c = p.LoadText("name = \"site\"\npages_build_output_dir = \"./dist\"\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_TRUE(c->pages);
  EXPECT_EQ(c->assets->directory, p.Path("dist"));
  EXPECT_EQ(c->assets->binding, "ASSETS");
  EXPECT_EQ(c->main, p.Path("dist/_worker.js"));
}

TEST(ConfigFields, PagesBuildOutputDirWithoutWorkerIsAssetsOnly) {
  TempProject p;
  p.MakeDir("dist");
  auto c = p.LoadText("name = \"site\"\npages_build_output_dir = \"dist\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->main.has_value());
}

TEST(ConfigFields, PagesWithMainIsError) {
  TempProject p;
  p.MakeDir("dist");
  p.Write("index.js", "");
  EXPECT_TRUE(FailsWith(p, "name = \"s\"\nmain = \"index.js\"\npages_build_output_dir = \"dist\"\n",
                        "Configuration file cannot contain both \"main\" and "
                        "\"pages_build_output_dir\" configuration keys."));
}

TEST(ConfigFields, PagesRequiresName) {
  TempProject p;
  p.MakeDir("dist");
  EXPECT_TRUE(FailsWith(p, "pages_build_output_dir = \"dist\"\n",
                        "Missing top-level field \"name\" in configuration file."));
}

TEST(ConfigFields, PagesWithAssetsIsError) {
  TempProject p;
  p.MakeDir("dist");
  EXPECT_TRUE(FailsWith(p,
                        "name = \"s\"\npages_build_output_dir = \"dist\"\n"
                        "[assets]\ndirectory = \"dist\"\n",
                        "Configuration file for Pages projects does not support \"assets\""));
}

TEST(ConfigFields, PagesOnlyPreviewAndProductionEnvs) {
  TempProject p;
  p.MakeDir("dist");
  EXPECT_TRUE(FailsWith(p, "name = \"s\"\npages_build_output_dir = \"dist\"\n[env.staging]\n",
                        "not supported by Pages projects: \"staging\""));
  auto c = p.LoadText("name = \"s\"\npages_build_output_dir = \"dist\"\n[env.preview]\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
}

TEST(ConfigFields, PagesMissingOutputDirIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "name = \"s\"\npages_build_output_dir = \"dist\"\n",
                        "\"pages_build_output_dir\" field in your configuration file does not "
                        "exist: " +
                            p.Path("dist")));
}

// ---- [dev] and [limits] -----------------------------------------------------------------

TEST(ConfigFields, DevSectionIsRead) {
  TempProject p;
  auto c = p.LoadText(
      "[dev]\nip = \"0.0.0.0\"\nport = 9000\nupstream = \"http://localhost:3000\"\n"
      "header_timeout_ms = 1000\nidle_timeout_ms = 2000\nbody_timeout_ms = 3000\n"
      "shutdown_grace_ms = 4000\nwait_until_limit_ms = 5000\nrequest_timeout_ms = 6000\n"
      "local_protocol = \"http\"\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->dev.ip, "0.0.0.0");
  EXPECT_EQ(c->dev.port, 9000);
  EXPECT_EQ(c->dev.upstream, "http://localhost:3000");
  EXPECT_EQ(c->limits.header_timeout_ms, 1000u);
  EXPECT_EQ(c->limits.idle_timeout_ms, 2000u);
  EXPECT_EQ(c->limits.body_timeout_ms, 3000u);
  EXPECT_EQ(c->limits.shutdown_grace_ms, 4000u);
  EXPECT_EQ(c->limits.wait_until_limit_ms, 5000u);
  EXPECT_EQ(c->limits.request_timeout_ms, 6000u);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ConfigFields, DevDefaults) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->dev.ip, "127.0.0.1");
  EXPECT_EQ(c->dev.port, 8787);
  EXPECT_FALSE(c->dev.upstream.has_value());
}

TEST(ConfigFields, DevPortOutOfRangeIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[dev]\nport = 70000\n",
                        "\"dev.port\" should be an integer between 0 and 65535 but got 70000."));
  EXPECT_TRUE(FailsWith(p, "[dev]\nport = \"80\"\n", "\"dev.port\" should be an integer"));
}

TEST(ConfigFields, DevUpstreamMustBeHttpUrl) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[dev]\nupstream = \"localhost:3000\"\n",
                        "\"dev.upstream\" should be an http:// or https:// URL"));
}

TEST(ConfigFields, DevUnknownKeyIsWarning) {
  TempProject p;
  auto c = p.LoadText("[dev]\nprot = 1\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining(":2:1: Unexpected fields found in dev field: \"prot\""));
}

TEST(ConfigFields, LimitsSectionIsRead) {
  TempProject p;
  auto c = p.LoadText(
      "[limits]\nmax_body_bytes = 1048576\nmax_head_bytes = 8192\nmax_header_count = 50\n"
      "write_buffer_bytes = 65536\ncpu_ms = 50\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->limits.max_body_bytes, 1048576u);
  EXPECT_EQ(c->limits.max_head_bytes, 8192u);
  EXPECT_EQ(c->limits.max_header_count, 50u);
  EXPECT_EQ(c->limits.write_buffer_bytes, 65536u);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ConfigFields, LimitsNonPositiveIsError) {
  TempProject p;
  EXPECT_TRUE(FailsWith(p, "[limits]\nmax_body_bytes = 0\n",
                        "\"limits.max_body_bytes\" should be an integer between 1 and"));
  EXPECT_TRUE(FailsWith(p, "[limits]\nmax_head_bytes = 1.5\n", "\"limits.max_head_bytes\""));
}

TEST(ConfigFields, LimitsUnknownKeyIsWarning) {
  TempProject p;
  auto c = p.LoadText("[limits]\nmax_bdy_bytes = 1\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining("Unexpected fields found in limits field: \"max_bdy_bytes\""));
}

// ---- [env.NAME] --------------------------------------------------------------------------

TEST(ConfigFields, EnvSectionOverridesTopLevelKeys) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText(
      "name = \"w\"\ncompatibility_date = \"2024-01-01\"\n"
      "[env.staging]\ncompatibility_date = \"2025-05-05\"\n",
      "wrangler.toml", o);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->compatibility_date, "2025-05-05");
  EXPECT_EQ(c->name, "w-staging");
}

TEST(ConfigFields, EnvOwnNameIsNotSuffixed) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("name = \"w\"\n[env.staging]\nname = \"other\"\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "other");
}

TEST(ConfigFields, EnvVarsAreNotInherited) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("[vars]\nA = \"top\"\nB = \"top\"\n[env.staging.vars]\nA = \"env\"\n",
                      "wrangler.toml", o);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->vars.at("A").text, "env");
  EXPECT_EQ(c->vars.count("B"), 0u);
  EXPECT_TRUE(
      p.HasWarningContaining("\"vars.B\" exists at the top level, but not on \"env.staging\""));
}

TEST(ConfigFields, EnvWithoutVarsGetsNone) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("[vars]\nA = \"top\"\n[env.staging]\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->vars.empty());
}

TEST(ConfigFields, EnvInheritsAssets) {
  TempProject p;
  p.MakeDir("public");
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("[assets]\ndirectory = \"public\"\n[env.staging]\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ASSERT_TRUE(c->assets.has_value());
  EXPECT_EQ(c->assets->directory, p.Path("public"));
}

TEST(ConfigFields, WithoutEnvNameTopLevelIsUsed) {
  TempProject p;
  auto c = p.LoadText("[vars]\nA = \"top\"\n[env.staging.vars]\nA = \"env\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vars.at("A").text, "top");
}

TEST(ConfigFields, MissingEnvNameIsError) {
  TempProject p;
  LoadOptions o;
  o.env_name = "prod";
  EXPECT_TRUE(FailsWith(p, "[env.staging]\n", "No environment named \"prod\"", "wrangler.toml", o));
  EXPECT_TRUE(FailsWith(p, "name = \"w\"\n", "No environment named \"prod\"", "wrangler.toml", o));
}

TEST(ConfigFields, EnvErrorsPointIntoTheEnvSection) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c =
      p.LoadText("name = \"w\"\n[env.staging]\ncompatibility_flags = \"x\"\n", "wrangler.toml", o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().line, 3);
}

// ---- unknown keys ------------------------------------------------------------------------

TEST(ConfigFields, UnknownTopLevelKeyIsWarningWithPosition) {
  TempProject p;
  auto c = p.LoadText("name = \"w\"\nnmae = \"x\"\n");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].ToString(),
            p.Path("wrangler.toml") + ":2:1: Unexpected fields found in top-level field: \"nmae\"");
}

TEST(ConfigFields, UnknownKeyInJsonIsWarningWithPosition) {
  TempProject p;
  auto c = p.LoadText("{\n  \"nmae\": 1\n}", "wrangler.json");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].line, 2);
  EXPECT_EQ(p.warnings[0].column, 3);
}

TEST(ConfigFields, KnownWranglerKeysAreAcceptedSilently) {
  TempProject p;
  auto c = p.LoadText(
      "account_id = \"x\"\nworkers_dev = true\nroute = \"example.com/*\"\nminify = true\n"
      "upload_source_maps = true\nnode_compat = false\ntsconfig = \"t.json\"\n"
      "routes = []\n[build]\ncommand = \"make\"\n[observability]\nenabled = true\n"
      "[placement]\nmode = \"smart\"\n[triggers]\ncrons = []\n[[rules]]\ntype = \"Text\"\n"
      "globs = [\"*.txt\"]\n[[migrations]]\ntag = \"v1\"\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_TRUE(p.warnings.empty()) << p.warnings[0].ToString();
}

TEST(ConfigFields, UnsupportedBindingsAreWarnings) {
  TempProject p;
  auto c = p.LoadText("[[kv_namespaces]]\nbinding = \"KV\"\nid = \"x\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(
      p.HasWarningContaining("\"kv_namespaces\" bindings are not supported by edgerun yet"));
}

TEST(ConfigFields, UnknownKeyInEnvSectionIsWarning) {
  TempProject p;
  LoadOptions o;
  o.env_name = "staging";
  auto c = p.LoadText("[env.staging]\nbogus = 1\n", "wrangler.toml", o);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(p.HasWarningContaining("Unexpected fields found in env.staging field: \"bogus\""));
}

}  // namespace
}  // namespace edgerun::config
