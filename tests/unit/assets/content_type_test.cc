#include "runtime/assets/content_type.h"

#include <gtest/gtest.h>

namespace edgerun::assets {
namespace {

std::string TypeOf(std::string_view path) { return ContentTypeForPath(path).value_or("<none>"); }

TEST(ContentType, JavaScriptIsTextJavascriptWithCharset) {
  EXPECT_EQ(TypeOf("/app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(TypeOf("/x.mjs"), "text/javascript; charset=utf-8");
}

TEST(ContentType, TextTypesGetUtf8Charset) {
  EXPECT_EQ(TypeOf("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(TypeOf("/README.md"), "text/markdown; charset=utf-8");
  EXPECT_EQ(TypeOf("/a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(TypeOf("/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(TypeOf("/a.csv"), "text/csv; charset=utf-8");
}

TEST(ContentType, NonTextTypesGetNoCharset) {
  EXPECT_EQ(TypeOf("/data.json"), "application/json");
  EXPECT_EQ(TypeOf("/logo.svg"), "image/svg+xml");
  EXPECT_EQ(TypeOf("/photo.jpg"), "image/jpeg");
  EXPECT_EQ(TypeOf("/photo.jpeg"), "image/jpeg");
  EXPECT_EQ(TypeOf("/logo.png"), "image/png");
  EXPECT_EQ(TypeOf("/a.webp"), "image/webp");
  EXPECT_EQ(TypeOf("/a.ico"), "image/vnd.microsoft.icon");
  EXPECT_EQ(TypeOf("/m.wasm"), "application/wasm");
  EXPECT_EQ(TypeOf("/site.webmanifest"), "application/manifest+json");
  EXPECT_EQ(TypeOf("/f.woff2"), "font/woff2");
  EXPECT_EQ(TypeOf("/f.woff"), "font/woff");
  EXPECT_EQ(TypeOf("/f.ttf"), "font/ttf");
  EXPECT_EQ(TypeOf("/a.pdf"), "application/pdf");
  EXPECT_EQ(TypeOf("/a.mp4"), "video/mp4");
  EXPECT_EQ(TypeOf("/a.xml"), "application/xml");
}

TEST(ContentType, ExtensionIsCaseInsensitive) { EXPECT_EQ(TypeOf("/PHOTO.JPG"), "image/jpeg"); }

TEST(ContentType, UnknownExtensionHasNoContentType) {
  EXPECT_EQ(TypeOf("/x.greg"), "<none>");
  EXPECT_EQ(TypeOf("/LICENSE"), "<none>");
  EXPECT_EQ(TypeOf("/.env"), "<none>");
  EXPECT_EQ(TypeOf("/dir.d/file"), "<none>");
  EXPECT_EQ(TypeOf("/trailing."), "<none>");
}

TEST(ContentType, DotfileWithExtensionHasItsType) {
  EXPECT_EQ(TypeOf("/.dotfile.html"), "text/html; charset=utf-8");
}

TEST(ContentType, CompressibleTypes) {
  EXPECT_TRUE(IsCompressibleContentType("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressibleContentType("application/json"));
  EXPECT_TRUE(IsCompressibleContentType("application/manifest+json"));
  EXPECT_TRUE(IsCompressibleContentType("image/svg+xml"));
  EXPECT_TRUE(IsCompressibleContentType("application/wasm"));
  EXPECT_TRUE(IsCompressibleContentType("application/xml"));
  EXPECT_FALSE(IsCompressibleContentType("image/png"));
  EXPECT_FALSE(IsCompressibleContentType("font/woff2"));
  EXPECT_FALSE(IsCompressibleContentType(""));
}

}  // namespace
}  // namespace edgerun::assets
