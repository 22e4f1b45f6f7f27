#include "runtime/host/typescript_bundle.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace edgerun::host {

namespace fs = std::filesystem;

namespace {

bool IsTypeScript(const std::string& path) {
  for (const char* ext : {".ts", ".mts", ".tsx"}) {
    const std::string e(ext);
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

// node_modules/.bin/esbuild in the project folder or any folder above it.
std::string FindEsbuild(const fs::path& from) {
  std::error_code ec;
  for (fs::path dir = from; !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / "node_modules" / ".bin" / "esbuild";
    if (fs::exists(candidate, ec)) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  return "";
}

// Runs argv, capturing stderr; returns the exit status (-1 when it could not start).
int Run(const std::vector<std::string>& argv, std::string* output) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(pipefd[1], STDERR_FILENO);
    dup2(pipefd[1], STDOUT_FILENO);
    close(pipefd[0]);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) output->append(buf, static_cast<size_t>(n));
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

Status BundleTypeScriptMain(config::WorkerConfig& config) {
  if (!config.main || !IsTypeScript(*config.main)) return Ok{};
  const fs::path project =
      config.base_dir.empty() ? fs::path(*config.main).parent_path() : fs::path(config.base_dir);
  const std::string esbuild = FindEsbuild(project);
  if (esbuild.empty()) {
    return Error{"main is TypeScript (" + *config.main +
                     "): edgerun bundles it with the project's esbuild, which is not installed. "
                     "Run `npm install --save-dev esbuild` in " +
                     project.string(),
                 config.config_path};
  }
  const fs::path out =
      project / ".edgerun" / "bundle" / (fs::path(*config.main).stem().string() + ".js");
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  std::string output;
  // The conditions and platform wrangler uses for workers; runtime builtins stay imports.
  const int status = Run(
      {esbuild, *config.main, "--bundle", "--format=esm", "--platform=neutral", "--target=es2022",
       "--conditions=workerd,worker,browser", "--main-fields=browser,module,main",
       "--external:cloudflare:*", "--external:node:*", "--loader:.txt=text", "--loader:.html=text",
       "--loader:.bin=binary", "--log-level=error", "--outfile=" + out.string()},
      &output);
  if (status != 0) {
    return Error{"esbuild could not bundle " + *config.main + ":\n" + output};
  }
  config.main = out.string();
  return Ok{};
}

}  // namespace edgerun::host
