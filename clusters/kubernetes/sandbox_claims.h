// Sandboxes as agent-sandbox gives them out (sigs.k8s.io/agent-sandbox, extensions v1beta1):
// a SandboxTemplate holding the pod, a SandboxWarmPool over it (0 replicas: every claim starts
// a sandbox cold; more keep pods ready for claims), and one SandboxClaim per sandbox. The
// controller turns a claim into a Sandbox and its pod; this finds that pod, with a deadline that
// reports the claim's, the sandbox's and the pod's conditions and the namespace's events.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "clusters/kubernetes/kubectl.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

inline constexpr std::string_view kAgentSandboxExtensions = "extensions.agents.x-k8s.io/v1beta1";

// A pool of `replicas` over the template `template_name`, named `name`; no namespace or labels.
nlohmann::json WarmPoolFor(const std::string& name, const std::string& template_name, int replicas);

// The template and pool of `pod` (what pod_spec.h makes), both called `name`.
std::string TemplateAndPoolFor(const nlohmann::json& pod, const std::string& name,
                               const std::map<std::string, std::string>& labels, int replicas);

// A claim on the pool called `pool`.
std::string ClaimFor(const std::string& name, const std::string& name_space,
                     const std::string& pool, const std::map<std::string, std::string>& labels);

struct ClaimedPod {
  std::string sandbox;       // the Sandbox the claim was given
  std::string pod;           // its pod (adopted from the pool, or made for it)
  std::string container_id;  // containerd's id of the agent's container
};

// Waits until the claim is Ready and its pod is Ready; `container` is the agent's.
Result<ClaimedPod> WaitForClaimedPod(const Kubectl& kubectl, const std::string& name_space,
                                     const std::string& claim, const std::string& container,
                                     Duration deadline);

// Deletes the claim and waits until its pod is gone (the claim owns the Sandbox, which owns
// the pod); a claim already gone is fine.
Status DeleteClaim(const Kubectl& kubectl, const std::string& name_space, const std::string& claim,
                   const std::string& pod, Duration timeout);

}  // namespace sandcheck
