// The names of what a runtime on a substrate can do (RuntimeCapabilities) and of what a check
// may require (CheckInfo::required_capabilities). ToString gives the name reports, `explain`
// and skip reasons print.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandcheck {

enum class CapabilityKind {
  kSandboxKernel,  // the agent runs on a kernel of its own (gVisor's Sentry), not the host's
  kCgroupLimits,   // pids, memory and cpu limits are set by host cgroups
  kSeccomp,        // the deployment's seccomp filters confine the init and its descendants
  kSeccompExec,    // ... and processes exec'd into the sandbox
  kOverlayRootfs,  // the root filesystem is an overlay over a cached image
  kWorldNetwork,   // the sandbox can join the run's world network
  kEgressProxy,    // an egress proxy can be the sandbox's only link
  kMountFlags,     // a declared tmpfs carries noexec, nosuid and nodev
  kOwnTmpfs,       // a tmpfs of the sandbox's own, of a declared size, at a declared path
};

constexpr std::string_view ToString(CapabilityKind kind) {
  switch (kind) {
    case CapabilityKind::kSandboxKernel:
      return "sandbox-kernel";
    case CapabilityKind::kCgroupLimits:
      return "cgroup-limits";
    case CapabilityKind::kSeccomp:
      return "seccomp";
    case CapabilityKind::kSeccompExec:
      return "seccomp-exec";
    case CapabilityKind::kOverlayRootfs:
      return "overlay-rootfs";
    case CapabilityKind::kWorldNetwork:
      return "world-network";
    case CapabilityKind::kEgressProxy:
      return "egress-proxy";
    case CapabilityKind::kMountFlags:
      return "mount-flags";
    case CapabilityKind::kOwnTmpfs:
      return "own-tmpfs";
  }
  return "unknown";
}

inline std::vector<std::string> CapabilityKindNames(const std::vector<CapabilityKind>& kinds) {
  std::vector<std::string> names;
  for (CapabilityKind kind : kinds) names.emplace_back(ToString(kind));
  return names;
}

}  // namespace sandcheck
