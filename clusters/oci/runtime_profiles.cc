#include "clusters/oci/runtime_profiles.h"

#include "core/process.h"

namespace sandcheck {
namespace {

Capability Yes(std::string how) { return {true, std::move(how)}; }
Capability No(std::string why) { return {false, std::move(why)}; }

std::vector<RuntimeProfile> BuildProfiles() {
  const std::string root(kRootPlaceholder);
  RuntimeProfile runc{
      .kind = RuntimeKind::kRunc,
      .binary = "runc",
      .global_args = {"--root", root},
      .network_args = {},
      .hybrid_cgroup_wrapper = {},
      .timeout_scale = 1.0,
      .exec_failure_exit_code = 255,
      .capabilities = {
          {CapabilityKind::kSandboxKernel, No("runc shares the host kernel")},
          {CapabilityKind::kCgroupLimits,
           Yes("host cgroups (v1 controllers or cgroup2) set by runc")},
          {CapabilityKind::kSeccomp, Yes("seccomp-bpf loaded by runc into the host kernel")},
          {CapabilityKind::kSeccompExec,
           Yes("runc exec applies the bundle's filters to exec'd processes")},
          {CapabilityKind::kOverlayRootfs, Yes("host overlayfs over the cached rootfs")},
          {CapabilityKind::kWorldNetwork, Yes("joins the sandbox's world namespace by path")},
          {CapabilityKind::kMountFlags, Yes("the bundle's tmpfs mount options")},
          {CapabilityKind::kOwnTmpfs, Yes("the bundle's tmpfs mounts")},
          {CapabilityKind::kEgressProxy,
           Yes("a mitmdump proxy in a namespace of its own, the sandbox's only link "
               "(clusters/world/join_world.h)")},
      }};

  // crun 1.8 refuses hybrid hosts whose cgroup2 mount still owns a controller (hugetlb on
  // Debian 12): "cgroups in hybrid mode not supported, drop all controllers from cgroupv2".
  // Mounting hugetlb as a v1 hierarchy in a private mount namespace takes it off cgroup2 for
  // the call. The hierarchy goes away once nothing holds it (the call's namespace, or a crun
  // container while it lives), and hugetlb returns to cgroup2: the host is left as it was.
  RuntimeProfile crun{
      .kind = RuntimeKind::kCrun,
      .binary = "crun",
      .global_args = {"--root", root},
      .network_args = {},
      .hybrid_cgroup_wrapper =
          {"unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
           "mount -t cgroup -o hugetlb sandcheck-hugetlb \"$0\" && exec \"$@\"",
           std::string(kWrapperDirPlaceholder)},
      .timeout_scale = 1.0,
      .exec_failure_exit_code = 1,
      .capabilities = {
          {CapabilityKind::kSandboxKernel, No("crun shares the host kernel")},
          {CapabilityKind::kCgroupLimits,
           Yes("host cgroups set by crun (hybrid hosts: hugetlb mount wrapper)")},
          {CapabilityKind::kSeccomp, Yes("seccomp-bpf loaded by crun into the host kernel")},
          {CapabilityKind::kSeccompExec,
           Yes("crun exec applies the bundle's filters to exec'd processes")},
          {CapabilityKind::kOverlayRootfs, Yes("host overlayfs over the cached rootfs")},
          {CapabilityKind::kWorldNetwork, Yes("joins the sandbox's world namespace by path")},
          {CapabilityKind::kMountFlags, Yes("the bundle's tmpfs mount options")},
          {CapabilityKind::kOwnTmpfs, Yes("the bundle's tmpfs mounts")},
          {CapabilityKind::kEgressProxy,
           Yes("a mitmdump proxy in a namespace of its own, the sandbox's only link "
               "(clusters/world/join_world.h)")},
      }};

  // gVisor: ptrace works without /dev/kvm; --oci-seccomp makes the Sentry enforce the
  // bundle's seccomp section (without it runsc ignores it), but only for the init and its
  // descendants. network none/host map to runsc's own network modes, which runsc reads at
  // `start` as well as `create`. network world is runsc's host mode too: the sandbox joins the
  // spec's namespace (the world's) and the Sentry uses that namespace's stack. runsc's own
  // netstack (--network=sandbox) refuses it: runsc 20221219 takes any namespace on a kernel
  // from 5.15 on for the root one, since net.core.rmem_default became per namespace there.
  RuntimeProfile runsc{
      .kind = RuntimeKind::kRunsc,
      .binary = "runsc",
      .global_args = {"--root", root, "--platform=ptrace", "--oci-seccomp"},
      .network_args = {{NetworkMode::kNone, {"--network=none"}},
                       {NetworkMode::kHost, {"--network=host"}},
                       {NetworkMode::kWorld, {"--network=host"}}},
      .hybrid_cgroup_wrapper = {},
      .timeout_scale = 3.0,
      .exec_failure_exit_code = 128,
      .capabilities = {
          {CapabilityKind::kSandboxKernel, Yes("gVisor Sentry kernel (ptrace platform)")},
          {CapabilityKind::kCgroupLimits,
           Yes("host cgroup around the whole sandbox, set by runsc; not visible "
               "inside, where gVisor shows its own cgroupfs")},
          {CapabilityKind::kSeccomp,
           Yes("filters enforced by the gVisor Sentry (--oci-seccomp) on the init "
               "and its descendants")},
          {CapabilityKind::kSeccompExec,
           No("runsc exec does not apply the bundle's seccomp filters to "
              "exec'd processes (measured with runsc 20221219)")},
          {CapabilityKind::kOverlayRootfs,
           Yes("host overlayfs over the cached rootfs, served by the gofer")},
          {CapabilityKind::kWorldNetwork,
           Yes("joins the sandbox's world namespace by path; the Sentry uses "
               "that namespace's stack (--network=host), which has no "
               "netfilter of gVisor's own")},
          {CapabilityKind::kMountFlags, Yes("the bundle's tmpfs mount options")},
          {CapabilityKind::kOwnTmpfs, Yes("the bundle's tmpfs mounts")},
          {CapabilityKind::kEgressProxy,
           Yes("a mitmdump proxy in a namespace of its own, the sandbox's only link "
               "(clusters/world/join_world.h)")},
      }};
  return {runc, crun, runsc};
}

}  // namespace

const std::vector<RuntimeProfile>& RuntimeProfiles() {
  static const std::vector<RuntimeProfile> profiles = BuildProfiles();
  return profiles;
}

const RuntimeProfile* FindRuntimeProfile(RuntimeKind kind) {
  for (const auto& profile : RuntimeProfiles()) {
    if (profile.kind == kind) return &profile;
  }
  return nullptr;
}

RuntimeAvailability DetectRuntime(const RuntimeProfile& profile) {
  ProcessSpec spec;
  spec.argv = {profile.binary, "--version"};
  spec.timeout = std::chrono::seconds(10);
  auto outcome = RunProcess(spec);
  if (!outcome.ok()) return {false, "", outcome.message()};
  if (!outcome->Succeeded()) {
    return {false, "",
            fmt::format("{} --version: {}: {}", profile.binary, outcome->DescribeEnd(),
                        Tail(outcome->err))};
  }
  std::string first_line = outcome->out.substr(0, outcome->out.find('\n'));
  return {true, first_line, ""};
}

RuntimeCapabilities CapabilitiesOf(const RuntimeProfile& profile,
                                   const RuntimeAvailability& availability) {
  RuntimeCapabilities result;
  result.runtime_version = availability.version;
  for (const auto& [name, capability] : profile.capabilities) {
    result.capabilities[name] =
        availability.available
            ? capability
            : No(fmt::format("{} unavailable: {}", ToString(profile.kind), availability.reason));
  }
  return result;
}

}  // namespace sandcheck
