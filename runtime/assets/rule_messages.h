// Warnings about lines of the user's `_headers` / `_redirects` files.
//
// What it is for: the parsers never fail; they skip what they cannot use and say why, with the
// line number, so `edgerun dev` can print the list at start and `edgerun check` can report it
// (spec/assets.md: "Parsing problems ... are warnings ..., never fatal, as in wrangler").
#pragma once

#include <string>

namespace edgerun::assets {

struct ParseMessage {
  int line = 0;         // 1-based line of the user file; 0 when it concerns the whole file
  std::string message;  // wrangler's wording, so users can search for it
};

}  // namespace edgerun::assets
