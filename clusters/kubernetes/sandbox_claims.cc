#include "clusters/kubernetes/sandbox_claims.h"

#include <fmt/format.h>

#include <thread>

#include "clusters/kubernetes/pod_wait.h"

namespace sandcheck {
namespace {

using json = nlohmann::json;

constexpr Duration kClaimPoll = std::chrono::milliseconds(200);
constexpr Duration kClaimCall = std::chrono::seconds(20);
// Where agent-sandbox records the pod a Sandbox adopted from a warm pool (api/v1beta1).
constexpr std::string_view kPodNameAnnotation = "agents.x-k8s.io/pod-name";

std::string ConditionsOf(const json& object) {
  std::string text;
  for (const json& condition :
       object.value(json::json_pointer("/status/conditions"), json::array())) {
    text += fmt::format("\n    {}={} {}: {}", condition.value("type", ""),
                        condition.value("status", ""), condition.value("reason", ""),
                        condition.value("message", ""));
  }
  return text.empty() ? "\n    (no conditions)" : text;
}

bool ConditionTrue(const json& object, std::string_view type) {
  for (const json& condition :
       object.value(json::json_pointer("/status/conditions"), json::array())) {
    if (condition.value("type", "") == type) return condition.value("status", "") == "True";
  }
  return false;
}

// What the claim, its sandbox and the namespace's recent events say, for a timeout's message.
std::string WhatWasSeen(const Kubectl& kubectl, const std::string& name_space,
                        const std::string& claim) {
  std::string seen;
  auto claimed = kubectl.GetJson({"get", "sandboxclaim", claim, "-n", name_space}, kClaimCall);
  if (!claimed.ok()) return "the claim is unreadable: " + claimed.message();
  seen += fmt::format("\n  claim {}:{}", claim, ConditionsOf(*claimed));
  const std::string sandbox =
      claimed->value(json::json_pointer("/status/sandbox/name"), std::string());
  if (!sandbox.empty()) {
    auto got = kubectl.GetJson({"get", "sandbox", sandbox, "-n", name_space}, kClaimCall);
    if (got.ok()) seen += fmt::format("\n  sandbox {}:{}", sandbox, ConditionsOf(*got));
  }
  auto events = kubectl.GetJson({"get", "events", "-n", name_space}, kClaimCall);
  if (events.ok()) {
    const json& items = (*events)["items"];
    const size_t first = items.size() > 12 ? items.size() - 12 : 0;
    for (size_t i = first; i < items.size(); ++i) {
      seen += fmt::format("\n  event {} {}/{} {}: {}", items[i].value("type", ""),
                          items[i].value(json::json_pointer("/involvedObject/kind"), std::string()),
                          items[i].value(json::json_pointer("/involvedObject/name"), std::string()),
                          items[i].value("reason", ""), items[i].value("message", ""));
    }
  }
  return seen;
}

}  // namespace

json WarmPoolFor(const std::string& name, const std::string& template_name, int replicas) {
  return {{"apiVersion", kAgentSandboxExtensions},
          {"kind", "SandboxWarmPool"},
          {"metadata", {{"name", name}}},
          {"spec", {{"replicas", replicas}, {"sandboxTemplateRef", {{"name", template_name}}}}}};
}

std::string TemplateAndPoolFor(const json& pod, const std::string& name,
                               const std::map<std::string, std::string>& labels, int replicas) {
  const std::string name_space = pod["metadata"]["namespace"];
  json sandbox_template = {
      {"apiVersion", kAgentSandboxExtensions},
      {"kind", "SandboxTemplate"},
      {"metadata", {{"name", name}, {"namespace", name_space}, {"labels", labels}}},
      {"spec",
       {// The substrate's own policy stands for the deployment's network mode; the
        // controller's default one would let the pod reach the public internet.
        {"networkPolicyManagement", "Unmanaged"},
        {"podTemplate",
         {{"metadata", {{"labels", pod["metadata"]["labels"]}}}, {"spec", pod["spec"]}}}}}};
  json pool = WarmPoolFor(name, name, replicas);
  pool["metadata"]["namespace"] = name_space;
  pool["metadata"]["labels"] = labels;
  return sandbox_template.dump() + "\n---\n" + pool.dump();
}

std::string ClaimFor(const std::string& name, const std::string& name_space,
                     const std::string& pool, const std::map<std::string, std::string>& labels) {
  return json{{"apiVersion", kAgentSandboxExtensions},
              {"kind", "SandboxClaim"},
              {"metadata", {{"name", name}, {"namespace", name_space}, {"labels", labels}}},
              {"spec", {{"warmPoolRef", {{"name", pool}}}}}}
      .dump();
}

Result<ClaimedPod> WaitForClaimedPod(const Kubectl& kubectl, const std::string& name_space,
                                     const std::string& claim, const std::string& container,
                                     Duration deadline) {
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + deadline;
  ClaimedPod claimed;
  std::string last_error;
  while (claimed.sandbox.empty()) {
    auto got = kubectl.GetJson({"get", "sandboxclaim", claim, "-n", name_space}, kClaimCall);
    if (got.ok() && ConditionTrue(*got, "Ready")) {
      claimed.sandbox = got->value(json::json_pointer("/status/sandbox/name"), std::string());
    } else if (!got.ok()) {
      last_error = got.message();
    }
    if (!claimed.sandbox.empty()) break;
    if (std::chrono::steady_clock::now() >= until) {
      return Fail("claim {}/{} not Ready after {} ms{}; what was seen:{}", name_space, claim,
                  deadline.count(), last_error.empty() ? "" : " (last error: " + last_error + ")",
                  WhatWasSeen(kubectl, name_space, claim));
    }
    std::this_thread::sleep_for(kClaimPoll);
  }
  ASSIGN_OR_RETURN(
      json sandbox,
      kubectl.GetJson({"get", "sandbox", claimed.sandbox, "-n", name_space}, kClaimCall));
  claimed.pod =
      sandbox.value(json::json_pointer("/metadata/annotations/" + std::string(kPodNameAnnotation)),
                    claimed.sandbox);
  const auto left = std::chrono::duration_cast<Duration>(until - std::chrono::steady_clock::now());
  ASSIGN_OR_RETURN(json pod, WaitForPodReady(kubectl, name_space, claimed.pod,
                                             std::max(left, Duration(std::chrono::seconds(5)))));
  for (const json& status :
       pod.value(json::json_pointer("/status/containerStatuses"), json::array())) {
    if (status.value("name", "") == container)
      claimed.container_id = status.value("containerID", "");
  }
  if (auto scheme = claimed.container_id.find("://"); scheme != std::string::npos) {
    claimed.container_id.erase(0, scheme + 3);
  }
  return claimed;
}

Status DeleteClaim(const Kubectl& kubectl, const std::string& name_space, const std::string& claim,
                   const std::string& pod, Duration timeout) {
  const std::string seconds =
      fmt::format("--timeout={}s", std::max<long>(1, timeout.count() / 1000));
  auto deleted = kubectl.Run({"delete", "sandboxclaim", claim, "-n", name_space,
                              "--ignore-not-found", "--cascade=foreground", "--wait=true", seconds},
                             timeout + std::chrono::seconds(5));
  if (!deleted.ok()) return deleted.error();
  if (!deleted->Succeeded()) {
    return Fail("delete claim {}/{}: {}: {}", name_space, claim, deleted->DescribeEnd(),
                Tail(deleted->err));
  }
  if (pod.empty()) return Status::Ok();
  auto gone = kubectl.Run({"wait", "--for=delete", "pod/" + pod, "-n", name_space, seconds},
                          timeout + std::chrono::seconds(5));
  if (!gone.ok()) return gone.error();
  // kubectl wait --for=delete fails at once when the pod is already gone ("not found").
  if (!gone->Succeeded() && gone->err.find("not found") == std::string::npos) {
    return Fail("pod {}/{} of claim {} not gone after {} ms: {}", name_space, pod, claim,
                timeout.count(), Tail(gone->err));
  }
  return Status::Ok();
}

}  // namespace sandcheck
