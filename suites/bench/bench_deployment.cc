#include "suites/bench/bench_deployment.h"

#include "core/process.h"

namespace sandcheck::bench {

const std::vector<std::string>& ProbeCommand() {
  static const std::vector<std::string> command = {std::string(kProbePathInSandbox), "--only",
                                                   "identity"};
  return command;
}

Deployment BenchDeployment(RuntimeKind runtime) {
  Deployment deployment;
  deployment.name = "bench";
  deployment.runtime = runtime;
  deployment.image.recipe = "busybox";
  deployment.user = {1000, 1000, {}};
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.limits.memory_bytes = 256ull << 20;
  deployment.limits.pids = 128;
  deployment.network = NetworkMode::kNone;
  return deployment;
}

Status ProbeSucceeds(Sandbox& sandbox) {
  ExecRequest request;
  request.argv = ProbeCommand();
  ASSIGN_OR_RETURN(ProcessOutcome outcome, sandbox.Exec(request));
  if (!outcome.Succeeded()) {
    return Fail("probe in {}: {}: {}", sandbox.name(), outcome.DescribeEnd(), Tail(outcome.err));
  }
  return Status::Ok();
}

}  // namespace sandcheck::bench
