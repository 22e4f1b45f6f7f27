// Reads TOML text (wrangler.toml) into a ConfigNode tree with source positions, using toml++.
// toml++ reports syntax errors by throwing; they are caught here and returned as an Error with
// the parser's description at file:line:column. Nothing else about the config is checked here.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/config/config_node.h"

namespace edgerun::config {

Result<ConfigNode> ReadToml(std::string_view text, const std::string& path_for_errors);

}  // namespace edgerun::config
