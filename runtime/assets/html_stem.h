// The html stem of a decoded path: what lets html_handling answer a path that matches no asset
// with one hash lookup instead of its whole resolution order (spec/assets.md section 2).
//
// What it is for: AssetIndex keeps the stems of all its keys; ResolveHtml looks the request's
// stem up first and, when no key shares it, goes straight to not_found_handling.
// What it is not for: anything about which asset a path serves (html_handling.h).
//
// Why that shortcut is exact. Every key html_handling looks up for a path p, and every redirect
// destination it tests (its safeRedirect recursion included), is p with some of the tokens "/",
// "index", ".html" appended to or removed from its end: p + ".html", p + "/index.html",
// p - "/index", p - "index.html", "/index.html" for "/index", "/" ... The stem is the path with
// its longest trailing run of those tokens removed. The three tokens end in three different
// characters ('/', 'x', 'l'), so a string ends with at most one of them, the stripping is forced,
// and HtmlStem(x + t) == HtmlStem(x) for any string x and token t: every key and destination of
// one resolution has the stem of p. So when no asset key has that stem every lookup fails, every
// safeRedirect fails (it needs its source file to exist), and the resolution ends where it ends
// for any unknown path: not_found_handling of p.
#pragma once

#include <string_view>

namespace edgerun::assets {

// "/a/b/index.html" -> "/a/b", "/a.html" -> "/a", "/x.html.html" -> "/x", "/" -> "",
// "/xindex" -> "/x" (tokens, not segments: that is what appending "index" to "/x" gives).
constexpr std::string_view HtmlStem(std::string_view path) {
  while (true) {
    if (path.ends_with('/')) {
      path.remove_suffix(1);
    } else if (path.ends_with("index")) {
      path.remove_suffix(5);
    } else if (path.ends_with(".html")) {
      path.remove_suffix(5);
    } else {
      return path;
    }
  }
}

}  // namespace edgerun::assets
