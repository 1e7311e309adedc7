// How this host mounts cgroups, which decides whether a runtime needs its hybrid-cgroup
// wrapper, and where sandbox cgroups can be found for a sweep.
#pragma once

#include <filesystem>
#include <vector>

#include "core/mountinfo.h"
#include "core/result.h"

namespace sandcheck {

enum class CgroupLayout {
  kUnified,  // cgroup2 at /sys/fs/cgroup
  kHybrid,   // v1 controllers under /sys/fs/cgroup plus cgroup2 at /sys/fs/cgroup/unified
  kLegacy,   // v1 only
};

CgroupLayout DetectCgroupLayout();

// Every cgroup (v1 or v2) mount point in `mounts`, without duplicates.
std::vector<std::filesystem::path> CgroupMountPoints(const std::vector<MountEntry>& mounts);

// Removes a cgroup directory and its children with rmdir, children first (the control
// files inside cannot be deleted). Fails while processes are still in it.
Status RemoveCgroupTree(const std::filesystem::path& dir);

// Removes what is left of /sandcheck/<container_id> in every cgroup hierarchy (runsc, for
// one, leaves them behind when `create` fails). Missing directories are fine.
Status RemoveContainerCgroups(std::string_view container_id);

}  // namespace sandcheck
