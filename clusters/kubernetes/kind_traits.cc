#include "clusters/kubernetes/kind_traits.h"

namespace sandcheck {

SubstrateTraits KindSubstrateTraits() {
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kKind;
  // kata maps to a kata-* RuntimeClass; which classes exist is known once the cluster answers
  // (KindSubstrate::Capabilities), and a deployment on a cluster without one is skipped loudly.
  traits.runtimes = {RuntimeKind::kRunc, RuntimeKind::kRunsc, RuntimeKind::kKata};
  traits.other_runtimes_why = "the kind substrate runs pods under runc, gVisor or Kata";
  traits.other_runtimes_fix = "use runtime runc, runsc (RuntimeClass gvisor) or kata";
  // securityContext.privileged and hostPID, for the negative controls.
  traits.privileged = true;
  traits.host_pid_runtimes = {RuntimeKind::kRunc};
  return traits;
}

}  // namespace sandcheck
