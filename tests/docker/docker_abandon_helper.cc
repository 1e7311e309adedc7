// Acquires one docker sandbox (with a named volume) and then blocks until killed, so a test
// can SIGKILL a run in the middle of its work. Usage: docker_abandon_helper STATE_DIR PROBE
// RUNTIME. Prints "<run-id> <sandbox-name>" on stdout once the sandbox runs.
#include <unistd.h>

#include <cstdio>

#include "clusters/docker/docker_substrate.h"
#include "tests/oci/test_deployments.h"

int main(int argc, char** argv) {
  using namespace sandcheck;
  if (argc != 4) {
    std::fprintf(stderr, "usage: docker_abandon_helper STATE_DIR PROBE RUNTIME\n");
    return 2;
  }
  RuntimeKind runtime = std::string(argv[3]) == "runsc" ? RuntimeKind::kRunsc : RuntimeKind::kRunc;
  DockerSubstrateConfig config;
  config.state_dir = argv[1];
  config.probe_binary = argv[2];
  auto substrate = DockerSubstrate::Create(config);
  if (!substrate.ok()) {
    std::fprintf(stderr, "docker_abandon_helper: %s\n", substrate.message().c_str());
    return 1;
  }
  Deployment deployment = HardenedDeployment(runtime);
  deployment.substrate = SubstrateKind::kDocker;
  deployment.limits.pids = 1024;
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  auto sandbox = (*substrate)->Acquire(deployment, {.purpose = "abandoned"});
  if (!sandbox.ok()) {
    std::fprintf(stderr, "docker_abandon_helper: %s\n", sandbox.message().c_str());
    return 1;
  }
  std::printf("%s %s\n", (*substrate)->run_id().str().c_str(), (*sandbox)->name().c_str());
  std::fflush(stdout);
  while (true) ::pause();
}
