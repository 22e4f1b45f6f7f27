// A throw-away project folder per test: files written into a fresh temp dir, removed after.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "runtime/config/config_loader.h"

namespace edgerun::config::testing {

class TempProject {
 public:
  TempProject() {
    std::string templ = (std::filesystem::temp_directory_path() / "edgerun-config-XXXXXX").string();
    dir_ = mkdtemp(templ.data());
  }
  ~TempProject() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  std::string Path(const std::string& relative = "") const {
    return relative.empty() ? dir_ : (std::filesystem::path(dir_) / relative).string();
  }
  std::string Write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = Path(relative);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string MakeDir(const std::string& relative) const {
    std::filesystem::create_directories(Path(relative));
    return Path(relative);
  }

  // Loads the project with the given options (project_dir filled in).
  Result<WorkerConfig> Load(LoadOptions options = {}) {
    options.project_dir = dir_;
    warnings.clear();
    return LoadProject(options, &warnings);
  }
  // Writes `text` as wrangler.toml (or the given name) and loads it.
  Result<WorkerConfig> LoadText(const std::string& text, const std::string& name = "wrangler.toml",
                                LoadOptions options = {}) {
    Write(name, text);
    return Load(std::move(options));
  }

  bool HasWarningContaining(const std::string& needle) const {
    for (const auto& w : warnings) {
      if (w.ToString().find(needle) != std::string::npos) return true;
    }
    return false;
  }

  std::vector<Error> warnings;

 private:
  std::string dir_;
};

}  // namespace edgerun::config::testing
