// The html stem (runtime/assets/html_stem.h): a path without its trailing "/", "index" and
// ".html" tokens.
#include "runtime/assets/html_stem.h"

#include <gtest/gtest.h>

#include <string>

namespace edgerun::assets {
namespace {

TEST(HtmlStem, TypicalPaths) {
  EXPECT_EQ(HtmlStem(""), "");
  EXPECT_EQ(HtmlStem("/"), "");
  EXPECT_EQ(HtmlStem("/index"), "");
  EXPECT_EQ(HtmlStem("/index.html"), "");
  EXPECT_EQ(HtmlStem("/.html"), "");
  EXPECT_EQ(HtmlStem("//"), "");
  EXPECT_EQ(HtmlStem("/a"), "/a");
  EXPECT_EQ(HtmlStem("/a/"), "/a");
  EXPECT_EQ(HtmlStem("/a.html"), "/a");
  EXPECT_EQ(HtmlStem("/a/index"), "/a");
  EXPECT_EQ(HtmlStem("/a/index.html"), "/a");
  EXPECT_EQ(HtmlStem("/a/b/"), "/a/b");
  EXPECT_EQ(HtmlStem("/a/b/index.html"), "/a/b");
  EXPECT_EQ(HtmlStem("/4k.txt"), "/4k.txt");
  EXPECT_EQ(HtmlStem("/api/x"), "/api/x");
  EXPECT_EQ(HtmlStem("/404.html"), "/404");
}

TEST(HtmlStem, StripsEveryTrailingTokenNotJustOne) {
  EXPECT_EQ(HtmlStem("/x.html.html"), "/x");
  EXPECT_EQ(HtmlStem("/x/index/index.html/"), "/x");
  EXPECT_EQ(HtmlStem("/x.html/index"), "/x");
  EXPECT_EQ(HtmlStem("/x//"), "/x");
}

TEST(HtmlStem, TokensAreStringsNotSegments) {
  // "/x" + "index" is one of the keys html_handling may look up for "/x", so they share a stem.
  EXPECT_EQ(HtmlStem("/xindex"), "/x");
  EXPECT_EQ(HtmlStem("/x.htmlindex"), "/x");
  EXPECT_EQ(HtmlStem("/html"), "/html");
  EXPECT_EQ(HtmlStem("/a.htm"), "/a.htm");
  EXPECT_EQ(HtmlStem("/ndex"), "/ndex");
}

TEST(HtmlStem, AppendingOrRemovingATokenKeepsTheStem) {
  for (std::string base : {"", "/", "/a", "/a/", "/a.html", "/index", "/b/index.html", "x.txt"}) {
    for (std::string token : {"/", "index", ".html"}) {
      SCOPED_TRACE(base + " + " + token);
      EXPECT_EQ(HtmlStem(base + token), HtmlStem(base));
    }
  }
}

}  // namespace
}  // namespace edgerun::assets
