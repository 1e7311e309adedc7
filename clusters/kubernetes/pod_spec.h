// A deployment as the Pod a Kubernetes cluster runs it in: the same promises the oci and docker
// substrates make with their own specs (user, capabilities, read-only root, no new privileges,
// seccomp, limits, tmpfs, the idle init), in Pod Security terms. Pure, unit-tested; what a Pod
// cannot express is an error naming the field, never silently dropped.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
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
};

// The Pod for `deployment`, or an error naming every field a Pod cannot express.
Result<nlohmann::json> PodFor(const Deployment& deployment, const PodPlacement& placement);

}  // namespace sandcheck
