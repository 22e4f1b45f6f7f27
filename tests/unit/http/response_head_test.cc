#include "runtime/http/response_head.h"

#include <gtest/gtest.h>

namespace edgerun::http {
namespace {

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

std::string Head(int status, const HeaderList& headers, const ResponseContext& ctx,
                 std::optional<uint64_t> length) {
  std::string out;
  AppendResponseHead(&out, status, headers, PlanResponse(status, ctx, length, headers), kDate);
  return out;
}

TEST(ResponseHead, KnownLengthGetsContentLengthDateAndServer) {
  EXPECT_EQ(Head(200, {{"Content-Type", "text/plain"}}, {}, 5),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: edgerun\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n\r\n");
}
}  // namespace
}  // namespace edgerun::http
