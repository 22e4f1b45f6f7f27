// html_handling and not_found_handling (spec/assets.md, sections 2 and 3): from a decoded request
// path to what the asset server should do with it.
//
// What it is for: the four html_handling modes' resolution order (auto-trailing-slash,
// force-trailing-slash, drop-trailing-slash, none) with the "safeRedirect" rule (a redirect is
// emitted only when its destination is not itself an asset, resolves to an asset, and that asset
// has the same content hash as the file that triggered it), then the not_found_handling fallback
// (404-page walks up from the path; SPA serves the root /index.html only).
// What it is not for: decoding, the canonical-encoding redirect, methods, headers
// (asset_server.h). Pure function over an immutable index; any thread.
#pragma once

#include <string>
#include <string_view>

#include "runtime/assets/asset_index.h"
#include "runtime/config/config.h"

namespace edgerun::assets {

struct Resolution {
  enum class Kind { kMiss, kServe, kRedirect };
  Kind kind = Kind::kMiss;
  const AssetEntry* asset = nullptr;  // kServe
  int status = 200;                   // kServe: 200, or 404 for a 404 page
  bool fallback = false;              // kServe came from not_found_handling
  std::string redirect;               // kRedirect: decoded destination path ("/foo/")
};

// A path no asset key shares an html stem with (html_stem.h) goes straight to
// not_found_handling: one lookup instead of the ten or twenty of the resolution order.
Resolution ResolveHtml(const AssetIndex& index, std::string_view decoded_path,
                       config::HtmlHandling html_handling,
                       config::NotFoundHandling not_found_handling);

// The same without that shortcut: every lookup of the resolution order is made. For the test
// that checks the shortcut changes no result; the server never calls it.
Resolution ResolveHtmlEveryLookup(const AssetIndex& index, std::string_view decoded_path,
                                  config::HtmlHandling html_handling,
                                  config::NotFoundHandling not_found_handling);

}  // namespace edgerun::assets
