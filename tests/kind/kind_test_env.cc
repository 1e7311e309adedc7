#include "tests/kind/kind_test_env.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "core/fs_util.h"

namespace sandcheck::testing {
namespace {

std::string ClusterName() {
  const char* name = std::getenv("SANDCHECK_KIND_CLUSTER");
  return name != nullptr && *name != '\0' ? name : "sandcheck";
}

std::filesystem::path StateRoot() {
  const char* root = std::getenv("SANDCHECK_KIND_STATE");
  return root != nullptr && *root != '\0' ? root : "/var/lib/sandcheck/kind";
}

}  // namespace

bool KindRequired() {
  const char* required = std::getenv("SANDCHECK_REQUIRE_KIND");
  return required != nullptr && std::string(required) == "1";
}

Result<KindCluster> SharedKindCluster() {
  const std::string name = ClusterName();
  const auto state = StateRoot() / name;
  if (!std::filesystem::exists(state / "kubeconfig")) {
    return Fail("{} has no kubeconfig", state.string());
  }
  KindCluster cluster{state, name + "-control-plane", "sck-" + name,
                      Kubectl(KubeTarget{state / "kubectl", state / "kubeconfig", ""})};
  auto ready = cluster.kubectl.Run({"get", "--raw=/readyz"}, std::chrono::seconds(10));
  if (!ready.ok()) return ready.error();
  if (!ready->Succeeded()) {
    return Fail("the API server of {} does not answer: {}", name, Tail(ready->err));
  }
  return cluster;
}

TestNamespace::TestNamespace(const Kubectl& kubectl, std::string prefix) : kubectl_(kubectl) {
  std::random_device random;
  name_ = fmt::format("sc-test-{}-{:06x}", prefix, random() & 0xffffff);
  created_ = kubectl_.Apply(fmt::format(R"({{"apiVersion": "v1", "kind": "Namespace",
      "metadata": {{"name": "{}", "labels": {{"io.sandcheck.test": "1"}}}}}})",
                                        name_),
                            std::chrono::seconds(30));
}

TestNamespace::~TestNamespace() {
  (void)kubectl_.Run({"delete", "namespace", name_, "--wait=false", "--ignore-not-found"},
                     std::chrono::seconds(30));
}

Status WaitForPodReady(const Kubectl& kubectl, const std::string& name_space,
                       const std::string& pod, Duration deadline) {
  auto waited = kubectl.Run({"wait", "-n", name_space, "pod/" + pod, "--for=condition=Ready",
                             fmt::format("--timeout={}s", deadline.count() / 1000)},
                            deadline + std::chrono::seconds(10));
  if (waited.ok() && waited->Succeeded()) return Status::Ok();
  auto described =
      kubectl.Run({"describe", "-n", name_space, "pod/" + pod}, std::chrono::seconds(20));
  return Fail("pod {}/{} not Ready after {} s: {}\n{}", name_space, pod, deadline.count() / 1000,
              waited.ok() ? Tail(waited->err) : waited.message(),
              described.ok() ? Tail(described->out, 3000) : described.message());
}

}  // namespace sandcheck::testing
