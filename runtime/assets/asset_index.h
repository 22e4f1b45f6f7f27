// The asset index: every servable file of the assets directory, walked once at start-up (and again
// on Rebuild in `edgerun dev`), keyed by its `/`-rooted relative path (spec/assets.md, section 1
// and "edgerun decisions").
//
// What it is for: an exact, case-sensitive key -> AssetEntry map with, per entry, size, content
// type, ETag (`"` + first 16 bytes of the SHA-256 of the content in lower hex + `"`), the bytes of
// small files kept in memory, and the header list of a plain 200 worked out in advance so the hot
// path only copies it; plus the html stems of all keys (html_stem.h), so that html_handling
// answers a path no asset resembles with one lookup. Nothing outside the directory is reachable:
// keys come from the walk, never from a request, and a symlink is followed only while its real
// target stays inside the directory.
// What it is not for: URL decoding, html_handling or HTTP semantics (asset_server.h).
//
// Ownership and threads: an AssetIndex is immutable once built (compressed variants are filled in
// lazily under a once-flag, which is thread-safe), and is shared as
// std::shared_ptr<const AssetIndex>. Entries are shared with the next index when Rebuild finds a
// file unchanged (same real path, size, mtime), so their cached compressed bytes survive.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/assets/compression.h"
#include "runtime/base/result.h"
#include "runtime/http/exchange.h"

namespace edgerun::assets {

inline constexpr uint64_t kMaxAssetCount = 100'000;      // wrangler MAX_ASSET_COUNT
inline constexpr uint64_t kMaxAssetBytes = 25ull << 20;  // wrangler MAX_ASSET_SIZE (25 MiB)
inline constexpr uint64_t kDefaultMemoryFileBytes = 256 << 10;

inline constexpr std::string_view kCacheControlValue = "public, max-age=0, must-revalidate";

struct IndexOptions {
  uint64_t max_files = kMaxAssetCount;
  uint64_t max_file_bytes = kMaxAssetBytes;
  // Files up to this size are read into memory; bigger ones are served from their path.
  uint64_t memory_file_bytes = kDefaultMemoryFileBytes;
  // Pages layout: AssetIgnore's Pages defaults, and no `_worker.js` error (it is the worker).
  bool pages_mode = false;
};

class AssetEntry {
 public:
  std::string key;        // "/blog/index.html"
  std::string file_path;  // real path on disk (inside the real assets directory)
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string etag;           // `"0123...ef"` (with the quotes)
  std::string content_type;   // full header value; empty: no Content-Type header
  bool compressible = false;  // type is compressible (edgerun decision "Compression")
  std::shared_ptr<const std::string> bytes;  // whole file when size <= memory_file_bytes

  // Headers of a plain 200 in the order the reference sends them: ETag, Content-Type (when
  // known), Cache-Control, then `Vary: Accept-Encoding` for compressible assets over 1 KiB.
  // `headers_no_cache` is the same without Cache-Control (requests with Authorization or Range).
  http::HeaderList headers;
  http::HeaderList headers_no_cache;

  // The quoted ETag's 32 hex characters.
  std::string_view hash() const { return std::string_view(etag).substr(1, etag.size() - 2); }
  bool varies_by_encoding() const { return compressible && size > kMinCompressBytes; }

  // The asset compressed with `encoding` (br or gzip), made on first use and kept. Null when the
  // file can no longer be read (a log line names it).
  std::shared_ptr<const std::string> Compressed(Encoding encoding) const;

 private:
  struct Variant {
    std::once_flag once;
    std::shared_ptr<const std::string> bytes;
  };
  mutable Variant brotli_;
  mutable Variant gzip_;
};

struct AssetKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class AssetIndex {
 public:
  // Walks `directory`. Errors (with the offending file): more than max_files files, a file over
  // max_file_bytes, `_worker.js` in a Workers assets directory without `.assetsignore`, a
  // directory that cannot be read. `previous` (may be null) lends unchanged entries.
  static Result<std::shared_ptr<const AssetIndex>> Build(const std::string& directory,
                                                         const IndexOptions& options,
                                                         const AssetIndex* previous = nullptr);

  // Exact, case-sensitive lookup; null when absent.
  const AssetEntry* Find(std::string_view key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second.get();
  }
  // The same, as a shared handle (Rebuild hands unchanged entries to the next index).
  std::shared_ptr<const AssetEntry> FindShared(std::string_view key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }
  // Whether some key has the html stem `stem` (html_stem.h): nullopt when none does (then
  // html_handling finds nothing for any path with that stem); otherwise the entry whose key is
  // `stem` itself, or null when `stem` is not a key.
  std::optional<const AssetEntry*> FindHtmlStem(std::string_view stem) const {
    auto it = html_stems_.find(stem);
    if (it == html_stems_.end()) return std::nullopt;
    return it->second;
  }
  size_t size() const { return entries_.size(); }
  const std::string& root() const { return root_; }  // real path of the directory
  std::vector<std::string> Keys() const;             // sorted; for tests and `edgerun check`

 private:
  std::string root_;
  std::unordered_map<std::string, std::shared_ptr<const AssetEntry>, AssetKeyHash, std::equal_to<>>
      entries_;
  // HtmlStem of every key of entries_ -> the entry keyed by the stem itself (or null). Filled by
  // Build once the walk has filled entries_; neither changes afterwards.
  std::unordered_map<std::string, const AssetEntry*, AssetKeyHash, std::equal_to<>> html_stems_;
};

// `"` + 32 lower-hex characters of the SHA-256 of `data` (its first 16 bytes) + `"`.
std::string ContentETag(std::string_view data);

}  // namespace edgerun::assets
