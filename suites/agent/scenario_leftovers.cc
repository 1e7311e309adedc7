#include "suites/agent/scenario_leftovers.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iterator>
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

std::vector<HostProcess> HostProcessesCarrying(const std::string& marker) {
  std::vector<HostProcess> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(marker) == std::string::npos) continue;
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    found.push_back({static_cast<pid_t>(std::stol(name)), cmdline});
  }
  return found;
}

Result<std::vector<std::string>> LeftoversAfterTeardown(Sandbox& sandbox, const std::string& marker,
                                                        Duration timeout,
                                                        nlohmann::json& evidence) {
  auto before = HostProcessesCarrying(marker);
  evidence["before_teardown"] = DescribeProcesses(before);
  if (before.empty()) {
    return Fail(
        "no process carrying the marker ran after the agent's session: the background "
        "process never started, so there is nothing to judge");
  }
  Status destroyed = sandbox.Destroy();
  evidence["teardown"] = destroyed.ok() ? "ok" : destroyed.message();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto after = HostProcessesCarrying(marker);
  while (!after.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = HostProcessesCarrying(marker);
  }
  evidence["after_teardown"] = DescribeProcesses(after);
  std::vector<std::string> problems;
  for (const auto& process : after) {
    problems.push_back(
        fmt::format("pid {} ({}) still runs on the host after the sandbox's teardown", process.pid,
                    process.cmdline));
    ::kill(process.pid, SIGKILL);  // started by this run's sandbox: ours to stop
  }
  return problems;
}

}  // namespace sandcheck
