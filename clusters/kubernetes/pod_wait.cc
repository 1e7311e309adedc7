#include "clusters/kubernetes/pod_wait.h"

#include <fmt/format.h>

#include <set>
#include <thread>

namespace sandcheck {
namespace {

using json = nlohmann::json;

constexpr Duration kPoll = std::chrono::milliseconds(250);
constexpr Duration kCall = std::chrono::seconds(20);

bool IsReady(const json& pod) {
  for (const json& condition : pod.value(json::json_pointer("/status/conditions"), json::array())) {
    if (condition.value("type", "") == "Ready") return condition.value("status", "") == "True";
  }
  return false;
}

std::string EventsAbout(const Kubectl& kubectl, const std::string& name_space,
                        const std::string& pod) {
  auto events = kubectl.GetJson(
      {"get", "events", "-n", name_space, "--field-selector", "involvedObject.name=" + pod}, kCall);
  if (!events.ok()) return "(events unreadable: " + events.message() + ")";
  std::string lines;
  for (const json& event : events->value("items", json::array())) {
    lines += fmt::format("\n  event {} {}: {}", event.value("type", ""), event.value("reason", ""),
                         event.value("message", ""));
  }
  return lines.empty() ? "\n  (no events)" : lines;
}

}  // namespace

std::string HopelessReason(const json& pod) {
  const std::string phase = pod.value(json::json_pointer("/status/phase"), std::string());
  if (phase == "Failed" || phase == "Succeeded") return "the pod is " + phase;
  // Waiting reasons that never resolve for a pod that is never pulled and never restarted.
  static const std::set<std::string> kStuck = {"ErrImageNeverPull",          "InvalidImageName",
                                               "CreateContainerConfigError", "CreateContainerError",
                                               "RunContainerError",          "CrashLoopBackOff"};
  for (const json& status :
       pod.value(json::json_pointer("/status/containerStatuses"), json::array())) {
    const std::string waiting =
        status.value(json::json_pointer("/state/waiting/reason"), std::string());
    if (kStuck.contains(waiting)) {
      return fmt::format("container {} is {}: {}", status.value("name", ""), waiting,
                         status.value(json::json_pointer("/state/waiting/message"), std::string()));
    }
    if (status.contains("state") && status["state"].contains("terminated")) {
      const json& ended = status["state"]["terminated"];
      return fmt::format("container {} exited ({}, code {}): {}", status.value("name", ""),
                         ended.value("reason", ""), ended.value("exitCode", -1),
                         ended.value("message", ""));
    }
  }
  return "";
}

std::string DescribePodStatus(const json& pod) {
  std::string text = fmt::format(
      "phase {}", pod.value(json::json_pointer("/status/phase"), std::string("unknown")));
  for (const json& condition : pod.value(json::json_pointer("/status/conditions"), json::array())) {
    text += fmt::format("\n  condition {}={} {} {}", condition.value("type", ""),
                        condition.value("status", ""), condition.value("reason", ""),
                        condition.value("message", ""));
  }
  for (const json& status :
       pod.value(json::json_pointer("/status/containerStatuses"), json::array())) {
    text += fmt::format("\n  container {} state {}", status.value("name", ""),
                        status.value("state", json::object()).dump());
  }
  return text;
}

Result<json> WaitForPodReady(const Kubectl& kubectl, const std::string& name_space,
                             const std::string& pod, Duration deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  std::string last_seen = "nothing yet";
  while (true) {
    auto got = kubectl.GetJson({"get", "pod", pod, "-n", name_space}, kCall);
    if (got.ok()) {
      if (IsReady(*got)) return *got;
      last_seen = DescribePodStatus(*got);
      if (std::string hopeless = HopelessReason(*got); !hopeless.empty()) {
        return Fail("pod {}/{} will never be Ready: {}\n  {}{}", name_space, pod, hopeless,
                    last_seen, EventsAbout(kubectl, name_space, pod));
      }
    } else {
      last_seen = got.message();
    }
    if (std::chrono::steady_clock::now() >= until) {
      return Fail("pod {}/{} not Ready after {} ms; last seen: {}{}", name_space, pod,
                  deadline.count(), last_seen, EventsAbout(kubectl, name_space, pod));
    }
    std::this_thread::sleep_for(kPoll);
  }
}

}  // namespace sandcheck
