// Promises that cannot all hold at once. Each rule compares only values that decoded cleanly and
// were written explicitly, and points at the value that makes the promise impossible.
#include <fmt/ranges.h>

#include <algorithm>

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
  return runtime == RuntimeKind::kRunc || runtime == RuntimeKind::kCrun ||
         runtime == RuntimeKind::kBwrap || runtime == RuntimeKind::kSrt;
}

bool Contains(const std::vector<RuntimeKind>& runtimes, RuntimeKind runtime) {
  return std::find(runtimes.begin(), runtimes.end(), runtime) != runtimes.end();
}

// "substrate docker, or oci with runc or crun"; places come from the catalog, which may be empty.
std::string OrList(const std::vector<std::string>& places) {
  if (places.empty()) return "no substrate of this build";
  return fmt::format("{}", fmt::join(places, ", or "));
}

// The first whole substrate of `places` as a fix writes it: "substrate docker" -> "substrate:
// docker".
std::string AsKey(const std::vector<std::string>& places) {
  if (places.empty()) return "another substrate";
  return "substrate:" + places.front().substr(places.front().find(' '));
}

std::string RuntimeList(const std::vector<RuntimeKind>& runtimes) {
  std::vector<std::string_view> names;
  for (RuntimeKind runtime : runtimes) names.push_back(ToString(runtime));
  return fmt::format("{}", fmt::join(names, " or "));
}

// Where a shared pid namespace holds: whole substrates first, then substrates with some runtimes.
std::vector<std::string> HostPidPlaces(SubstrateCatalog substrates) {
  std::vector<std::string> whole, partly;
  for (const auto& traits : substrates) {
    if (traits.host_pid_runtimes.empty()) continue;
    if (traits.host_pid_runtimes == traits.runtimes) {
      whole.push_back(fmt::format("substrate {}", ToString(traits.kind)));
    } else {
      partly.push_back(
          fmt::format("{} with {}", ToString(traits.kind), RuntimeList(traits.host_pid_runtimes)));
    }
  }
  whole.insert(whole.end(), partly.begin(), partly.end());
  return whole;
}

std::string HostPidFix(SubstrateCatalog substrates, const SubstrateTraits& here) {
  std::vector<std::string> whole;
  for (const auto& traits : substrates) {
    if (!traits.host_pid_runtimes.empty() && traits.host_pid_runtimes == traits.runtimes) {
      whole.push_back(fmt::format("substrate {}", ToString(traits.kind)));
    }
  }
  std::string use = AsKey(whole);
  if (!here.host_pid_runtimes.empty()) {
    use += fmt::format(" or runtime {}", ToString(here.host_pid_runtimes.front()));
  }
  return fmt::format("use {} for this negative control, or remove the key", use);
}

}  // namespace

void CheckContradictions(const Deployment& deployment, DecodeContext& context) {
  Diagnostics& diagnostics = context.diagnostics;
  auto kernel = MarkOf(context, "kernel");
  auto runtime = MarkOf(context, "runtime");
  auto substrate = MarkOf(context, "substrate");
  auto network = MarkOf(context, "network");
  bool sandbox_kernel = kernel && deployment.kernel == KernelMode::kSandbox;

  if (sandbox_kernel && runtime && RunsOnHostKernel(deployment.runtime) &&
      !deployment.negative_control) {
    diagnostics.Add(*kernel,
                    fmt::format("kernel: sandbox promises a sandbox kernel, but runtime {} runs "
                                "the agent on the host kernel",
                                ToString(deployment.runtime)),
                    "use runtime runsc or kata, or write kernel: host (or negative_control: "
                    "true, for a control that shows the mislabel)");
  }
  // What the named substrate can express; one this build lacks is refused before it starts.
  const SubstrateTraits* traits =
      substrate ? FindTraits(context.substrates, deployment.substrate) : nullptr;
  if (runtime && traits && !Contains(traits->runtimes, deployment.runtime)) {
    diagnostics.Add(
        *runtime,
        fmt::format("runtime {} cannot run on substrate {}: {}", ToString(deployment.runtime),
                    ToString(deployment.substrate), traits->other_runtimes_why),
        traits->other_runtimes_fix);
  }
  if (auto mark = MarkOf(context, "privileged"); mark && traits && !traits->privileged) {
    std::vector<std::string> where;
    for (const auto& other : context.substrates) {
      if (other.privileged) where.push_back(fmt::format("substrate {}", ToString(other.kind)));
    }
    diagnostics.Add(
        *mark,
        fmt::format("'privileged: true' is only supported on {}, not {}", OrList(where),
                    ToString(deployment.substrate)),
        fmt::format("use {} for this negative control, or remove the key", AsKey(where)));
  }
  if (auto mark = MarkOf(context, "pid_mode");
      mark && traits && !Contains(traits->host_pid_runtimes, deployment.runtime)) {
    diagnostics.Add(*mark,
                    fmt::format("'pid_mode: host' is only supported on {}, not {} with {}",
                                OrList(HostPidPlaces(context.substrates)),
                                ToString(deployment.substrate), ToString(deployment.runtime)),
                    HostPidFix(context.substrates, *traits));
  }
  if (sandbox_kernel && network && deployment.network == NetworkMode::kHost) {
    diagnostics.Add(*network,
                    "network: host hands the sandbox the host's network stack, which breaks the "
                    "kernel: sandbox promise",
                    "use network none or world, or write kernel: host");
  }
}

}  // namespace sandcheck
