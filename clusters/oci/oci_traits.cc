#include "clusters/oci/oci_traits.h"

namespace sandcheck {

SubstrateTraits OciSubstrateTraits() {
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kOci;
  traits.runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc};
  traits.other_runtimes_why = kNoVmRuntimeWhy;
  traits.other_runtimes_fix = kNoVmRuntimeFix;
  // The bundle has no privileged mode; a shared pid namespace holds on the host kernel only.
  traits.privileged = false;
  traits.host_pid_runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun};
  return traits;
}

}  // namespace sandcheck
