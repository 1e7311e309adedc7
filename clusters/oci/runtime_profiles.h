// What sandcheck knows about each OCI runtime, as data: how to call it, what this host
// needs wrapped around it, how slow it is, and what it can promise. Quirks live here, not
// as special cases in the code that runs the runtimes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/deployment.h"

namespace sandcheck {

// Placeholders expanded in profile argv entries.
inline constexpr std::string_view kRootPlaceholder = "{root}";  // the runtime's --root
inline constexpr std::string_view kWrapperDirPlaceholder =
    "{wrapper_dir}";  // the wrapper's mount point

struct RuntimeProfile {
  RuntimeKind kind;
  std::string binary;                    // looked up in PATH
  std::vector<std::string> global_args;  // before every subcommand
  // Extra global args for every call on a sandbox, by its network mode.
  std::map<NetworkMode, std::vector<std::string>> network_args;
  // argv prefix for every call on hosts with hybrid cgroups (v1 controllers plus a cgroup2
  // mount that still owns controllers); empty when the runtime copes on its own.
  std::vector<std::string> hybrid_cgroup_wrapper;
  double timeout_scale = 1.0;  // multiplies every Timeouts deadline
  // What `<runtime> exec` exits with when it cannot exec at all (the sandbox is gone). A
  // command may exit with it too, so it only prompts a look at the container's state.
  int exec_failure_exit_code = 255;
  // What a sandbox of this runtime can promise; `reason` says how (or why not).
  std::map<CapabilityKind, Capability> capabilities;
};

// runc, crun and runsc, in that order.
const std::vector<RuntimeProfile>& RuntimeProfiles();
// nullptr for runtimes the oci substrate cannot drive (kata).
const RuntimeProfile* FindRuntimeProfile(RuntimeKind kind);

// Whether a runtime can be used here, and its version.
struct RuntimeAvailability {
  bool available = false;
  std::string version;  // first line of `<binary> --version`
  std::string reason;   // why not, when unavailable
};

// Runs `<binary> --version`.
RuntimeAvailability DetectRuntime(const RuntimeProfile& profile);

// The profile's capabilities, all unavailable with the reason when the runtime is.
RuntimeCapabilities CapabilitiesOf(const RuntimeProfile& profile,
                                   const RuntimeAvailability& availability);

}  // namespace sandcheck
