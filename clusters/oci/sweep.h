// The sweep: removes what interrupted runs left in a state directory. A run is abandoned
// when its run lock can be taken (its process is gone); the sweep holds that lock while it
// works, so two sweepers never clean the same run, and releasing it removes the lock file.
// Names without the "sc-" prefix and runs whose lock is held are never touched.
#pragma once

#include <memory>
#include <vector>

#include "clusters/oci/runtime_cli.h"
#include "clusters/oci/state_layout.h"
#include "core/result.h"
#include "core/run_id.h"

namespace sandcheck {

// For every abandoned run (other than `self`) found in the runtimes' container lists, the
// run directory, the rootfs cache's build directories, the cgroup trees and the lock files:
// kill and delete its containers, unmount what is mounted under <run_dir>/<run>/, remove
// that directory and its half-built rootfs trees, and remove its cgroups.
Status SweepAbandonedRuns(const StateLayout& layout,
                          const std::vector<std::shared_ptr<const RuntimeCli>>& runtimes,
                          const RunId& self);

}  // namespace sandcheck
