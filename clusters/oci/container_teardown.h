// Stopping and deleting one container, shared by a lease's teardown and the sweep.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "clusters/oci/runtime_cli.h"
#include "core/result.h"

namespace sandcheck {

// SIGKILL, reap the container's processes that are this process's children (`known_pids`
// plus any still found in its cgroup), `delete --force`, then remove cgroups the runtime
// left. A container the runtime no longer lists counts as removed.
Status RemoveContainer(const RuntimeCli& runtime, const std::string& id,
                       const std::vector<pid_t>& known_pids);

}  // namespace sandcheck
