#include "runtime/base/form_urlencoded.h"

#include "runtime/base/percent_encode.h"

namespace edgerun::url {
namespace {

// "Replace any 0x2B (+) in name and value with 0x20 (SP)", percent-decode, UTF-8 decode.
std::string DecodeFormComponent(std::string_view bytes) {
  std::string plus_free(bytes);
  for (char& c : plus_free) {
    if (c == '+') c = ' ';
  }
  std::string decoded = PercentDecode(plus_free);
  if (IsValidUtf8(decoded)) return decoded;
  return Utf8DecodeWithoutBom(decoded);
}

}  // namespace

FormList ParseFormUrlencoded(std::string_view input) {
  FormList output;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('&', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view sequence = input.substr(start, end - start);
    start = end + 1;
    if (sequence.empty()) continue;
    const size_t eq = sequence.find('=');
    const std::string_view name = sequence.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : sequence.substr(eq + 1);
    output.emplace_back(DecodeFormComponent(name), DecodeFormComponent(value));
  }
  return output;
}

std::string SerializeFormUrlencoded(const FormList& tuples) {
  std::string output;
  for (const auto& [name, value] : tuples) {
    // Every tuple writes at least "=", so a non-empty output means one came before.
    if (!output.empty()) output.push_back('&');
    AppendPercentEncoded(output, name, EncodeSet::kFormUrlencoded, /*space_as_plus=*/true);
    output.push_back('=');
    AppendPercentEncoded(output, value, EncodeSet::kFormUrlencoded, /*space_as_plus=*/true);
  }
  return output;
}

}  // namespace edgerun::url
