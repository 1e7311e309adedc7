#include "clusters/docker/docker_traits.h"

namespace sandcheck {

SubstrateTraits DockerSubstrateTraits() {
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kDocker;
  // Which of them the engine registered is known only once it answers (Capabilities).
  traits.runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc};
  traits.other_runtimes_why = kNoVmRuntimeWhy;
  traits.other_runtimes_fix = kNoVmRuntimeFix;
  // The engine expresses both on every runtime it runs (the negative controls use them).
  traits.privileged = true;
  traits.host_pid_runtimes = traits.runtimes;
  return traits;
}

}  // namespace sandcheck
