// ISO-017..019: pids, memory and cpu limits.
#include "suites/isolation/isolation_checks.h"
#include "suites/isolation/limit_judges.h"
#include "suites/isolation/observe_and_judge.h"
#include "suites/probe.h"

namespace sandcheck::isolation {
namespace {

// Whether the host can still start a process after a stress probe.
HostHealth CheckHost(const Timeouts& timeouts) {
  ProcessSpec spec;
  spec.argv = {"/bin/true"};
  spec.timeout = timeouts.runtime_command;
  auto outcome = RunProcess(spec);
  if (!outcome.ok()) return {false, outcome.message()};
  return {outcome->Succeeded(), outcome->DescribeEnd()};
}

using StressJudge = Result<Judgement> (*)(const Observation&, const HostHealth&);

// Runs `options` in a sandbox of the check's own (the stress may leave the sandbox unusable),
// then checks the host and judges.
CheckResult StressAndJudge(CheckContext& context, const std::vector<std::string>& options,
                           StressJudge judge) {
  ResultBuilder result(context.check().id);
  auto sandbox = context.AcquireFresh("iso-stress");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  auto document = RunProbe(**sandbox, options, context.timeouts().exec);
  if (!document.ok()) return result.Error(document.error());
  HostHealth health = CheckHost(context.timeouts());
  Observation observation{context.deployment(), *document, context.capabilities(),
                          ReadHostFacts()};
  return Conclude(std::move(result), judge(observation, health));
}

// Without a declared limit there is nothing safe to push against: judge the shared document.
CheckResult JudgeUndeclared(CheckContext& context, StressJudge judge) {
  ResultBuilder result(context.check().id);
  auto document = context.Probe(IsolationProbeOptions(context.deployment()));
  if (!document.ok()) return result.Error(document.error());
  Observation observation{context.deployment(), **document, context.capabilities(),
                          ReadHostFacts()};
  return Conclude(std::move(result), judge(observation, HostHealth{true, "not stressed"}));
}

CheckResult PidsLimitHolds(CheckContext& context) {
  const auto& pids = context.deployment().limits.pids;
  if (!pids) return JudgeUndeclared(context, JudgePidsLimit);
  auto children = ForkBombSize(*pids);
  if (!children) {
    return ResultBuilder(context.check().id)
        .Error(fmt::format("the declared pids limit {} is above what the probe may fork", *pids));
  }
  return StressAndJudge(context, ForkBombOptions(*children), JudgePidsLimit);
}

CheckResult MemoryLimitHolds(CheckContext& context) {
  const auto& memory = context.deployment().limits.memory_bytes;
  if (!memory) return JudgeUndeclared(context, JudgeMemoryLimit);
  auto megabytes = AllocationMb(*memory);
  if (!megabytes) {
    return ResultBuilder(context.check().id)
        .Error(fmt::format("the declared memory limit of {} bytes is above what the probe may "
                           "allocate",
                           *memory));
  }
  return StressAndJudge(context, AllocationOptions(*megabytes), JudgeMemoryLimit);
}

}  // namespace

std::vector<CheckInfo> LimitChecks() {
  return {
      {
          .id = "ISO-017",
          .must = "The deployment MUST declare a pids limit, and a fork bomb in the sandbox "
                  "MUST hit it (EAGAIN below the limit) while the host keeps starting processes",
          .family = Family::kIsolation,
          .phase = Phase::kIsolation,
          .severity = Severity::kHigh,
          .rationale =
              "An agent that loops on fork (a runaway build, a test suite gone wrong, or on "
              "purpose) exhausts the host's process table and takes everything on it down. "
              "The probe forks past the declared limit in a sandbox of the check's own, "
              "sleeping children only, and reaps them all.",
          .remediation =
              "Declare limits: {pids: 512} (docker run --pids-limit, a pids limit on the "
              "node or pod in Kubernetes).",
          .required_capabilities = {"cgroup-limits"},
          .negative_controls = {"iso-no-pids-limit.yaml"},
          .fn = PidsLimitHolds,
      },
      {
          .id = "ISO-018",
          .must = "The deployment MUST declare a memory limit, and touching more memory than "
                  "it in the sandbox MUST get the allocation OOM-killed while the host keeps "
                  "starting processes",
          .family = Family::kIsolation,
          .phase = Phase::kIsolation,
          .severity = Severity::kHigh,
          .rationale =
              "Without a memory limit the host's OOM killer decides what dies when the agent "
              "overallocates, and it may pick anything on the host. The probe touches half "
              "again the declared limit in a child that offers itself to the OOM killer, in "
              "a sandbox of the check's own.",
          .remediation =
              "Declare limits: {memory: 4g} (docker run --memory with --memory-swap equal to "
              "it; resources.limits.memory in Kubernetes).",
          .required_capabilities = {"cgroup-limits"},
          .negative_controls = {"iso-no-memory-limit.yaml"},
          .fn = MemoryLimitHolds,
      },
      {
          .id = "ISO-019",
          .must = "The deployment MUST declare a cpu limit, and the cgroup the agent runs in "
                  "MUST carry the matching CFS quota",
          .family = Family::kIsolation,
          .phase = Phase::kIsolation,
          .severity = Severity::kMedium,
          .rationale =
              "An agent that spins every core starves the host and its other sandboxes. The "
              "kernel enforces the quota written in the agent's own cgroup, so reading it "
              "there shows the enforced limit without a timing measurement that would be "
              "flaky on a loaded machine.",
          .remediation =
              "Declare limits: {cpus: 2} (docker run --cpus, resources.limits.cpu in "
              "Kubernetes).",
          .required_capabilities = {"cgroup-limits"},
          .negative_controls = {"iso-no-cpu-limit.yaml"},
          .fn = ObserveAndJudge<JudgeCpuLimit>,
      },
  };
}

}  // namespace sandcheck::isolation
