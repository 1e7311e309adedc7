#include "suites/agent/scenario_leftovers.h"

#include <fmt/format.h>

#include <thread>

namespace sandcheck {
namespace {

nlohmann::json DescribeProcesses(const std::vector<HostProcess>& processes) {
  nlohmann::json described = nlohmann::json::array();
  for (const auto& process : processes) {
    described.push_back({{"pid", process.pid}, {"cmdline", process.cmdline}});
  }
  return described;
}

}  // namespace

Result<std::vector<std::string>> LeftoversAfterTeardown(Sandbox& sandbox, const std::string& marker,
                                                        Duration timeout,
                                                        nlohmann::json& evidence) {
  // The sandbox object, and so its host view, outlives Destroy().
  HostView& host = sandbox.host();
  auto before = host.ProcessesCarrying(marker);
  evidence["before_teardown"] = DescribeProcesses(before);
  if (before.empty()) {
    return Fail(
        "no process carrying the marker ran after the agent's session: the background "
        "process never started, so there is nothing to judge");
  }
  Status destroyed = sandbox.Destroy();
  evidence["teardown"] = destroyed.ok() ? "ok" : destroyed.message();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto after = host.ProcessesCarrying(marker);
  while (!after.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = host.ProcessesCarrying(marker);
  }
  evidence["after_teardown"] = DescribeProcesses(after);
  std::vector<std::string> problems;
  for (const auto& process : after) {
    problems.push_back(
        fmt::format("pid {} ({}) still runs on the host after the sandbox's teardown", process.pid,
                    process.cmdline));
    host.KillProcess(process.pid);  // started by this run's sandbox: ours to stop
  }
  return problems;
}

}  // namespace sandcheck
