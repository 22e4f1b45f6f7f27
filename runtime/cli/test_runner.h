// `edgerun test` and `edgerun check`.
//
// test: each PATH is a JS test module (*.test.js: every export with a test() method is a test),
// a sample folder (a worker project with a checks.toml of requests and expected answers, served
// on a free loopback port and checked over real HTTP), or a folder searched for both. Prints one
// line per test and, last, "N passed, N failed". Exit code 0 only when nothing failed.
#pragma once

#include "runtime/cli/args.h"

namespace edgerun::cli {

int RunTests(const Args& args);
int RunCheck(const Args& args);

}  // namespace edgerun::cli
