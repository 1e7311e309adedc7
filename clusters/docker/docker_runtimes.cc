#include "clusters/docker/docker_runtimes.h"

namespace sandcheck {
namespace {

Capability Can(std::string how) { return {true, std::move(how)}; }
Capability Cannot(std::string why) { return {false, std::move(why)}; }

std::vector<DockerRuntimeProfile> BuildDockerProfiles() {
  DockerRuntimeProfile runc{
      .kind = RuntimeKind::kRunc,
      .engine_runtime = {{NetworkMode::kNone, "runc"},
                         {NetworkMode::kHost, "runc"},
                         {NetworkMode::kWorld, "runc"}},
      .timeout_scale = 1.0,
      .capabilities = {
          {CapabilityKind::kSandboxKernel, Cannot("runc shares the host kernel")},
          {CapabilityKind::kCgroupLimits, Can("host cgroups set by dockerd through runc")},
          {CapabilityKind::kSeccomp,
           Can("the engine's seccomp profile, loaded by runc into the host kernel")},
          {CapabilityKind::kSeccompExec,
           Can("docker exec processes inherit the container's filters")},
          {CapabilityKind::kOverlayRootfs,
           Can("the engine's overlay2 layer over the imported image")},
          {CapabilityKind::kWorldNetwork,
           Can("the engine's empty network namespace, wired to the run's world "
               "after start")},
          {CapabilityKind::kMountFlags, Can("the engine's --tmpfs mount options")},
          {CapabilityKind::kOwnTmpfs, Can("the engine's --tmpfs mounts")},
          {CapabilityKind::kEgressProxy,
           Can("a mitmdump sidecar in a namespace of its own, the container's "
               "only link (clusters/docker/container_world.h)")},
      }};
  // Debian's runsc sets up its netstack in the root network namespace unless told otherwise
  // ("cannot run with network enabled in root network namespace"), so every network mode
  // needs its own registered runtime with the matching --network argument. In the world the
  // container's namespace gets its interface only after start, which gVisor's own netstack
  // (set up from the interfaces present at start) would never see: the Sentry uses the
  // namespace's stack instead (--network=host).
  DockerRuntimeProfile runsc{
      .kind = RuntimeKind::kRunsc,
      .engine_runtime = {{NetworkMode::kNone, "runsc"},
                         {NetworkMode::kHost, "runsc-host-netstack"},
                         {NetworkMode::kWorld, "runsc-host-netstack"}},
      .timeout_scale = 3.0,
      .capabilities = {
          {CapabilityKind::kSandboxKernel,
           Can("gVisor Sentry kernel (ptrace platform), registered in daemon.json")},
          {CapabilityKind::kCgroupLimits,
           Can("host cgroup around the whole sandbox, set by dockerd; not visible "
               "inside, where gVisor shows its own cgroupfs")},
          {CapabilityKind::kSeccomp,
           Can("the engine's profile, enforced by the Sentry (--oci-seccomp) on the "
               "init and its descendants")},
          {CapabilityKind::kSeccompExec,
           Cannot("docker exec under runsc runs outside the init's seccomp "
                  "filters (runsc exec, as on the oci substrate)")},
          {CapabilityKind::kOverlayRootfs, Can("the engine's overlay2 layer, served by the gofer")},
          {CapabilityKind::kWorldNetwork,
           Can("the engine's empty network namespace, wired to the run's world "
               "after start; the Sentry uses its stack (--network=host)")},
          {CapabilityKind::kMountFlags, Can("the engine's --tmpfs mount options")},
          {CapabilityKind::kOwnTmpfs, Can("the engine's --tmpfs mounts")},
          {CapabilityKind::kEgressProxy,
           Can("a mitmdump sidecar in a namespace of its own, the container's "
               "only link (clusters/docker/container_world.h)")},
      }};
  return {runc, runsc};
}

}  // namespace

const std::vector<DockerRuntimeProfile>& DockerRuntimeProfiles() {
  static const std::vector<DockerRuntimeProfile> profiles = BuildDockerProfiles();
  return profiles;
}

const DockerRuntimeProfile* FindDockerRuntimeProfile(RuntimeKind kind) {
  for (const auto& profile : DockerRuntimeProfiles()) {
    if (profile.kind == kind) return &profile;
  }
  return nullptr;
}

}  // namespace sandcheck
