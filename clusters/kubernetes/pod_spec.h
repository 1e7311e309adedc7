// A deployment as the Pod a Kubernetes cluster runs it in: the same promises the oci and docker
// substrates make with their own specs (user, capabilities, read-only root, no new privileges,
// seccomp, limits, tmpfs, the idle init), in Pod Security terms. Pure, unit-tested; what a Pod
// cannot express is an error naming the field, never silently dropped.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

// Where and as what the pod runs: decided by the substrate, not the deployment.
struct PodPlacement {
  std::string name;
  std::string name_space;
  std::string image;                                 // present on the nodes (never pulled)
  std::map<std::string, std::string> labels;         // the run id among them, for the sweep
  std::string runtime_class;                         // empty: the cluster's default (runc)
  std::map<std::string, std::string> volume_claims;  // deployment volume -> PVC name
  // The nodes' podPidsLimit (KubeletConfiguration): a pod's only pids limit, node-wide, so a
  // deployment's limits.pids holds only when it is exactly this. nullopt: unknown or none.
  std::optional<int64_t> node_pids_limit;
  // The deployment's seccomp profile as installed on the node, relative to the kubelet's
  // seccomp root ("sandcheck/<hash>.json"); empty: not installed.
  std::string seccomp_localhost;
};

// The Pod for `deployment`, or an error naming every field a Pod cannot express.
Result<nlohmann::json> PodFor(const Deployment& deployment, const PodPlacement& placement);

}  // namespace sandcheck
