#include "clusters/kubernetes/kind_cluster.h"

#include <cstdlib>

namespace sandcheck {
namespace {

std::string FromEnvironment(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

Result<KindCluster> FindKindCluster() {
  const std::string name = FromEnvironment("SANDCHECK_KIND_CLUSTER", "sandcheck");
  const std::filesystem::path state =
      std::filesystem::path(FromEnvironment("SANDCHECK_KIND_STATE", "/var/lib/sandcheck/kind")) /
      name;
  constexpr std::string_view kFix =
      "fix: bash clusters/kind/cluster.sh up (after ci/k8s-parts.sh "
      "and ci/kind-node-image.sh, which ci/test.sh runs)";
  if (!std::filesystem::exists(state / "ready") || !std::filesystem::exists(state / "kubeconfig")) {
    return Fail("no kind cluster '{}' is up ({} has no ready marker or kubeconfig). {}", name,
                state.string(), kFix);
  }
  KindCluster cluster{name, state, name + "-control-plane", "sck-" + name,
                      Kubectl(KubeTarget{state / "kubectl", state / "kubeconfig", ""})};
  auto ready = cluster.kubectl.Run({"get", "--raw=/readyz"}, std::chrono::seconds(10));
  if (!ready.ok()) return Fail("kind cluster '{}': {}. {}", name, ready.message(), kFix);
  if (!ready->Succeeded()) {
    return Fail("the API server of kind cluster '{}' does not answer ({}): {}. {}", name,
                ready->DescribeEnd(), Tail(ready->err), kFix);
  }
  return cluster;
}

}  // namespace sandcheck
