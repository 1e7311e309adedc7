// Acquires one kind sandbox (with a claim) and then blocks until killed, so a test can SIGKILL a
// run in the middle of its work. Usage: kind_abandon_helper STATE_DIR PROBE SHARED_BASES.
// Prints "<run-id> <namespace> <pod>" on stdout once the pod is Ready.
#include <unistd.h>

#include <cstdio>

#include "clusters/kubernetes/kind_substrate.h"
#include "tests/oci/test_deployments.h"

int main(int argc, char** argv) {
  using namespace sandcheck;
  if (argc != 4) {
    std::fprintf(stderr, "usage: kind_abandon_helper STATE_DIR PROBE SHARED_BASES\n");
    return 2;
  }
  KindSubstrateConfig config;
  config.state_dir = argv[1];
  config.probe_binary = argv[2];
  config.shared_bases = argv[3];
  auto substrate = KindSubstrate::Create(config);
  if (!substrate.ok()) {
    std::fprintf(stderr, "kind_abandon_helper: %s\n", substrate.message().c_str());
    return 1;
  }
  Deployment deployment = HardenedDeployment(RuntimeKind::kRunc);
  deployment.substrate = SubstrateKind::kKind;
  deployment.tmpfs = {{"/tmp", 16 << 20, 01777, false, false, false}};
  deployment.limits.pids.reset();
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  auto sandbox = (*substrate)->Acquire(deployment, {.purpose = "abandoned"});
  if (!sandbox.ok()) {
    std::fprintf(stderr, "kind_abandon_helper: %s\n", sandbox.message().c_str());
    return 1;
  }
  std::printf("%s %s %s\n", (*substrate)->run_id().str().c_str(),
              (*substrate)->name_space().c_str(), (*sandbox)->name().c_str());
  std::fflush(stdout);
  while (true) ::pause();
}
