// sandcheck: proves or refutes what an AI-agent sandbox deployment promises.
#include <fmt/format.h>

#include <cstring>
#include <string>
#include <vector>

#include "tools/sandcheck/command.h"

namespace sandcheck::cli {
namespace {

const Command kCommands[] = {
    {"validate", "check deployment files; start nothing", ValidateCommand},
    {"list", "list the checks (filter by --family, --phase, --id)", ListCommand},
    {"explain", "show one check: MUST statement, rationale, remediation, negative controls",
     ExplainCommand},
    {"run", "stand deployments up, run the checks, write reports", RunCommand},
    {"up", "bring a deployment's sandbox up and hold it (prints its name; --detach returns)",
     UpCommand},
    {"down", "tear down a sandbox brought up with `up`", DownCommand},
    {"sweep", "remove what interrupted runs left behind", SweepCommand},
    {"import", "a deployment file from other definitions: sbx-kit DIR... (stacked kits)",
     ImportCommand},
    {"bench", "startup benchmarks per runtime; --baseline FILE gates on regressions", BenchCommand},
};

void PrintUsage(std::FILE* out) {
  fmt::print(out, "usage: sandcheck COMMAND [options]   (sandcheck COMMAND --help for more)\n\n");
  for (const auto& command : kCommands)
    fmt::print(out, "  {:<10} {}\n", command.name, command.summary);
  fmt::print(out,
             "\nexit codes: 0 all held, 1 a check failed or errored (bench: a regression), 2 bad "
             "usage or invalid "
             "deployment (nothing started), 3 the harness could not run\n");
}

}  // namespace
}  // namespace sandcheck::cli

int main(int argc, char** argv) {
  using namespace sandcheck::cli;
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (name == "--version" || name == "version") {
    fmt::print("sandcheck {}\n", SANDCHECK_VERSION);
    return kExitOk;
  }
  for (const auto& command : kCommands) {
    if (name == command.name) return command.run(std::vector<std::string>(argv + 2, argv + argc));
  }
  fmt::print(stderr, "sandcheck: unknown command '{}'\n", name);
  PrintUsage(stderr);
  return kExitUsage;
}
