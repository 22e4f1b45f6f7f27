#include "runtime/config/json_reader.h"

#include <gtest/gtest.h>

namespace edgerun::config {
namespace {

TEST(StripJsonc, CommentsBecomeSpacesAndKeepOffsets) {
  std::string in = "{ // c\n /* a\n b */ \"k\": 1 }";
  std::string out = StripJsonc(in);
  EXPECT_EQ(out.size(), in.size());
  EXPECT_EQ(out, "{     \n     \n      \"k\": 1 }");
}

TEST(StripJsonc, CommentMarkersInsideStringsAreKept) {
  std::string in = R"({"u": "http://x/*y*/", "e": "a\"//b"})";
  EXPECT_EQ(StripJsonc(in), in);
}

TEST(StripJsonc, TrailingCommasRemoved) {
  EXPECT_EQ(StripJsonc("[1,2,]"), "[1,2 ]");
  EXPECT_EQ(StripJsonc("{\"a\":1,\n}"), "{\"a\":1 \n}");
  EXPECT_EQ(StripJsonc("{\"a\":1, /* x */ }"), "{\"a\":1          }");
  EXPECT_EQ(StripJsonc("[\",]\"]"), "[\",]\"]");
}

TEST(PositionOfOffset, CountsLinesAndCharacters) {
  std::string text = "ab\ncd\u00e9f";
  TextPosition p = PositionOfOffset(text, text.find('f'));
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 4);  // c, d, é (two bytes) then f
}

TEST(ReadJsonc, ValuesCarryLineAndColumn) {
  auto root = ReadJsonc("{\n  \"name\": \"w\",\n  \"flags\": [1, \"x\"]\n}", "/x/wrangler.json");
  ASSERT_TRUE(root.ok()) << root.error().ToString();
  const ConfigNode* name = root->Find("name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->text, "w");
  EXPECT_EQ(name->line, 2);
  EXPECT_EQ(name->column, 11);
  EXPECT_EQ(name->key_line, 2);
  EXPECT_EQ(name->key_column, 3);
  const ConfigNode* flags = root->Find("flags");
  ASSERT_EQ(flags->items.size(), 2u);
  EXPECT_EQ(flags->items[1].line, 3);
  EXPECT_EQ(flags->items[1].column, 16);
}

TEST(ReadJsonc, JsoncCommentsAndTrailingCommasAccepted) {
  auto root = ReadJsonc("// top\n{\n /* c */ \"a\": [1, 2,], // x\n \"b\": {\"c\": true,},\n}\n",
                        "/x/wrangler.jsonc");
  ASSERT_TRUE(root.ok()) << root.error().ToString();
  EXPECT_EQ(root->Find("a")->items.size(), 2u);
  EXPECT_EQ(root->Find("a")->line, 3);
  EXPECT_EQ(root->Find("a")->column, 15);
  EXPECT_TRUE(root->Find("b")->Find("c")->boolean);
}

TEST(ReadJsonc, NumbersKeepTheirJsonText) {
  auto root = ReadJsonc(R"({"i": 42, "f": 1.5e3, "n": -7, "z": null})", "/x/w.json");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->Find("i")->kind, ConfigNode::Kind::kInt);
  EXPECT_EQ(root->Find("i")->integer, 42);
  EXPECT_EQ(root->Find("f")->kind, ConfigNode::Kind::kFloat);
  EXPECT_EQ(root->Find("f")->ToJson(), "1.5e3");
  EXPECT_EQ(root->Find("n")->integer, -7);
  EXPECT_EQ(root->ToJson(), R"({"i":42,"f":1.5e3,"n":-7,"z":null})");
}

TEST(ReadJsonc, SyntaxErrorHasFileLineColumn) {
  auto root = ReadJsonc("{\n  \"a\": 1\n  \"b\": 2\n}", "/x/wrangler.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().file, "/x/wrangler.json");
  EXPECT_EQ(root.error().line, 3);
  EXPECT_EQ(root.error().column, 3);
  EXPECT_NE(root.error().message.find("JSON syntax error"), std::string::npos);
}

TEST(ReadJsonc, TrailingGarbageIsAnError) {
  auto root = ReadJsonc("{\"a\": 1}\nx", "/x/w.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().line, 2);
}

TEST(ReadJsonc, UnterminatedCommentIsAnError) {
  auto root = ReadJsonc("{\"a\": 1} /* never closed", "/x/w.json");
  ASSERT_FALSE(root.ok());
  EXPECT_GE(root.error().line, 1);
}

TEST(ReadJsonc, EmptyTextIsAnError) {
  auto root = ReadJsonc("  \n// only a comment", "/x/w.json");
  ASSERT_FALSE(root.ok());
  EXPECT_NE(root.error().message.find("no JSON value"), std::string::npos);
}

TEST(ReadJsonc, RootMustBeAnObject) {
  auto root = ReadJsonc("\n [1]", "/x/w.json");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().line, 2);
  EXPECT_EQ(root.error().column, 2);
  EXPECT_NE(root.error().message.find("should be a JSON object"), std::string::npos);
}

TEST(ReadJsonc, StringEscapesAreDecoded) {
  auto root = ReadJsonc(R"({"s": "a\n\u00e9\"b"})", "/x/w.json");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->Find("s")->text, "a\n\u00e9\"b");
}

}  // namespace
}  // namespace edgerun::config

// Regression (found by config_fuzz): simdjson could not even index a document with invalid
// UTF-8, and asking it where the error was crashed. It is now an Error at the bad byte.
TEST(JsonReaderFuzzRegression, InvalidUtf8IsAnErrorWithItsPosition) {
  const std::string text = "{\n  \"name\": \"a\xff\"\n}\n";
  edgerun::Result<edgerun::config::ConfigNode> r =
      edgerun::config::ReadJsonc(text, "/p/wrangler.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "/p/wrangler.json");
  EXPECT_EQ(r.error().line, 2);
  EXPECT_GT(r.error().column, 0);
}
