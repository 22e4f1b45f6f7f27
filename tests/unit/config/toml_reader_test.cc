#include "runtime/config/toml_reader.h"

#include <gtest/gtest.h>

namespace edgerun::config {
namespace {

TEST(ReadToml, ValuesCarryLineAndColumn) {
  auto root = ReadToml("name = \"w\"\n\n[assets]\ndirectory = \"./public\"\n", "/x/wrangler.toml");
  ASSERT_TRUE(root.ok()) << root.error().ToString();
  const ConfigNode* name = root->Find("name");
  EXPECT_EQ(name->line, 1);
  EXPECT_EQ(name->column, 8);
  const ConfigNode* dir = root->Find("assets")->Find("directory");
  EXPECT_EQ(dir->text, "./public");
  EXPECT_EQ(dir->line, 4);
  EXPECT_EQ(dir->column, 13);
  EXPECT_EQ(dir->key_line, 4);
  EXPECT_EQ(dir->key_column, 1);
}

TEST(ReadToml, FieldsKeepSourceOrder) {
  auto root = ReadToml("zeta = 1\nalpha = 2\n", "/x/w.toml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->fields[0].key, "zeta");
  EXPECT_EQ(root->fields[1].key, "alpha");
}

TEST(ReadToml, SyntaxErrorHasFileLineColumnAndDescription) {
  auto root = ReadToml("name = \"w\"\nmain = \n", "/x/wrangler.toml");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().file, "/x/wrangler.toml");
  EXPECT_EQ(root.error().line, 2);
  EXPECT_GT(root.error().column, 0);
  EXPECT_NE(root.error().message.find("TOML syntax error"), std::string::npos);
}

TEST(ReadToml, DatesAreKeptAsDateTimeNodes) {
  auto root = ReadToml("d = 2024-01-02\n", "/x/w.toml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->Find("d")->kind, ConfigNode::Kind::kDateTime);
  EXPECT_EQ(root->Find("d")->text, "2024-01-02");
}

TEST(ReadToml, NonStringValuesConvertToJson) {
  auto root = ReadToml("v = { a = 1, b = [true, 2.5, \"s\"] }\nf = 3.0\n", "/x/w.toml");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->Find("v")->ToJson(), R"({"a":1,"b":[true,2.5,"s"]})");
  EXPECT_EQ(root->Find("f")->ToJson(), "3");
}

}  // namespace
}  // namespace edgerun::config
