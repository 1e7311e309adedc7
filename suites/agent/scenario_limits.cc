#include "suites/agent/scenario_limits.h"

#include <fmt/format.h>

#include "core/process.h"  // Tail

namespace sandcheck {

std::vector<std::string> ForkBombProblems(const ToolResult& result, const Deployment& deployment,
                                          nlohmann::json& evidence) {
  auto document = nlohmann::json::parse(result.content, nullptr, false);
  if (document.is_discarded() || !document.contains("fork_bomb")) {
    return {fmt::format("the fork bomb's tool result is not the probe's document: {}",
                        Tail(result.content, 200))};
  }
  const nlohmann::json& bomb = document["fork_bomb"];
  evidence["fork_bomb"] = bomb;
  if (document.contains("limits")) evidence["limits_inside"] = document["limits"];
  int64_t forked = bomb.value("forked", int64_t{0});
  int64_t requested = bomb.value("requested", int64_t{0});
  std::string stopped_by = bomb.value("stopped_by", "");
  const auto& declared = deployment.limits.pids;
  if (!declared) {
    return {fmt::format(
        "the deployment declares no pids limit: the agent forked {} of {} children ({})", forked,
        requested, stopped_by)};
  }
  if (stopped_by != "fork_error" || bomb.value("error", nlohmann::json()) != "EAGAIN") {
    return {fmt::format("the fork bomb was not stopped by EAGAIN: {} after {} of {} children",
                        stopped_by, forked, requested)};
  }
  if (forked >= *declared) {
    return {fmt::format("the agent forked {} children, at or above the declared pids limit of {}",
                        forked, *declared)};
  }
  return {};
}

std::string HostStartsProcesses(HostView& host, Duration timeout) {
  ProcessStart start = host.StartProcess(timeout);
  return start.starts ? "" : start.detail;
}

}  // namespace sandcheck
