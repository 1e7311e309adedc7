#include "clusters/kubernetes/kind_registration.h"

#include "clusters/kubernetes/kind_substrate.h"
#include "clusters/kubernetes/kind_traits.h"
#include "clusters/kubernetes/manifest_sandbox.h"
#include "clusters/kubernetes/manifest_validation.h"
#include "clusters/kubernetes/pod_spec.h"

namespace sandcheck {
namespace {

Status ClusterAnswers(const SubstrateOptions& options) {
  (void)options;
  auto cluster = FindKindCluster();
  return cluster.ok() ? Status::Ok() : cluster.error();
}

// A deployment's own manifests: the sandbox found in them, then every document validated by
// the API server when the cluster answers (when it does not, the run stops later with exit 3,
// before anything is applied).
Status ManifestsExpressible(const Deployment& deployment) {
  auto sandbox = PlanManifestSandbox(deployment);
  if (!sandbox.ok()) {
    return Fail("deployment {} ({}): {}", deployment.name, deployment.source_file.string(),
                sandbox.message());
  }
  auto cluster = FindKindCluster();
  if (!cluster.ok()) return Status::Ok();
  ASSIGN_OR_RETURN(auto problems, ValidateManifests(cluster->kubectl, deployment.kubernetes.files));
  if (problems.empty()) return Status::Ok();
  std::string list;
  for (const auto& problem : problems) list += "\n  " + problem.Describe();
  return Fail(
      "deployment {} ({}): the API server refuses its manifests:{}\n  fix: correct each "
      "field as the API server says",
      deployment.name, deployment.source_file.string(), list);
}

// The pod the substrate would make, with what only the cluster knows filled in as
// clusters/kind/kind-config.yaml makes it (the substrate reads the node's real podPidsLimit when
// it acquires) and the profile taken as installed.
Status PodExpressible(const Deployment& deployment) {
  if (!deployment.kubernetes.files.empty()) return ManifestsExpressible(deployment);
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
