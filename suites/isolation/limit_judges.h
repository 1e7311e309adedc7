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

// One stress probe run in a sandbox of its own, and what the harness saw afterwards.
struct StressRun {
  std::optional<nlohmann::json> document;  // unset when the probe did not report
  std::string probe_error;                 // why it did not
  bool sandbox_alive_after = true;         // the sandbox still ran a command afterwards
  bool host_starts_processes = false;      // the harness could still start a process
  std::string host_detail;
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

// `observation` is the family's shared document; `run` is the stress run, unset when the
// deployment declares no limit (then nothing was stressed).
Result<Judgement> JudgePidsLimit(const Observation& observation,
                                 const std::optional<StressRun>& run);
Result<Judgement> JudgeMemoryLimit(const Observation& observation,
                                   const std::optional<StressRun>& run);
Result<Judgement> JudgeCpuLimit(const Observation& observation);

}  // namespace sandcheck::isolation
