// `sandcheck sweep`: remove containers, mounts and bundles that interrupted runs left.
#include <fmt/format.h>

#include "tools/sandcheck/command.h"
#include "tools/sandcheck/substrate_options.h"

namespace sandcheck::cli {

int SweepCommand(const std::vector<std::string>& args) {
  po::options_description options("sweep options");
  AddSubstrateOptions(options);
  int exit_code = kExitOk;
  auto vars = ParseOptions("sweep", "[--state-dir DIR]", options, {}, args, exit_code);
  if (!vars) return exit_code;
  // Opening the substrate sweeps; a failed sweep is reported as a warning there, so sweep
  // again here to turn it into the exit code.
  auto substrate = OpenOciSubstrate(*vars);
  if (!substrate.ok()) {
    fmt::print(stderr, "sandcheck sweep: {}\n", substrate.message());
    return kExitHarness;
  }
  auto swept = (*substrate)->SweepAbandoned();
  if (!swept.ok()) {
    fmt::print(stderr, "sandcheck sweep: {}\n", swept.message());
    return kExitHarness;
  }
  fmt::print(stderr, "sandcheck sweep: nothing of an interrupted run is left in {}\n",
             (*vars)["state-dir"].as<std::string>());
  return kExitOk;
}

}  // namespace sandcheck::cli
