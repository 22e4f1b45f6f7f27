#include "runtime/assets/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace edgerun::assets {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// q-value in thousandths ("q=0.5" -> 500); 1000 when absent or malformed upwards.
int ParseQ(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q')) continue;
    p = Trim(p.substr(1));
    if (p.empty() || p[0] != '=') continue;
    p = Trim(p.substr(1));
    if (p.empty()) continue;
    if (p[0] == '1') {
      q = 1000;
    } else if (p[0] == '0') {
      q = 0;
      int scale = 100;
      for (size_t i = 2; i < p.size() && i < 5 && p[1] == '.'; ++i) {
        if (p[i] < '0' || p[i] > '9') break;
        q += (p[i] - '0') * scale;
        scale /= 10;
      }
    }
  }
  return q;
}

std::optional<std::string> Brotli(std::string_view data) {
  // Quality 11 is too slow for multi-megabyte files on first request; the result is cached.
  int quality = data.size() <= (1u << 20) ? 9 : 5;
  size_t out_size = BrotliEncoderMaxCompressedSize(data.size());
  if (out_size == 0) out_size = data.size() + 1024;
  std::string out(out_size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &out_size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(out_size);
  return out;
}

std::optional<std::string> Gzip(std::string_view data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

}  // namespace

EncodingChoice NegotiateEncoding(std::string_view header, bool can_compress,
                                 bool prefer_compressed) {
  int br = -1, gzip = -1, identity = -1, star = -1;  // -1: not listed
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    int q = semi == std::string_view::npos ? 1000 : ParseQ(item.substr(semi + 1));
    if (coding.empty()) continue;
    if (EqualsIgnoreCase(coding, "br")) {
      br = std::max(br, q);
    } else if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = std::max(gzip, q);
    } else if (EqualsIgnoreCase(coding, "identity")) {
      identity = std::max(identity, q);
    } else if (coding == "*") {
      star = std::max(star, q);
    }
  }
  int br_q = br >= 0 ? br : std::max(star, 0);
  int gzip_q = gzip >= 0 ? gzip : std::max(star, 0);
  bool identity_ok = identity >= 0 ? identity > 0 : star != 0;

  EncodingChoice choice;
  choice.identity_acceptable = identity_ok;
  if (can_compress && (prefer_compressed || !identity_ok)) {
    int best = std::max(br_q, gzip_q);
    bool identity_preferred = identity_ok && identity > best;
    if (best > 0 && !identity_preferred) {
      choice.encoding = br_q >= gzip_q ? Encoding::kBrotli : Encoding::kGzip;
      return choice;
    }
  }
  choice.acceptable = identity_ok;
  return choice;
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kBrotli:
      return "br";
    case Encoding::kGzip:
      return "gzip";
    case Encoding::kIdentity:
      return "";
  }
  return "";
}

std::optional<std::string> Compress(std::string_view data, Encoding encoding) {
  switch (encoding) {
    case Encoding::kBrotli:
      return Brotli(data);
    case Encoding::kGzip:
      return Gzip(data);
    case Encoding::kIdentity:
      return std::string(data);
  }
  return std::nullopt;
}

}  // namespace edgerun::assets
