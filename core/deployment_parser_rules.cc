// Promises that cannot all hold at once. Each rule compares only values that decoded cleanly and
// were written explicitly, and points at the value that makes the promise impossible.
#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

std::optional<YAML::Mark> MarkOf(const DecodeContext& context, std::string_view key) {
  auto found = context.decoded.find(key);
  if (found == context.decoded.end()) return std::nullopt;
  return found->second;
}

bool RunsOnHostKernel(RuntimeKind runtime) {
  return runtime == RuntimeKind::kRunc || runtime == RuntimeKind::kCrun;
}

}  // namespace

void CheckContradictions(const Deployment& deployment, DecodeContext& context) {
  Diagnostics& diagnostics = context.diagnostics;
  auto kernel = MarkOf(context, "kernel");
  auto runtime = MarkOf(context, "runtime");
  auto substrate = MarkOf(context, "substrate");
  auto network = MarkOf(context, "network");
  bool sandbox_kernel = kernel && deployment.kernel == KernelMode::kSandbox;

  if (sandbox_kernel && runtime && RunsOnHostKernel(deployment.runtime)) {
    diagnostics.Add(*kernel,
                    fmt::format("kernel: sandbox promises a sandbox kernel, but runtime {} runs "
                                "the agent on the host kernel",
                                ToString(deployment.runtime)),
                    "use runtime runsc or kata, or write kernel: host");
  }
  bool local_substrate =
      deployment.substrate == SubstrateKind::kOci || deployment.substrate == SubstrateKind::kDocker;
  if (runtime && substrate && deployment.runtime == RuntimeKind::kKata && local_substrate) {
    diagnostics.Add(*runtime,
                    fmt::format("runtime kata cannot run on substrate {}: kata needs /dev/kvm and "
                                "a VM runtime, which this substrate cannot express",
                                ToString(deployment.substrate)),
                    "use substrate kind or kina for kata, or runtime runsc for a sandbox kernel");
  }
  // Only the docker substrate can express privileged; elsewhere it would silently not hold.
  if (auto mark = MarkOf(context, "privileged");
      mark && substrate && deployment.substrate != SubstrateKind::kDocker) {
    diagnostics.Add(*mark,
                    fmt::format("'privileged: true' is only supported on substrate docker, not {}",
                                ToString(deployment.substrate)),
                    "use substrate: docker for this negative control, or remove the key");
  }
  // A shared pid namespace: docker, or the oci substrate's host-kernel runtimes (a sandbox
  // kernel always keeps its own process table).
  if (auto mark = MarkOf(context, "pid_mode"); mark && substrate) {
    bool docker = deployment.substrate == SubstrateKind::kDocker;
    bool oci_host_kernel =
        deployment.substrate == SubstrateKind::kOci && RunsOnHostKernel(deployment.runtime);
    if (!docker && !oci_host_kernel) {
      diagnostics.Add(*mark,
                      fmt::format("'pid_mode: host' is only supported on substrate docker, or oci "
                                  "with runc or crun, not {} with {}",
                                  ToString(deployment.substrate), ToString(deployment.runtime)),
                      "use substrate: docker or runtime runc for this negative control, or "
                      "remove the key");
    }
  }
  if (sandbox_kernel && network && deployment.network == NetworkMode::kHost) {
    diagnostics.Add(*network,
                    "network: host hands the sandbox the host's network stack, which breaks the "
                    "kernel: sandbox promise",
                    "use network none or world, or write kernel: host");
  }
}

}  // namespace sandcheck
