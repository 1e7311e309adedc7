// The kind cluster itself, before any check trusts it: hermetic (no route out, DNS only
// through the cluster's own resolver), a NetworkPolicy engine that really enforces, gVisor as
// a RuntimeClass, and the agent-sandbox controller turning a claim into a running sandbox.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "clusters/kubernetes/sandbox_claims.h"
#include "core/fs_util.h"
#include "tests/kind/kind_test_env.h"
#include "tests/test_util.h"

namespace sandcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr Duration kPodDeadline = std::chrono::seconds(120);
constexpr Duration kCall = std::chrono::seconds(30);

Result<ProcessOutcome> OnNode(const KindCluster& cluster, std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = {"docker", "exec", cluster.node};
  spec.argv.insert(spec.argv.end(), argv.begin(), argv.end());
  spec.timeout = kCall;
  return RunProcess(spec);
}

// A pod of the node's baked-in busybox that sleeps, optionally under a RuntimeClass.
std::string SleeperPod(const std::string& name, const std::string& name_space,
                       const std::string& runtime_class = "",
                       const std::string& command = "sleep 3600") {
  return fmt::format(R"({{"apiVersion": "v1", "kind": "Pod",
    "metadata": {{"name": "{}", "namespace": "{}", "labels": {{"app": "{}"}}}},
    "spec": {{{}"terminationGracePeriodSeconds": 0,
      "containers": [{{"name": "main", "image": "sandcheck.local/node-busybox:1",
        "imagePullPolicy": "Never", "command": ["sh", "-c", "{}"]}}]}}}})",
                     name, name_space, name,
                     runtime_class.empty()
                         ? std::string()
                         : fmt::format(R"("runtimeClassName": "{}", )", runtime_class),
                     command);
}

Result<ProcessOutcome> InPod(const KindCluster& cluster, const std::string& name_space,
                             const std::string& pod, const std::string& script) {
  return cluster.kubectl.Exec(PodExec{name_space, pod, "", {"sh", "-c", script}, "", kCall});
}

std::string Nonce() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

TEST(KindHermetic, TheNodeHasNoRouteOut) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(auto v4, OnNode(cluster, {"ip", "-4", "route", "show", "default"}));
  EXPECT_TRUE(v4.Succeeded()) << v4.err;
  EXPECT_THAT(v4.out, IsEmpty()) << "the node has a default route";
  ASSERT_OK_AND_ASSIGN(auto v6, OnNode(cluster, {"ip", "-6", "route", "show", "default"}));
  EXPECT_THAT(v6.out, IsEmpty()) << "the node has an IPv6 default route";
  // A route lookup sends nothing: TEST-NET-1 stands for any address outside.
  ASSERT_OK_AND_ASSIGN(auto lookup, OnNode(cluster, {"ip", "route", "get", "192.0.2.1"}));
  EXPECT_FALSE(lookup.Succeeded()) << "the node routes to 192.0.2.1: " << lookup.out;
  EXPECT_THAT(lookup.err, HasSubstr("unreachable"));
}

TEST(KindHermetic, TheMachineHasNoAddressOnTheNodeNetwork) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ProcessSpec spec;
  spec.argv = {"ip", "-o", "addr", "show", "dev", cluster.network};
  ASSERT_OK_AND_ASSIGN(auto addresses, RunChecked(spec));
  EXPECT_THAT(addresses.out, Not(HasSubstr(" inet "))) << addresses.out;
  EXPECT_THAT(addresses.out, Not(HasSubstr(" inet6 "))) << addresses.out;
}

TEST(KindHermetic, PodsResolveOnlyThroughTheClusterResolver) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  // The node, and so CoreDNS's upstream (forward . /etc/resolv.conf), names only the resolver.
  ASSERT_OK_AND_ASSIGN(auto resolv, OnNode(cluster, {"cat", "/etc/resolv.conf"}));
  EXPECT_THAT(resolv.out, HasSubstr("nameserver 10.251.0.253"));
  EXPECT_EQ(std::count(resolv.out.begin(), resolv.out.end(), '\n'), 2) << resolv.out;
  ASSERT_OK_AND_ASSIGN(
      auto corefile,
      cluster.kubectl.GetJson({"get", "-n", "kube-system", "configmap/coredns"}, kCall));
  EXPECT_THAT(corefile["data"]["Corefile"].get<std::string>(),
              HasSubstr("forward . /etc/resolv.conf"));

  TestNamespace ns(cluster.kubectl, "dns");
  ASSERT_OK(ns.created());
  ASSERT_OK(cluster.kubectl.Apply(SleeperPod("client", ns.name()), kCall));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "client", kPodDeadline));
  const std::string inside = "in-" + Nonce() + ".sandcheck.test";
  const std::string outside = "out-" + Nonce() + ".example.com";
  ASSERT_OK_AND_ASSIGN(auto answered,
                       InPod(cluster, ns.name(), "client", "nslookup -type=a " + inside));
  EXPECT_TRUE(answered.Succeeded()) << answered.out << answered.err;
  EXPECT_THAT(answered.out, HasSubstr("10.251.0.253"));
  ASSERT_OK_AND_ASSIGN(auto refused,
                       InPod(cluster, ns.name(), "client", "nslookup -type=a " + outside));
  EXPECT_FALSE(refused.Succeeded()) << "an outside name resolved: " << refused.out;
  // Both questions reached the cluster's resolver, which has no upstream to forward to.
  ASSERT_OK_AND_ASSIGN(auto log, ReadFile(cluster.state_dir / "resolver.log"));
  EXPECT_THAT(log, HasSubstr(inside));
  EXPECT_THAT(log, HasSubstr(outside));
  EXPECT_THAT(log, Not(HasSubstr("forwarded")));
}

// kube-router is the cluster's NetworkPolicy engine; this is the deny test every egress check
// relies on: reachable without a policy, unreachable under one, reachable again without it.
TEST(KindNetworkPolicy, ADenyPolicyIsEnforced) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  TestNamespace ns(cluster.kubectl, "netpol");
  ASSERT_OK(ns.created());
  ASSERT_OK(cluster.kubectl.Apply(SleeperPod("server", ns.name(), "",
                                             "mkdir -p /www && echo up > /www/index.html && "
                                             "exec httpd -f -p 8080 -h /www"),
                                  kCall));
  ASSERT_OK(cluster.kubectl.Apply(SleeperPod("client", ns.name()), kCall));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "server", kPodDeadline));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "client", kPodDeadline));
  ASSERT_OK_AND_ASSIGN(auto server,
                       cluster.kubectl.GetJson({"get", "-n", ns.name(), "pod/server"}, kCall));
  // busybox's nc, not its wget: the machine's static busybox crashes resolving in wget.
  const std::string fetch = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " +
                            server["status"]["podIP"].get<std::string>() + " 8080";

  ASSERT_OK_AND_ASSIGN(auto open, InPod(cluster, ns.name(), "client", fetch));
  ASSERT_TRUE(open.Succeeded()) << "no policy, yet the server is unreachable: " << open.err;
  EXPECT_THAT(open.out, HasSubstr("up"));

  ASSERT_OK(cluster.kubectl.Apply(fmt::format(R"({{"apiVersion": "networking.k8s.io/v1",
      "kind": "NetworkPolicy", "metadata": {{"name": "deny", "namespace": "{}"}},
      "spec": {{"podSelector": {{"matchLabels": {{"app": "server"}}}},
                "policyTypes": ["Ingress"]}}}})",
                                              ns.name()),
                                  kCall));
  // The engine applies a policy within seconds; give it ten before calling it unenforced.
  bool denied = false;
  std::string last;
  for (int attempt = 0; attempt < 10 && !denied; ++attempt) {
    ASSERT_OK_AND_ASSIGN(auto blocked, InPod(cluster, ns.name(), "client", fetch));
    denied = !blocked.Succeeded();
    last = blocked.out + blocked.err;
    if (!denied) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_TRUE(denied) << "the deny policy is not enforced; last fetch: " << last;

  ASSERT_OK_AND_ASSIGN(
      auto removed, cluster.kubectl.Run({"delete", "-n", ns.name(), "networkpolicy/deny"}, kCall));
  ASSERT_TRUE(removed.Succeeded()) << removed.err;
  bool reopened = false;
  for (int attempt = 0; attempt < 10 && !reopened; ++attempt) {
    ASSERT_OK_AND_ASSIGN(auto again, InPod(cluster, ns.name(), "client", fetch));
    reopened = again.Succeeded();
    if (!reopened) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_TRUE(reopened) << "the server stayed unreachable after the policy was deleted";
}

TEST(KindRuntimeClass, GvisorPodsRunOnTheirOwnKernel) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  TestNamespace ns(cluster.kubectl, "gvisor");
  ASSERT_OK(ns.created());
  ASSERT_OK(cluster.kubectl.Apply(SleeperPod("runc", ns.name()), kCall));
  ASSERT_OK(cluster.kubectl.Apply(SleeperPod("gvisor", ns.name(), "gvisor"), kCall));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "runc", kPodDeadline));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "gvisor", kPodDeadline));
  ASSERT_OK_AND_ASSIGN(auto node_kernel, OnNode(cluster, {"uname", "-r"}));
  ASSERT_OK_AND_ASSIGN(auto runc_kernel, InPod(cluster, ns.name(), "runc", "uname -r"));
  ASSERT_OK_AND_ASSIGN(auto gvisor_kernel, InPod(cluster, ns.name(), "gvisor", "uname -r"));
  EXPECT_EQ(runc_kernel.out, node_kernel.out) << "a runc pod shares the node's kernel";
  EXPECT_NE(gvisor_kernel.out, node_kernel.out) << "the gvisor pod runs on the node's kernel";
  ASSERT_OK_AND_ASSIGN(auto dmesg, InPod(cluster, ns.name(), "gvisor", "dmesg"));
  EXPECT_THAT(dmesg.out, HasSubstr("gVisor"));
}

TEST(KindAgentSandbox, AClaimFromAWarmPoolBecomesAReadySandbox) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  TestNamespace ns(cluster.kubectl, "claim");
  ASSERT_OK(ns.created());
  ASSERT_OK(cluster.kubectl.Apply(fmt::format(R"(
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata: {{name: sleeper, namespace: {0}}}
spec:
  networkPolicyManagement: Unmanaged
  podTemplate:
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: main
        image: sandcheck.local/node-busybox:1
        imagePullPolicy: Never
        command: [sleep, "3600"]
---
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxWarmPool
metadata: {{name: pool, namespace: {0}}}
spec:
  replicas: 1
  sandboxTemplateRef: {{name: sleeper}}
---
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxClaim
metadata: {{name: mine, namespace: {0}}}
spec:
  warmPoolRef: {{name: pool}}
)",
                                              ns.name()),
                                  kCall));
  // Only the claimed pod: the pool starts a replacement as soon as it hands one out.
  auto claimed = WaitForClaimedPod(cluster.kubectl, ns.name(), "mine", "main", std::chrono::seconds(120));
  ASSERT_TRUE(claimed.ok()) << claimed.message();
  ASSERT_OK_AND_ASSIGN(auto echoed, InPod(cluster, ns.name(), claimed->pod, "echo claimed"));
  EXPECT_EQ(echoed.out, "claimed\n") << echoed.err;
}

}  // namespace
}  // namespace sandcheck::testing
