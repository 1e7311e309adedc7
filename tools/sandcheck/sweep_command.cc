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
  // The engine's objects too, when an engine answers; none answering has nothing to sweep.
  EngineClient engine((*vars)["docker-socket"].as<std::string>());
  if (Status ping = engine.Ping(); !ping.ok()) {
    fmt::print(stderr, "sandcheck sweep: no docker engine to sweep ({})\n", ping.message());
    return kExitOk;
  }
  auto docker = OpenDockerSubstrate(*vars);
  auto docker_swept = docker.ok() ? (*docker)->SweepAbandoned() : Status(docker.error());
  if (!docker_swept.ok()) {
    fmt::print(stderr, "sandcheck sweep: {}\n", docker_swept.message());
    return kExitHarness;
  }
  fmt::print(stderr, "sandcheck sweep: nothing of an interrupted run is left in the engine\n");
  return kExitOk;
}

}  // namespace sandcheck::cli
