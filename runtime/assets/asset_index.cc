#include "runtime/assets/asset_index.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "runtime/assets/asset_ignore.h"
#include "runtime/assets/content_type.h"
#include "runtime/assets/html_stem.h"
#include "runtime/base/log.h"

namespace edgerun::assets {
namespace {

constexpr std::string_view kWorkerJs = "_worker.js";
constexpr std::string_view kAssetsIgnoreFile = ".assetsignore";

std::string HexOf(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

std::string QuotedETag(const unsigned char digest[32]) { return '"' + HexOf(digest, 16) + '"'; }

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

// Reads a whole file (at most `limit` bytes) or fails.
std::optional<std::string> ReadFile(const std::string& path, uint64_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > limit) {
    ::close(fd);
    return std::nullopt;
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);  // a file that shrank while being read is indexed as read
  return data;
}

// SHA-256 of a file read in chunks (for files served from disk).
std::optional<std::string> HashFile(const std::string& path, uint64_t* size_out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::string buf(1 << 20, '\0');
  uint64_t total = 0;
  bool ok = true;
  while (true) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buf.data(), static_cast<size_t>(n));
    total += static_cast<uint64_t>(n);
  }
  unsigned char digest[32];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  ::close(fd);
  if (!ok) return std::nullopt;
  *size_out = total;
  return QuotedETag(digest);
}

void FillHeaders(AssetEntry& e) {
  e.headers.push_back({"ETag", e.etag});
  if (!e.content_type.empty()) e.headers.push_back({"Content-Type", e.content_type});
  e.headers_no_cache = e.headers;
  e.headers.push_back({"Cache-Control", std::string(kCacheControlValue)});
  if (e.varies_by_encoding()) {
    e.headers.push_back({"Vary", "Accept-Encoding"});
    e.headers_no_cache.push_back({"Vary", "Accept-Encoding"});
  }
}

class Walker {
 public:
  Walker(const IndexOptions& options, const AssetIgnore& ignore, bool has_assetsignore,
         std::string root, const AssetIndex* previous,
         std::unordered_map<std::string, std::shared_ptr<const AssetEntry>, AssetKeyHash,
                            std::equal_to<>>* entries)
      : options_(options),
        ignore_(ignore),
        has_assetsignore_(has_assetsignore),
        root_(std::move(root)),
        previous_(previous),
        entries_(entries) {}

  Status Walk(const std::string& real_dir, const std::string& rel_prefix) {
    DIR* dir = ::opendir(real_dir.c_str());
    if (dir == nullptr) {
      return Error{"cannot read the assets folder " + real_dir + ": " + std::strerror(errno),
                   real_dir};
    }
    std::vector<std::string> names;
    while (struct dirent* de = ::readdir(dir)) {
      std::string_view name = de->d_name;
      if (name == "." || name == "..") continue;
      names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());  // deterministic errors and limits
    active_dirs_.insert(real_dir);
    for (const std::string& name : names) {
      Status s = Visit(real_dir, rel_prefix, name);
      if (!s.ok()) {
        active_dirs_.erase(real_dir);
        return s;
      }
    }
    active_dirs_.erase(real_dir);
    return Ok{};
  }

 private:
  bool Inside(const std::string& real) const {
    if (root_ == "/") return true;
    return real == root_ ||
           (real.size() > root_.size() && real.compare(0, root_.size(), root_) == 0 &&
            real[root_.size()] == '/');
  }

  Status Visit(const std::string& real_dir, const std::string& rel_prefix,
               const std::string& name) {
    std::string rel = rel_prefix + name;
    std::string path = real_dir + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return Ok{};  // vanished during the walk
    std::string real = path;
    if (S_ISLNK(st.st_mode)) {
      std::optional<std::string> target = RealPath(path);
      if (!target || !Inside(*target)) {
        // Dangling, or leaving the assets folder: never served (spec: a 404).
        log::Debug("assets: not following symlink " + path + " (target outside the folder)");
        return Ok{};
      }
      real = *target;
      if (::stat(real.c_str(), &st) != 0) return Ok{};
    }
    bool is_dir = S_ISDIR(st.st_mode);
    // The link's own path is what .assetsignore is checked against (reference behaviour 7).
    if (ignore_.IsIgnored(rel, is_dir)) return Ok{};
    if (is_dir) {
      if (active_dirs_.count(real) != 0) return Ok{};  // a symlink loop back to an ancestor
      return Walk(real, rel + "/");
    }
    if (!S_ISREG(st.st_mode)) return Ok{};  // sockets, fifos, devices: not assets

    if (!options_.pages_mode && !has_assetsignore_ &&
        std::string_view(rel).substr(0, kWorkerJs.size()) == kWorkerJs) {
      std::string kind = rel == kWorkerJs ? "file" : "directory";
      return Error{"Uploading a Pages _worker.js " + kind +
                       " as an asset.\nThis could expose your private server-side code to the "
                       "public Internet. Is this intended?\nIf you do not want to upload this " +
                       kind +
                       ", either remove it or add an \".assetsignore\" file, to the root of your "
                       "asset directory, containing \"_worker.js\" to avoid uploading.\nIf you "
                       "do want to upload this " +
                       kind +
                       ", you can add an empty \".assetsignore\" file, to the root of your asset "
                       "directory, to hide this error.",
                   path};
    }
    if (entries_->size() >= options_.max_files) {
      return Error{"Maximum number of assets exceeded.\nedgerun supports up to " +
                       std::to_string(options_.max_files) +
                       " assets (as Cloudflare Workers). Found more in the assets directory " +
                       root_ + ".\nEnsure the assets directory is the right one.",
                   root_};
    }
    uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > options_.max_file_bytes) {
      return Error{"Asset too large.\nedgerun supports assets of up to " +
                       std::to_string(options_.max_file_bytes >> 20) +
                       " MiB (as Cloudflare Workers). Found " + path + " with a size of " +
                       std::to_string(size) + " bytes.",
                   path};
    }
    std::string key = "/" + rel;
    int64_t mtime = MtimeNs(st);
    if (const AssetEntry* old = previous_ ? previous_->Find(key) : nullptr;
        old != nullptr && old->file_path == real && old->size == size && old->mtime_ns == mtime) {
      entries_->emplace(key, previous_->FindShared(key));
      return Ok{};
    }
    auto entry = std::make_shared<AssetEntry>();
    entry->key = key;
    entry->file_path = real;
    entry->mtime_ns = mtime;
    if (size <= options_.memory_file_bytes) {
      std::optional<std::string> data = ReadFile(real, options_.memory_file_bytes);
      if (!data) return Error{"cannot read asset " + path + ": " + std::strerror(errno), path};
      entry->size = data->size();
      entry->etag = ContentETag(*data);
      entry->bytes = std::make_shared<const std::string>(std::move(*data));
    } else {
      uint64_t hashed = 0;
      std::optional<std::string> etag = HashFile(real, &hashed);
      if (!etag) return Error{"cannot read asset " + path + ": " + std::strerror(errno), path};
      if (hashed > options_.max_file_bytes) {
        return Error{"Asset too large: " + path, path};
      }
      entry->size = hashed;
      entry->etag = std::move(*etag);
    }
    if (std::optional<std::string> type = ContentTypeForPath(key)) {
      entry->content_type = std::move(*type);
      entry->compressible = IsCompressibleContentType(entry->content_type);
    }
    FillHeaders(*entry);
    entries_->emplace(std::move(key), std::move(entry));
    return Ok{};
  }

  const IndexOptions& options_;
  const AssetIgnore& ignore_;
  bool has_assetsignore_;
  std::string root_;
  const AssetIndex* previous_;
  std::unordered_map<std::string, std::shared_ptr<const AssetEntry>, AssetKeyHash, std::equal_to<>>*
      entries_;
  std::unordered_set<std::string> active_dirs_;
};

}  // namespace

std::string ContentETag(std::string_view data) {
  unsigned char digest[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return QuotedETag(digest);
}

std::shared_ptr<const std::string> AssetEntry::Compressed(Encoding encoding) const {
  Variant& v = encoding == Encoding::kBrotli ? brotli_ : gzip_;
  std::call_once(v.once, [&] {
    std::shared_ptr<const std::string> source = bytes;
    if (!source) {
      std::optional<std::string> data = ReadFile(file_path, kMaxAssetBytes);
      if (!data) {
        log::Error("assets: cannot read " + file_path + ": " + std::strerror(errno));
        return;
      }
      source = std::make_shared<const std::string>(std::move(*data));
    }
    std::optional<std::string> out = Compress(*source, encoding);
    if (!out) {
      log::Error("assets: cannot compress " + file_path);
      return;
    }
    v.bytes = std::make_shared<const std::string>(std::move(*out));
  });
  return v.bytes;
}

std::vector<std::string> AssetIndex::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

Result<std::shared_ptr<const AssetIndex>> AssetIndex::Build(const std::string& directory,
                                                            const IndexOptions& options,
                                                            const AssetIndex* previous) {
  std::optional<std::string> root = RealPath(directory);
  struct stat st;
  if (!root || ::stat(root->c_str(), &st) != 0) {
    return Error{"The assets directory does not exist: " + directory, directory};
  }
  if (!S_ISDIR(st.st_mode)) {
    return Error{"The assets directory is not a directory: " + directory, directory};
  }
  std::string ignore_text;
  std::string ignore_path = *root + "/" + std::string(kAssetsIgnoreFile);
  bool has_assetsignore = false;
  if (::stat(ignore_path.c_str(), &st) == 0) {
    has_assetsignore = true;
    if (std::optional<std::string> text = ReadFile(ignore_path, kMaxAssetBytes)) {
      ignore_text = std::move(*text);
    }
  }
  AssetIgnore ignore = AssetIgnore::Create(ignore_text, options.pages_mode);
  auto index = std::make_shared<AssetIndex>();
  index->root_ = *root;
  Walker walker(options, ignore, has_assetsignore, *root, previous, &index->entries_);
  Status s = walker.Walk(*root, "");
  if (!s.ok()) return s.error();
  for (const auto& [key, entry] : index->entries_) {
    std::string_view stem = HtmlStem(key);
    const AssetEntry*& at_stem =
        index->html_stems_.try_emplace(std::string(stem), nullptr).first->second;
    if (stem.size() == key.size()) at_stem = entry.get();
  }
  return std::shared_ptr<const AssetIndex>(std::move(index));
}

}  // namespace edgerun::assets
