// The sandcheck CLI's subcommands. Each lives in its own file and is listed in main.cc.
#pragma once

#include <string>
#include <vector>

namespace sandcheck::cli {

// Exit codes: stable, documented in README.md; CI gates on them.
enum ExitCode : int {
  kExitOk = 0,           // everything held
  kExitCheckFailed = 1,  // a check failed or errored (or skipped, with --fail-on-skip);
                         // bench: a figure regressed against the baseline
  kExitUsage = 2,        // bad command line or invalid deployment file: nothing was started
  kExitHarness = 3,      // the harness could not run (runtime missing, state dir unusable, ...)
};

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);  // args after the command name
};

int ValidateCommand(const std::vector<std::string>& args);
int ListCommand(const std::vector<std::string>& args);
int ExplainCommand(const std::vector<std::string>& args);
int RunCommand(const std::vector<std::string>& args);
int UpCommand(const std::vector<std::string>& args);
int DownCommand(const std::vector<std::string>& args);
int SweepCommand(const std::vector<std::string>& args);
int BenchCommand(const std::vector<std::string>& args);
int ImportCommand(const std::vector<std::string>& args);

}  // namespace sandcheck::cli
