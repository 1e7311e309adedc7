#include "suites/isolation/limit_judges.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/probe_limits.h"
#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {
namespace {

// A cgroup file the probe read: {"path", "value"}, or null when none was readable.
struct LimitFile {
  std::string path;
  std::string value;
};

std::optional<LimitFile> LimitFileAt(const nlohmann::json& limits, std::string_view key) {
  auto it = limits.find(key);
  if (it == limits.end() || !it->is_object()) return std::nullopt;
  return LimitFile{StringAt(*it, "path"), StringAt(*it, "value")};
}

std::optional<int64_t> ParseWhole(std::string_view text) {
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    int64_t value = std::stoll(std::string(text), &used);
    return used == text.size() ? std::optional<int64_t>(value) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string Describe(const std::optional<LimitFile>& file) {
  return file ? fmt::format("{} = {}", file->path, file->value) : "not visible";
}

// The CFS quota and period in microseconds, from cgroup v2's "cpu.max" ("200000 100000" or
// "max 100000") or v1's cpu.cfs_quota_us (-1: none) and cpu.cfs_period_us. quota is nullopt
// when no quota is set.
struct CpuQuota {
  std::optional<int64_t> quota;
  int64_t period = 0;
};

Result<CpuQuota> ParseCpuQuota(const LimitFile& max, const std::optional<LimitFile>& period) {
  CpuQuota parsed;
  if (size_t space = max.value.find(' '); space != std::string::npos) {
    std::string quota = max.value.substr(0, space);
    auto period_us = ParseWhole(max.value.substr(space + 1));
    if (!period_us) return Fail("cannot parse {} = '{}'", max.path, max.value);
    parsed.period = *period_us;
    if (quota != "max") {
      parsed.quota = ParseWhole(quota);
      if (!parsed.quota) return Fail("cannot parse {} = '{}'", max.path, max.value);
    }
    return parsed;
  }
  auto quota = ParseWhole(max.value);
  auto period_us = period ? ParseWhole(period->value) : std::nullopt;
  if (!quota || !period_us) {
    return Fail("cannot parse the cgroup v1 quota: {}, {}", Describe(max), Describe(period));
  }
  parsed.period = *period_us;
  if (*quota >= 0) parsed.quota = quota;
  return parsed;
}

// The limit file as the stress run's sandbox saw it, else as the shared sandbox did.
Result<std::optional<LimitFile>> InsideLimit(const Observation& observation,
                                             const std::optional<StressRun>& run,
                                             std::string_view key) {
  const nlohmann::json& document = run && run->document ? *run->document : observation.document;
  ASSIGN_OR_RETURN(const nlohmann::json* limits, SectionOf(document, "limits"));
  return LimitFileAt(*limits, key);
}

void RecordAftermath(const StressRun& run, Judgement& judgement) {
  judgement.evidence["after_stress"] = {{"probe_error", run.probe_error},
                                        {"sandbox_alive", run.sandbox_alive_after},
                                        {"host_starts_processes", run.host_starts_processes},
                                        {"host_detail", run.host_detail}};
  if (!run.host_starts_processes) {
    judgement.problems.push_back("after the stress the host could not start a process: " +
                                 run.host_detail);
  }
}

// The stress probe did not report because the whole sandbox stopped. On a sandbox kernel that
// is how a limit holds: the runtime puts the limit on the whole sandbox, so the sandbox
// kernel's own threads and memory count and it is the sandbox kernel that dies (runsc with a
// pids limit dies from far fewer forks than the limit; without one, it forks on). Elsewhere
// sandcheck cannot tell what stopped the probe.
Result<Judgement> JudgeStoppedSandbox(const Observation& observation, const StressRun& run,
                                      std::string_view stress, Judgement judgement) {
  SandboxKernel sandbox_kernel = ShowSandboxKernel(observation);
  if (run.sandbox_alive_after || !sandbox_kernel.shown) {
    return Fail("the {} probe did not report ({}), and the sandbox {}", stress, run.probe_error,
                run.sandbox_alive_after ? "still runs" : "is not on a sandbox kernel");
  }
  judgement.holds = fmt::format(
      "the {} stopped the sandbox as a whole, as the runtime applies the limit to the whole "
      "sandbox, sandbox kernel included, and the host still starts processes (sandbox kernel: "
      "{})",
      stress, sandbox_kernel.reason);
  return judgement;
}

}  // namespace

std::optional<int> ForkBombSize(int64_t declared_pids) {
  int64_t children = declared_pids + std::max<int64_t>(16, declared_pids / 4);
  if (children > probe::kMaxForkBomb) return std::nullopt;
  return static_cast<int>(children);
}

std::optional<int> AllocationMb(uint64_t declared_bytes) {
  uint64_t declared_mb = (declared_bytes + kMiB - 1) / kMiB;
  uint64_t megabytes = declared_mb + std::max<uint64_t>(64, declared_mb / 2);
  if (megabytes > static_cast<uint64_t>(probe::kMaxAllocateMb)) return std::nullopt;
  return static_cast<int>(megabytes);
}

std::vector<std::string> ForkBombOptions(int children) {
  return {"--only", "limits", "--fork-bomb", std::to_string(children)};
}

std::vector<std::string> AllocationOptions(int megabytes) {
  return {"--only", "limits", "--allocate-mb", std::to_string(megabytes)};
}

Result<Judgement> JudgePidsLimit(const Observation& observation,
                                 const std::optional<StressRun>& run) {
  const std::optional<int64_t>& declared = observation.deployment.limits.pids;
  ASSIGN_OR_RETURN(auto pids_max, InsideLimit(observation, run, "pids_max"));
  Judgement judgement;
  judgement.evidence["pids_max"] = Describe(pids_max);
  if (!declared) {
    judgement.problems.push_back(fmt::format(
        "the deployment declares no pids limit (pids.max inside: {}): a fork bomb in the "
        "sandbox can exhaust the host's process table",
        Describe(pids_max)));
    return judgement;
  }
  judgement.evidence["declared"] = *declared;
  if (!run) return Fail("the pids limit is declared but no fork bomb was run");
  RecordAftermath(*run, judgement);
  if (!run->document) return JudgeStoppedSandbox(observation, *run, "fork bomb", judgement);
  ASSIGN_OR_RETURN(const nlohmann::json* bomb, SectionOf(*run->document, "fork_bomb"));
  judgement.evidence["fork_bomb"] = *bomb;
  std::string stopped_by = StringAt(*bomb, "stopped_by");
  int64_t forked = IntAt(*bomb, "forked").value_or(0);
  int64_t requested = IntAt(*bomb, "requested").value_or(0);
  std::string error = StringAt(*bomb, "error");
  if (stopped_by == "time") {
    return Fail("the fork bomb ran out of time after {} of {} children", forked, requested);
  }
  auto& problems = judgement.problems;
  if (stopped_by == "count") {
    problems.push_back(fmt::format(
        "the agent forked all {} children it tried: the declared limit of {} did not stop it",
        forked, *declared));
  } else if (error != "EAGAIN") {
    problems.push_back(
        fmt::format("fork failed with {} after {} children, not with EAGAIN from "
                    "the pids limit",
                    error.empty() ? "no errno" : error, forked));
  } else if (forked >= *declared) {
    problems.push_back(
        fmt::format("the agent forked {} children, at or above the declared limit "
                    "of {}",
                    forked, *declared));
  }
  judgement.holds = fmt::format(
      "fork failed with EAGAIN after {} of {} children (declared limit {}, {}), and the host "
      "still starts processes",
      forked, requested, *declared, Describe(pids_max));
  return judgement;
}

Result<Judgement> JudgeMemoryLimit(const Observation& observation,
                                   const std::optional<StressRun>& run) {
  const std::optional<uint64_t>& declared = observation.deployment.limits.memory_bytes;
  ASSIGN_OR_RETURN(auto memory_max, InsideLimit(observation, run, "memory_max"));
  Judgement judgement;
  judgement.evidence["memory_max"] = Describe(memory_max);
  if (!declared) {
    judgement.problems.push_back(fmt::format(
        "the deployment declares no memory limit (memory limit inside: {}): the agent can take "
        "the host's memory",
        Describe(memory_max)));
    return judgement;
  }
  uint64_t declared_mb = (*declared + kMiB - 1) / kMiB;
  judgement.evidence["declared_bytes"] = *declared;
  if (!run) return Fail("the memory limit is declared but no allocation was run");
  RecordAftermath(*run, judgement);
  if (!run->document) return JudgeStoppedSandbox(observation, *run, "allocation", judgement);
  ASSIGN_OR_RETURN(const nlohmann::json* allocation, SectionOf(*run->document, "allocation"));
  judgement.evidence["allocation"] = *allocation;
  std::string outcome = StringAt(*allocation, "outcome");
  int64_t requested = IntAt(*allocation, "requested_mb").value_or(0);
  int64_t touched = IntAt(*allocation, "touched_mb").value_or(0);
  if (outcome == "timed_out" || outcome == "fork_failed") {
    return Fail("the allocation of {} MiB did not finish: {}", requested, outcome);
  }
  auto& problems = judgement.problems;
  auto signal = IntAt(*allocation, "signal");
  if (outcome == "completed") {
    problems.push_back(
        fmt::format("the agent touched all {} MiB: the declared {} MiB limit did "
                    "not stop it",
                    requested, declared_mb));
  } else if (outcome == "killed" && signal != 9) {
    problems.push_back(
        fmt::format("the allocation was killed by signal {}, not by the OOM "
                    "killer's SIGKILL",
                    signal.value_or(0)));
  } else if (outcome == "killed" && touched > static_cast<int64_t>(declared_mb)) {
    problems.push_back(
        fmt::format("the allocation was killed only after touching {} MiB, more "
                    "than the declared {} MiB",
                    touched, declared_mb));
  } else if (outcome != "killed") {
    problems.push_back(fmt::format(
        "the allocation ended '{}' ({}) instead of being killed at the limit: something other "
        "than the memory limit stopped it",
        outcome, StringAt(*allocation, "mmap_error")));
  }
  judgement.holds = fmt::format(
      "allocating {} MiB was OOM-killed after {} MiB (declared limit {} MiB, {}), and the host "
      "still starts processes",
      requested, touched, declared_mb, Describe(memory_max));
  return judgement;
}

Result<Judgement> JudgeCpuLimit(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* limits, SectionOf(observation.document, "limits"));
  auto max = LimitFileAt(*limits, "cpu_max");
  auto period = LimitFileAt(*limits, "cpu_period");
  const std::optional<double>& declared = observation.deployment.limits.cpus;
  Judgement judgement;
  judgement.evidence["cpu_max"] = Describe(max);
  judgement.evidence["cpu_period"] = Describe(period);
  if (!declared) {
    judgement.problems.push_back(fmt::format(
        "the deployment declares no cpu limit (quota inside: {}): the agent can take every "
        "core of the host",
        Describe(max)));
    return judgement;
  }
  judgement.evidence["declared_cpus"] = *declared;
  if (!max) {
    SandboxKernel sandbox_kernel = ShowSandboxKernel(observation);
    if (!sandbox_kernel.shown) return Fail("no cgroup cpu quota file is visible in the sandbox");
    judgement.unobservable = fmt::format(
        "the declared {} cpus cannot be checked: the sandbox kernel shows no cgroup files and "
        "the substrate offers no host-side view of the sandbox's cgroup (sandbox kernel: {})",
        *declared, sandbox_kernel.reason);
  }
  if (!max) return judgement;
  ASSIGN_OR_RETURN(CpuQuota quota, ParseCpuQuota(*max, period));
  if (!quota.quota || quota.period <= 0) {
    judgement.problems.push_back(fmt::format(
        "the agent's cgroup has no cpu quota ({}), although the deployment declares {} cpus",
        Describe(max), *declared));
    return judgement;
  }
  double cpus = static_cast<double>(*quota.quota) / static_cast<double>(quota.period);
  judgement.evidence["observed_cpus"] = cpus;
  // The runtime converts cpus to a quota in whole microseconds; 1% covers the rounding.
  if (std::abs(cpus - *declared) > 0.01 * *declared) {
    judgement.problems.push_back(
        fmt::format("the cgroup's quota allows {:.3g} cpus ({}/{} us), the deployment declares {}",
                    cpus, *quota.quota, quota.period, *declared));
  }
  judgement.holds = fmt::format(
      "the agent's cgroup enforces a quota of {}/{} us = {:.3g} cpus, "
      "as declared",
      *quota.quota, quota.period, cpus);
  return judgement;
}

}  // namespace sandcheck::isolation
