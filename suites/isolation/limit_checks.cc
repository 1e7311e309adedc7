// ISO-017..019: pids, memory and cpu limits.
#include "clusters/host_view.h"
#include "suites/framework/probe.h"
#include "suites/isolation/isolation_checks.h"
#include "suites/isolation/limit_judges.h"
#include "suites/isolation/observe_and_judge.h"

namespace sandcheck::isolation {
namespace {

bool Runs(Sandbox& sandbox, const std::vector<std::string>& argv, Duration timeout) {
  ExecRequest request;
  request.argv = argv;
  request.timeout = timeout;
  auto outcome = sandbox.Exec(request);
  return outcome.ok() && outcome->Succeeded();
}

// Runs the stress probe in a sandbox of the check's own (it may leave the sandbox unusable),
// then asks whether the sandbox and the host still start processes.
Result<StressRun> Stress(CheckContext& context, const std::vector<std::string>& options) {
  ASSIGN_OR_RETURN(SandboxLease sandbox, context.AcquireFresh("iso-stress"));
  StressRun run;
  auto document = RunProbe(*sandbox, options, context.timeouts().exec);
  if (document.ok()) {
    run.document = std::move(document).value();
  } else {
    run.probe_error = document.message();
  }
  run.sandbox_alive_after = Runs(*sandbox, {"/bin/true"}, context.timeouts().exec);
  ProcessStart host = sandbox->host().StartProcess(context.timeouts().runtime_command);
  run.host_starts_processes = host.starts;
  run.host_detail = std::move(host.detail);
  return run;
}

using StressJudge = Result<Judgement> (*)(const Observation&, const std::optional<StressRun>&);

// Stresses only when `options` is set (the limit is declared); judges against the family's
// shared document either way, which also shows whether the agent runs on a sandbox kernel.
CheckResult StressAndJudge(CheckContext& context,
                           const std::optional<std::vector<std::string>>& options,
                           StressJudge judge) {
  ResultBuilder result(context.check().id);
  auto shared = context.Probe(IsolationProbeOptions(context.deployment()));
  if (!shared.ok()) return result.Error(shared.error());
  std::optional<StressRun> run;
  if (options) {
    auto stressed = Stress(context, *options);
    if (!stressed.ok()) return result.Error(stressed.error());
    run = std::move(stressed).value();
  }
  auto host = SharedHostIdentity(context);
  if (!host.ok()) return result.Error(host.error());
  Observation observation{context.deployment(), **shared, context.capabilities(),
                          std::move(host).value()};
  return Conclude(std::move(result), judge(observation, run));
}

CheckResult PidsLimitHolds(CheckContext& context) {
  const auto& pids = context.deployment().limits.pids;
  if (!pids) return StressAndJudge(context, std::nullopt, JudgePidsLimit);
  auto children = ForkBombSize(*pids);
  if (!children) {
    return ResultBuilder(context.check().id)
        .Error(fmt::format("the declared pids limit {} is above what the probe may fork", *pids));
  }
  return StressAndJudge(context, ForkBombOptions(*children), JudgePidsLimit);
}

CheckResult MemoryLimitHolds(CheckContext& context) {
  const auto& memory = context.deployment().limits.memory_bytes;
  if (!memory) return StressAndJudge(context, std::nullopt, JudgeMemoryLimit);
  auto megabytes = AllocationMb(*memory);
  if (!megabytes) {
    return ResultBuilder(context.check().id)
        .Error(fmt::format("the declared memory limit of {} bytes is above what the probe may "
                           "allocate",
                           *memory));
  }
  return StressAndJudge(context, AllocationOptions(*megabytes), JudgeMemoryLimit);
}

// A declared limit is pushed against in a sandbox of the check's own, started ahead.
bool DeclaresPidsLimit(const Deployment& deployment) { return deployment.limits.pids.has_value(); }
bool DeclaresMemoryLimit(const Deployment& deployment) {
  return deployment.limits.memory_bytes.has_value();
}

}  // namespace

std::vector<CheckInfo> LimitChecks() {
  return {
      {{
           .id = "ISO-017",
           .must = "The deployment MUST declare a pids limit, and a fork bomb in the sandbox "
                   "MUST be stopped by it while the host keeps starting processes",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "An agent that loops on fork (a runaway build, a test suite gone wrong, or on "
               "purpose) exhausts the host's process table and takes everything on it down. "
               "The probe forks past the declared limit in a sandbox of the check's own, "
               "sleeping children only, and reaps them all: fork must fail with EAGAIN below "
               "the limit, or, on a sandbox kernel that the limit covers as a whole, the "
               "sandbox must be stopped.",
           .remediation =
               "Declare limits: {pids: 512} (docker run --pids-limit, a pids limit on the "
               "node or pod in Kubernetes).",
           .required_capabilities = {CapabilityKind::kCgroupLimits},
           .negative_controls = {"iso-no-pids-limit.yaml"},
       },
       PidsLimitHolds,
       DeclaresPidsLimit},
      {{
           .id = "ISO-018",
           .must = "The deployment MUST declare a memory limit, and touching more memory than "
                   "it in the sandbox MUST be stopped by it while the host keeps starting "
                   "processes",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "Without a memory limit the host's OOM killer decides what dies when the agent "
               "overallocates, and it may pick anything on the host. The probe touches half "
               "again the declared limit in a child that offers itself to the OOM killer, in "
               "a sandbox of the check's own: the child must be SIGKILLed after at most the "
               "limit, or, on a sandbox kernel that the limit covers as a whole, the sandbox "
               "must be stopped.",
           .remediation =
               "Declare limits: {memory: 4g} (docker run --memory with --memory-swap equal to "
               "it; resources.limits.memory in Kubernetes).",
           .required_capabilities = {CapabilityKind::kCgroupLimits},
           .negative_controls = {"iso-no-memory-limit.yaml"},
       },
       MemoryLimitHolds,
       DeclaresMemoryLimit},
      {{
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
               "flaky on a loaded machine. A sandbox kernel that shows no cgroup files makes "
               "the check skip, saying so.",
           .remediation = "Declare limits: {cpus: 2} (docker run --cpus, resources.limits.cpu in "
                          "Kubernetes).",
           .required_capabilities = {CapabilityKind::kCgroupLimits},
           .negative_controls = {"iso-no-cpu-limit.yaml"},
       },
       ObserveAndJudge<JudgeCpuLimit>},
  };
}

}  // namespace sandcheck::isolation
