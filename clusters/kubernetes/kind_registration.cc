#include "clusters/kubernetes/kind_registration.h"

#include "clusters/kubernetes/kind_substrate.h"
#include "clusters/kubernetes/kind_traits.h"
#include "clusters/kubernetes/pod_spec.h"

namespace sandcheck {
namespace {

Status ClusterAnswers(const SubstrateOptions& options) {
  (void)options;
  auto cluster = FindKindCluster();
  return cluster.ok() ? Status::Ok() : cluster.error();
}

// The pod the substrate would make, with what only the cluster knows filled in as
// clusters/kind/kind-config.yaml makes it (the substrate reads the node's real podPidsLimit when
// it acquires) and the profile taken as installed.
Status PodExpressible(const Deployment& deployment) {
  PodPlacement placement;
  placement.name = "validate";
  placement.name_space = "validate";
  placement.image = "validate";
  placement.node_pids_limit = kKindPodPidsLimit;
  if (deployment.seccomp == SeccompMode::kProfile) placement.seccomp_localhost = "validate.json";
  for (const auto& volume : deployment.volumes) placement.volume_claims[volume.name] = "validate";
  auto pod = PodFor(deployment, placement);
  return pod.ok() ? Status::Ok() : pod.error();
}

Result<std::unique_ptr<Substrate>> Open(const SubstrateOptions& options) {
  KindSubstrateConfig config;
  config.state_dir = options.state_dir;
  config.socket = options.docker_socket;
  config.probe_binary = options.probe_binary;
  config.timeouts = options.timeouts;
  ASSIGN_OR_RETURN(auto substrate, KindSubstrate::Create(config));
  return std::unique_ptr<Substrate>(std::move(substrate));
}

}  // namespace

SubstrateEntry KindSubstrateEntry() {
  return {KindSubstrateTraits(), ClusterAnswers, Open, PodExpressible};
}

}  // namespace sandcheck
