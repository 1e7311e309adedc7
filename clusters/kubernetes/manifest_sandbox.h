// A deployment written as Kubernetes manifests (deployment.kubernetes): which of its documents
// is the sandbox (a SandboxWarmPool over a SandboxTemplate, the agent's container in it), and
// what sandcheck adds to apply them in a run's namespace: the run's labels, and the probe,
// delivered without touching the user's image by an init container that copies it into an
// emptyDir the agent's container mounts read-only at kProbeDirInPod.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clusters/kubernetes/manifest_documents.h"
#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

inline constexpr std::string_view kProbeDirInPod = "/.sandcheck";
inline constexpr std::string_view kProbePathInPod = "/.sandcheck/sandcheck-probe";

struct ManifestSandbox {
  std::vector<ManifestDocument> documents;  // what is applied (a model claim is not)
  std::string warm_pool;
  std::string sandbox_template;
  std::string container;
  // A SandboxClaim of the files: every sandbox's claim copies its spec (env, lifecycle,
  // additionalPodMetadata, volumeClaimTemplates) onto the chosen pool.
  std::optional<YAML::Node> claim_model;
};

// Reads the deployment's manifests and finds the sandbox in them; an error names the file, the
// line and the fix (an object kind sandcheck does not apply, a pool or container that is not
// there, a pool whose template is not in the files). Without a pool, the only template gets one
// of 0 replicas.
Result<ManifestSandbox> PlanManifestSandbox(const Deployment& deployment);

struct ManifestPlacement {
  std::string name_space;
  std::map<std::string, std::string> labels;  // on every object and every pod (the run id)
  std::string probe_image;  // an image on the nodes with /bin/busybox and the probe
};

// Every document as YAML to apply: in the namespace, labelled, the template's pod given the
// probe's init container, volume and read-only mount.
std::string ManifestsToApply(const ManifestSandbox& sandbox, const Deployment& deployment,
                             const ManifestPlacement& placement);

// One sandbox's claim on the pool, a copy of the model's spec when the files have one.
std::string ManifestClaim(const ManifestSandbox& sandbox, const std::string& name,
                          const ManifestPlacement& placement);

}  // namespace sandcheck
