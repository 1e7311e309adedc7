// Finds what a sandbox left on the host after it should be gone: its container in the
// runtime's list, mounts or files under its bundle, processes, cgroups. Tests assert the
// list is empty, so a failure prints exactly what leaked.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "clusters/oci/runtime_cli.h"

namespace sandcheck {

struct SandboxTraces {
  std::string container_id;
  std::filesystem::path bundle_dir;
  std::vector<pid_t> pids;  // processes seen while it ran (e.g. its init)
};

// One line per leftover ("container sc-... still listed by runc"); empty when clean.
std::vector<std::string> FindLeftovers(const RuntimeCli& runtime, const SandboxTraces& traces);

// The runtime's current list, as ids (the test fails on a list error).
std::vector<std::string> ListedIds(const RuntimeCli& runtime);

}  // namespace sandcheck
