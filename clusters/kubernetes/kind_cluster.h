// The kind cluster clusters/kind/cluster.sh brings up, as sandcheck finds it: its state folder
// (kubeconfig, the pinned kubectl), its one node container and the network the node sits on.
// The same environment variables name it here as in cluster.sh, so the harness, the tests and
// the script always mean the same cluster.
#pragma once

#include <filesystem>
#include <string>

#include "clusters/kubernetes/kubectl.h"
#include "core/result.h"

namespace sandcheck {

struct KindCluster {
  std::string name;                 // SANDCHECK_KIND_CLUSTER, default "sandcheck"
  std::filesystem::path state_dir;  // SANDCHECK_KIND_STATE (default /var/lib/sandcheck/kind)/name
  std::string node;                 // the node container: <name>-control-plane
  std::string network;              // the node network, also its bridge: sck-<name>
  Kubectl kubectl;
};

// The cluster the environment names, answering /readyz, or why not (with the fix).
Result<KindCluster> FindKindCluster();

}  // namespace sandcheck
