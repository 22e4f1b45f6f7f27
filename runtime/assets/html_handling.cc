#include "runtime/assets/html_handling.h"

#include <cstring>
#include <optional>

#include "runtime/assets/html_stem.h"

namespace edgerun::assets {
namespace {

using config::HtmlHandling;
using config::NotFoundHandling;

// a + b without touching the heap for the short keys nearly every request has.
class Key {
 public:
  Key(std::string_view a, std::string_view b) {
    size_t n = a.size() + b.size();
    if (n <= sizeof(buf_)) {
      std::memcpy(buf_, a.data(), a.size());
      std::memcpy(buf_ + a.size(), b.data(), b.size());
      view_ = std::string_view(buf_, n);
    } else {
      heap_.reserve(n);
      heap_.append(a).append(b);
      view_ = heap_;
    }
  }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  operator std::string_view() const { return view_; }  // NOLINT(google-explicit-constructor)

 private:
  char buf_[256];
  std::string heap_;
  std::string_view view_;
};

// JS's `s.slice(0, -n)` for a string known to be at least n long.
std::string_view DropSuffix(std::string_view s, size_t n) { return s.substr(0, s.size() - n); }

class Resolver {
 public:
  Resolver(const AssetIndex& index, HtmlHandling mode, NotFoundHandling not_found)
      : index_(index), mode_(mode), not_found_(not_found) {}

  // Intent(p) with one lookup where the stem settles it (html_stem.h). When no key has p's stem,
  // every lookup Intent would make fails: only not_found_handling can answer. When p is its own
  // stem (it ends in none of "/", "index", ".html"), no mode's suffix rule applies and an asset
  // at p is served as it is, which the same lookup tells. `none` looks up p alone anyway.
  Resolution Resolve(std::string_view p) const {
    if (mode_ == HtmlHandling::kNone) return None(p);
    std::string_view stem = HtmlStem(p);
    std::optional<const AssetEntry*> at_stem = index_.FindHtmlStem(stem);
    if (!at_stem) return NotFound(p);
    if (stem.size() == p.size() && *at_stem != nullptr) return Serve(*at_stem);
    return Intent(p, /*skip=*/false);
  }

  Resolution Intent(std::string_view p, bool skip) const {
    switch (mode_) {
      case HtmlHandling::kAutoTrailingSlash:
        return Auto(p, skip);
      case HtmlHandling::kForceTrailingSlash:
        return Force(p, skip);
      case HtmlHandling::kDropTrailingSlash:
        return Drop(p, skip);
      case HtmlHandling::kNone:
        return None(p);
    }
    return {};
  }

 private:
  const AssetEntry* Exists(std::string_view key) const { return index_.Find(key); }

  static Resolution Serve(const AssetEntry* entry, int status = 200, bool fallback = false) {
    Resolution r;
    r.kind = Resolution::Kind::kServe;
    r.asset = entry;
    r.status = status;
    r.fallback = fallback;
    return r;
  }

  // safeRedirect: only when `destination` is not an asset itself, resolves (without further
  // redirects) to an asset, and that asset's content hash is the one of `file`.
  bool SafeRedirect(std::string_view file, std::string_view destination, bool skip,
                    Resolution* out) const {
    if (skip) return false;
    if (Exists(destination) != nullptr) return false;
    Resolution r = Intent(destination, /*skip=*/true);
    if (r.kind != Resolution::Kind::kServe) return false;
    const AssetEntry* f = Exists(file);
    if (f == nullptr || f->etag != r.asset->etag) return false;
    out->kind = Resolution::Kind::kRedirect;
    out->redirect = std::string(destination);
    return true;
  }

  Resolution Auto(std::string_view p, bool skip) const {
    Resolution r;
    const AssetEntry* exact = Exists(p);
    if (p.ends_with("/index")) {
      if (exact) return Serve(exact);
      // /foo/index.html exists: redirect to /foo/; /foo.html exists: redirect to /foo
      if (SafeRedirect(Key(p, ".html"), DropSuffix(p, 5), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 6), ".html"), DropSuffix(p, 6), skip, &r)) return r;
    } else if (p.ends_with("/index.html")) {
      if (SafeRedirect(p, DropSuffix(p, 10), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 11), ".html"), DropSuffix(p, 11), skip, &r)) return r;
    } else if (p.ends_with("/")) {
      if (const AssetEntry* e = Exists(Key(p, "index.html"))) return Serve(e);
      if (SafeRedirect(Key(DropSuffix(p, 1), ".html"), DropSuffix(p, 1), skip, &r)) return r;
    } else if (p.ends_with(".html")) {
      if (SafeRedirect(p, DropSuffix(p, 5), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 5), "/index.html"), Key(DropSuffix(p, 5), "/"), skip,
                       &r)) {
        return r;
      }
    }
    if (exact) return Serve(exact);
    if (const AssetEntry* e = Exists(Key(p, ".html"))) return Serve(e);
    if (SafeRedirect(Key(p, "/index.html"), Key(p, "/"), skip, &r)) return r;
    return NotFound(p);
  }

  Resolution Force(std::string_view p, bool skip) const {
    Resolution r;
    const AssetEntry* exact = Exists(p);
    if (p.ends_with("/index")) {
      if (exact) return Serve(exact);
      if (SafeRedirect(Key(p, ".html"), DropSuffix(p, 5), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 6), ".html"), DropSuffix(p, 5), skip, &r)) return r;
    } else if (p.ends_with("/index.html")) {
      if (SafeRedirect(p, DropSuffix(p, 10), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 11), ".html"), DropSuffix(p, 10), skip, &r)) return r;
    } else if (p.ends_with("/")) {
      if (const AssetEntry* e = Exists(Key(p, "index.html"))) return Serve(e);
      if (const AssetEntry* e = Exists(Key(DropSuffix(p, 1), ".html"))) return Serve(e);
    } else if (p.ends_with(".html")) {
      if (SafeRedirect(p, Key(DropSuffix(p, 5), "/"), skip, &r)) return r;
      // both /foo.html and /foo/index.html: /foo.html is served at /foo.html only
      if (exact) return Serve(exact);
      if (SafeRedirect(Key(DropSuffix(p, 5), "/index.html"), Key(DropSuffix(p, 5), "/"), skip,
                       &r)) {
        return r;
      }
    }
    if (exact) return Serve(exact);
    if (SafeRedirect(Key(p, ".html"), Key(p, "/"), skip, &r)) return r;
    if (SafeRedirect(Key(p, "/index.html"), Key(p, "/"), skip, &r)) return r;
    return NotFound(p);
  }

  Resolution Drop(std::string_view p, bool skip) const {
    Resolution r;
    const AssetEntry* exact = Exists(p);
    if (p.ends_with("/index")) {
      if (exact) return Serve(exact);
      if (p == "/index") {
        if (SafeRedirect("/index.html", "/", skip, &r)) return r;
      } else if (SafeRedirect(Key(DropSuffix(p, 6), ".html"), DropSuffix(p, 6), skip, &r)) {
        return r;
      } else if (SafeRedirect(Key(p, ".html"), DropSuffix(p, 6), skip, &r)) {
        return r;
      }
    } else if (p.ends_with("/index.html")) {
      if (p == "/index.html") {
        if (SafeRedirect("/index.html", "/", skip, &r)) return r;
      } else if (SafeRedirect(p, DropSuffix(p, 11), skip, &r)) {
        return r;
      } else if (exact) {
        // both /foo.html and /foo/index.html: /foo/index.html is served at its exact path only
        return Serve(exact);
      } else if (SafeRedirect(Key(DropSuffix(p, 11), ".html"), DropSuffix(p, 11), skip, &r)) {
        return r;
      }
    } else if (p.ends_with("/")) {
      if (p == "/") {
        if (const AssetEntry* e = Exists("/index.html")) return Serve(e);
      } else if (SafeRedirect(Key(DropSuffix(p, 1), ".html"), DropSuffix(p, 1), skip, &r)) {
        return r;
      } else if (SafeRedirect(Key(DropSuffix(p, 1), "/index.html"), DropSuffix(p, 1), skip, &r)) {
        return r;
      }
    } else if (p.ends_with(".html")) {
      if (SafeRedirect(p, DropSuffix(p, 5), skip, &r)) return r;
      if (SafeRedirect(Key(DropSuffix(p, 5), "/index.html"), DropSuffix(p, 5), skip, &r)) {
        return r;
      }
    }
    if (exact) return Serve(exact);
    if (const AssetEntry* e = Exists(Key(p, ".html"))) return Serve(e);
    if (const AssetEntry* e = Exists(Key(p, "/index.html"))) return Serve(e);
    return NotFound(p);
  }

  Resolution None(std::string_view p) const {
    if (const AssetEntry* exact = Exists(p)) return Serve(exact);
    return NotFound(p);
  }

  Resolution NotFound(std::string_view p) const {
    switch (not_found_) {
      case NotFoundHandling::kSinglePageApplication:
        if (const AssetEntry* e = Exists("/index.html")) return Serve(e, 200, true);
        return {};
      case NotFoundHandling::k404Page: {
        std::string_view cwd = p;
        while (!cwd.empty()) {
          size_t slash = cwd.rfind('/');
          // JS: cwd.slice(0, lastIndexOf("/")); lastIndexOf -1 gives slice(0, -1).
          cwd = slash == std::string_view::npos ? cwd.substr(0, cwd.size() - 1)
                                                : cwd.substr(0, slash);
          if (const AssetEntry* e = Exists(Key(cwd, "/404.html"))) return Serve(e, 404, true);
        }
        return {};
      }
      case NotFoundHandling::kNone:
        return {};
    }
    return {};
  }

  const AssetIndex& index_;
  HtmlHandling mode_;
  NotFoundHandling not_found_;
};

}  // namespace

Resolution ResolveHtml(const AssetIndex& index, std::string_view decoded_path,
                       HtmlHandling html_handling, NotFoundHandling not_found_handling) {
  return Resolver(index, html_handling, not_found_handling).Resolve(decoded_path);
}

Resolution ResolveHtmlEveryLookup(const AssetIndex& index, std::string_view decoded_path,
                                  HtmlHandling html_handling, NotFoundHandling not_found_handling) {
  return Resolver(index, html_handling, not_found_handling).Intent(decoded_path, false);
}

}  // namespace edgerun::assets
