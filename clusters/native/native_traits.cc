#include "clusters/native/native_traits.h"

namespace sandcheck {

SubstrateTraits NativeSubstrateTraits() {
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kNative;
  traits.runtimes = {RuntimeKind::kBwrap, RuntimeKind::kSrt};
  traits.other_runtimes_why =
      "the native substrate runs no containers: it wraps each command with bwrap or srt";
  traits.other_runtimes_fix = "write 'runtime: bwrap' or 'runtime: srt', or use substrate oci";
  // A wrapper has no privileged mode, and it shares the host's process table only through
  // its own arguments (a bwrap line without --unshare-pid), which the deployment spells there.
  traits.privileged = false;
  traits.host_pid_runtimes = {};
  return traits;
}

}  // namespace sandcheck
