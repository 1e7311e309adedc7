// Acquires one sandbox and then blocks until killed, to let a test SIGKILL a run in the
// middle of its work. Usage: abandon_helper STATE_DIR PROBE RUNTIME [pool]
// Prints "<run-id> <container-id>" on stdout once the sandbox runs. With "pool", the sandbox
// is claimed from a full warm pool of 2, so the pool is refilling when the line appears.
#include <unistd.h>

#include <cstdio>

#include "clusters/oci/oci_substrate.h"
#include "clusters/oci/warm_pool.h"
#include "tests/oci/test_deployments.h"

int main(int argc, char** argv) {
  using namespace sandcheck;
  bool pooled = argc == 5 && std::string(argv[4]) == "pool";
  if (argc != 4 && !pooled) {
    std::fprintf(stderr, "usage: abandon_helper STATE_DIR PROBE RUNTIME [pool]\n");
    return 2;
  }
  std::string runtime_name = argv[3];
  RuntimeKind runtime = runtime_name == "crun"    ? RuntimeKind::kCrun
                        : runtime_name == "runsc" ? RuntimeKind::kRunsc
                                                  : RuntimeKind::kRunc;
  OciSubstrateConfig config;
  config.state_dir = argv[1];
  config.probe_binary = argv[2];
  auto substrate = OciSubstrate::Create(config);
  if (!substrate.ok()) {
    std::fprintf(stderr, "abandon_helper: %s\n", substrate.message().c_str());
    return 1;
  }
  std::unique_ptr<WarmPool> pool;  // never destroyed: the process is killed
  if (pooled) {
    auto made = WarmPool::Create(**substrate, HardenedDeployment(runtime), {.size = 2});
    Status full = made.ok() ? (*made)->WaitUntilFull(std::chrono::seconds(120)) : made.error();
    if (!full.ok()) {
      std::fprintf(stderr, "abandon_helper: %s\n", full.message().c_str());
      return 1;
    }
    pool = std::move(made).value();
  }
  auto sandbox = pooled
                     ? pool->Claim(std::chrono::seconds(120))
                     : (*substrate)->Acquire(HardenedDeployment(runtime), {.purpose = "abandoned"});
  if (!sandbox.ok()) {
    std::fprintf(stderr, "abandon_helper: %s\n", sandbox.message().c_str());
    return 1;
  }
  std::printf("%s %s\n", (*substrate)->run_id().str().c_str(), (*sandbox)->name().c_str());
  std::fflush(stdout);
  while (true) ::pause();
}
