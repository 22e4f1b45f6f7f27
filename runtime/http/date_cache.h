// The IMF-fixdate for the `Date` response header ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted at
// most once per second. One per Server (so per event-loop thread); not thread-safe.
#pragma once

#include <ctime>
#include <string_view>

namespace edgerun::http {

class DateCache {
 public:
  // The current date; the view stays valid until the next call.
  std::string_view Get() {
    time_t now = time(nullptr);  // vDSO, no syscall
    if (now != second_) Format(now);
    return std::string_view(buf_, kLength);
  }

  static constexpr size_t kLength = 29;

 private:
  void Format(time_t now);

  time_t second_ = -1;
  char buf_[kLength + 1] = {};
};

}  // namespace edgerun::http
