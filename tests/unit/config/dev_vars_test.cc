#include "runtime/config/dev_vars.h"

#include <gtest/gtest.h>

#include "tests/unit/config/temp_project.h"

namespace edgerun::config {
namespace {

using testing::TempProject;

std::vector<DotenvEntry> Parse(const std::string& text, std::vector<Error>* warnings = nullptr) {
  return ParseDotenv(text, "/p/.dev.vars", warnings);
}

TEST(Dotenv, KeyValueLinesCommentsAndBlanks) {
  auto e = Parse("# comment\n\nA=1\n  B = two words  \nexport C=3\nD=\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].key, "A");
  EXPECT_EQ(e[0].value, "1");
  EXPECT_EQ(e[0].line, 3);
  EXPECT_EQ(e[1].value, "two words");
  EXPECT_EQ(e[2].key, "C");
  EXPECT_EQ(e[3].value, "");
}

TEST(Dotenv, UnquotedValueEndsAtHash) {
  auto e = Parse("A=abc # note\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "abc");
}

TEST(Dotenv, DoubleQuotesExpandNewlineEscapes) {
  auto e = Parse("A=\"line1\\nline2 # not a comment\"\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "line1\nline2 # not a comment");
}

TEST(Dotenv, SingleQuotesAreLiteral) {
  auto e = Parse("A='a\\nb'\nB=`x`\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "a\\nb");
  EXPECT_EQ(e[1].value, "x");
}

TEST(Dotenv, QuotedValueMaySpanLines) {
  auto e = Parse("KEY=\"-----BEGIN\nabc\n-----END\"\nNEXT=1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "-----BEGIN\nabc\n-----END");
  EXPECT_EQ(e[1].key, "NEXT");
  EXPECT_EQ(e[1].line, 4);
}

TEST(Dotenv, YamlStyleColonSeparator) {
  auto e = Parse("A: 1\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "1");
}

TEST(Dotenv, MalformedLineIsWarningWithFileAndLine) {
  std::vector<Error> warnings;
  auto e = Parse("A=1\nnot a pair\nB=\"open\n", &warnings);
  ASSERT_EQ(e.size(), 1u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].file, "/p/.dev.vars");
  EXPECT_EQ(warnings[0].line, 2);
  EXPECT_EQ(warnings[1].line, 3);
}

TEST(Dotenv, CrLfLineEndings) {
  auto e = Parse("A=1\r\nB=\"x\"\r\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "1");
  EXPECT_EQ(e[1].value, "x");
}

TEST(DevVarsFiles, EnvSpecificFileIsPreferred) {
  TempProject p;
  p.Write(".dev.vars", "A=1\n");
  p.Write(".dev.vars.staging", "A=2\n");
  EXPECT_EQ(DevVarsFiles(p.Path(), std::string("staging")),
            std::vector<std::string>{p.Path(".dev.vars.staging")});
  EXPECT_EQ(DevVarsFiles(p.Path(), std::string("prod")),
            std::vector<std::string>{p.Path(".dev.vars")});
  EXPECT_EQ(DevVarsFiles(p.Path(), std::nullopt), std::vector<std::string>{p.Path(".dev.vars")});
}

TEST(DevVarsFiles, DotEnvFilesOnlyWithoutDevVars) {
  TempProject p;
  p.Write(".env", "A=1\n");
  p.Write(".env.staging", "A=2\n");
  EXPECT_EQ(DevVarsFiles(p.Path(), std::string("staging")),
            (std::vector<std::string>{p.Path(".env"), p.Path(".env.staging")}));
  p.Write(".dev.vars", "A=3\n");
  EXPECT_EQ(DevVarsFiles(p.Path(), std::string("staging")),
            std::vector<std::string>{p.Path(".dev.vars")});
}

TEST(DevVarsFiles, DotEnvLocalFilesFollowTheirBase) {
  TempProject p;
  p.Write(".env", "A=1\n");
  p.Write(".env.local", "A=2\n");
  p.Write(".env.staging.local", "A=3\n");
  EXPECT_EQ(DevVarsFiles(p.Path(), std::string("staging")),
            (std::vector<std::string>{p.Path(".env"), p.Path(".env.local"),
                                      p.Path(".env.staging.local")}));
  auto merged = LoadDevVars(p.Path(), std::string("staging"), nullptr);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->back(), (std::pair<std::string, std::string>{"A", "3"}));
}

TEST(DevVarsFiles, DotEnvSkippedWhenDisabledByEnvironment) {
  TempProject p;
  p.Write(".env", "A=1\n");
  setenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV", "false", 1);
  auto files = DevVarsFiles(p.Path(), std::nullopt);
  unsetenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV");
  EXPECT_TRUE(files.empty());
}

}  // namespace
}  // namespace edgerun::config
