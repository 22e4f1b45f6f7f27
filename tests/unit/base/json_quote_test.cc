#include "runtime/base/json_quote.h"

#include <gtest/gtest.h>

namespace edgerun {
namespace {

TEST(JsonQuote, QuotesAndEscapesLikeJsonStringify) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(JsonQuote(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(JsonQuote("héllo"), "\"héllo\"");
}

}  // namespace
}  // namespace edgerun
