// Content-Encoding for assets (spec/assets.md, edgerun decision "Compression"): choosing br, gzip
// or identity from Accept-Encoding, and producing the compressed bytes.
//
// Not for: streaming compression of worker responses (that is CompressionStream's job). Pure
// functions; safe from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace edgerun::assets {

enum class Encoding { kIdentity, kBrotli, kGzip };

// Assets at most this big are sent as they are even to clients that accept br or gzip.
inline constexpr uint64_t kMinCompressBytes = 1024;

// The outcome of Accept-Encoding negotiation. `acceptable` is false when the client refuses
// identity (`identity;q=0`, or `*;q=0` without an identity entry) and accepts nothing we can
// offer: the answer is then 415.
struct EncodingChoice {
  Encoding encoding = Encoding::kIdentity;
  bool acceptable = true;
  bool identity_acceptable = true;  // whatever was chosen, identity would also do (Range uses it)
};

// `can_compress`: the asset's type is compressible (any size; the size threshold is the caller's
// `prefer_compressed`). br wins over gzip at equal q; an identity entry with a strictly higher q
// than the best compressed coding keeps identity. With `prefer_compressed` false, identity is
// chosen whenever the client allows it.
EncodingChoice NegotiateEncoding(std::string_view accept_encoding, bool can_compress,
                                 bool prefer_compressed);

// "br" / "gzip" / "" (identity).
std::string_view EncodingName(Encoding encoding);

// Compressed copy of `data`; nothing when the codec fails (never for valid input).
std::optional<std::string> Compress(std::string_view data, Encoding encoding);

}  // namespace edgerun::assets
