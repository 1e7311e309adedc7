// Judges of the resource limits: pids and memory are pushed against in a sandbox of the check's
// own (the probe's bounded --fork-bomb and --allocate-mb), cpu is read from the cgroup the probe
// runs in. A limit the deployment does not declare fails without stressing anything: there is
// nothing safe to push against.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// What the harness saw of the host after a stress probe: it could still start a process.
struct HostHealth {
  bool can_start_process = false;
  std::string detail;
};

// How many children the fork bomb asks for: enough above the declared limit that a limit
// which holds is hit, never more than the probe allows. nullopt when the declared limit is
// above what the probe may fork.
std::optional<int> ForkBombSize(int64_t declared_pids);
// How many MiB the allocation asks for, likewise.
std::optional<int> AllocationMb(uint64_t declared_bytes);

// Probe options for the stress runs: only the limits section plus the stress section.
std::vector<std::string> ForkBombOptions(int children);
std::vector<std::string> AllocationOptions(int megabytes);

// `document` holds "fork_bomb" when the deployment declares pids, else only "limits".
Result<Judgement> JudgePidsLimit(const Observation& observation, const HostHealth& health);
// `document` holds "allocation" when the deployment declares memory, else only "limits".
Result<Judgement> JudgeMemoryLimit(const Observation& observation, const HostHealth& health);
Result<Judgement> JudgeCpuLimit(const Observation& observation);

}  // namespace sandcheck::isolation
