// Deployments built directly in tests (no YAML parser), shared by unit and integration tests.
#pragma once

#include "core/deployment.h"

namespace sandcheck {

// The hardened setup most checks expect: non-root agent, read-only root, no capabilities,
// no_new_privileges, the default seccomp profile, a small /tmp, limits, no network.
inline Deployment HardenedDeployment(RuntimeKind runtime = RuntimeKind::kRunc) {
  Deployment deployment;
  deployment.name = "hardened";
  deployment.runtime = runtime;
  deployment.image.recipe = "busybox";
  deployment.user = {1000, 1000, {}};
  deployment.workdir = "/workspace";
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.seccomp = SeccompMode::kRuntimeDefault;
  deployment.tmpfs = {{"/tmp", 16 << 20, 01777, true, true, true}};
  deployment.limits.memory_bytes = 256ull << 20;
  deployment.limits.pids = 128;
  deployment.limits.cpus = 0.5;
  deployment.network = NetworkMode::kNone;
  return deployment;
}

}  // namespace sandcheck
