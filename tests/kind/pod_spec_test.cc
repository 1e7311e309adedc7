// A deployment as a Pod: the unit tests of the translation, and the same pods on the kind
// cluster, judged from inside (what the kernel says of the process, not what the spec says).
#include "clusters/kubernetes/pod_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/kind/kind_test_env.h"
#include "tests/test_util.h"

namespace sandcheck::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using json = nlohmann::json;

Deployment Hardened() {
  Deployment deployment;
  deployment.name = "hardened";
  deployment.substrate = SubstrateKind::kKind;
  deployment.user = {1000, 1000, {}};
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.limits.memory_bytes = 256 << 20;
  deployment.limits.cpus = 0.5;
  deployment.tmpfs = {TmpfsMount{
      .path = "/tmp", .size_bytes = 64 << 20, .noexec = false, .nosuid = false, .nodev = false}};
  deployment.command = {"sleep", "3600"};
  return deployment;
}

PodPlacement Placement(std::string runtime_class = "") {
  PodPlacement placement;
  placement.name = "sbx";
  placement.name_space = "ns";
  placement.image = "sandcheck.local/node-busybox:1";
  placement.labels = {{"io.sandcheck.run", "r1"}};
  placement.runtime_class = std::move(runtime_class);
  return placement;
}

TEST(PodSpec, AHardenedDeploymentIsARestrictedPod) {
  ASSERT_OK_AND_ASSIGN(json pod, PodFor(Hardened(), Placement()));
  const json& spec = pod["spec"];
  const json& context = spec["containers"][0]["securityContext"];
  EXPECT_EQ(context["runAsUser"], 1000);
  EXPECT_EQ(context["runAsNonRoot"], true);
  EXPECT_EQ(context["allowPrivilegeEscalation"], false);
  EXPECT_EQ(context["privileged"], false);
  EXPECT_EQ(context["readOnlyRootFilesystem"], true);
  EXPECT_EQ(context["capabilities"]["drop"], json::array({"ALL"}));
  EXPECT_EQ(context["seccompProfile"]["type"], "RuntimeDefault");
  EXPECT_EQ(spec["automountServiceAccountToken"], false);
  EXPECT_EQ(spec["hostPID"], false);
  EXPECT_EQ(spec["hostNetwork"], false);
  EXPECT_FALSE(spec.contains("runtimeClassName"));
  const json& limits = spec["containers"][0]["resources"]["limits"];
  EXPECT_EQ(limits["memory"], std::to_string(256 << 20));
  EXPECT_EQ(limits["cpu"], "500m");
  // The limit is the promise; the request only reserves a token share for scheduling.
  EXPECT_EQ(spec["containers"][0]["resources"]["requests"]["cpu"], "50m");
  EXPECT_EQ(spec["volumes"][0]["emptyDir"]["medium"], "Memory");
  EXPECT_EQ(spec["volumes"][0]["emptyDir"]["sizeLimit"], std::to_string(64 << 20));
  EXPECT_EQ(spec["containers"][0]["volumeMounts"][0]["mountPath"], "/tmp");
  EXPECT_EQ(pod["metadata"]["labels"]["io.sandcheck.run"], "r1");
}

TEST(PodSpec, TheNegativeControlsSayWhatTheyBreak) {
  Deployment deployment = Hardened();
  deployment.privileged = true;
  deployment.host_pid = true;
  deployment.capabilities_add = {"CAP_SYS_ADMIN"};
  deployment.seccomp = SeccompMode::kUnconfined;
  ASSERT_OK_AND_ASSIGN(json pod, PodFor(deployment, Placement("gvisor")));
  const json& context = pod["spec"]["containers"][0]["securityContext"];
  EXPECT_EQ(context["privileged"], true);
  EXPECT_EQ(context["allowPrivilegeEscalation"], true);
  EXPECT_EQ(context["capabilities"]["add"], json::array({"SYS_ADMIN"}));
  EXPECT_EQ(context["seccompProfile"]["type"], "Unconfined");
  EXPECT_EQ(pod["spec"]["hostPID"], true);
  EXPECT_EQ(pod["spec"]["runtimeClassName"], "gvisor");
}

TEST(PodSpec, WhatAPodCannotExpressIsAnErrorNamingEachField) {
  Deployment deployment = Hardened();
  deployment.limits.pids = 128;
  deployment.tmpfs[0].noexec = true;
  BindMount bind;
  bind.source = "/etc/hosts";
  bind.target = "/x";
  deployment.binds = {bind};
  deployment.network = NetworkMode::kWorld;
  deployment.volumes = {VolumeMount{.name = "claude-home", .target = "/home/agent/.claude"}};
  auto pod = PodFor(deployment, Placement());
  ASSERT_FALSE(pod.ok());
  EXPECT_THAT(pod.message(),
              AllOf(HasSubstr("limits.pids: 128"), HasSubstr("binds"), HasSubstr("network: world"),
                    HasSubstr("volumes: claude-home"), HasSubstr("tmpfs /tmp")));
}

TEST(PodSpec, APidsLimitHoldsOnlyWhenItIsTheNodes) {
  Deployment deployment = Hardened();
  deployment.limits.pids = 1024;
  PodPlacement placement = Placement();
  placement.node_pids_limit = 1024;
  EXPECT_TRUE(PodFor(deployment, placement).ok());
  placement.node_pids_limit = 4096;
  auto refused = PodFor(deployment, placement);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("which is 4096 here"));
}

TEST(PodSpec, AnInstalledProfileIsALocalhostProfile) {
  Deployment deployment = Hardened();
  deployment.seccomp = SeccompMode::kProfile;
  EXPECT_FALSE(PodFor(deployment, Placement()).ok());
  PodPlacement placement = Placement();
  placement.seccomp_localhost = "sandcheck/0123.json";
  ASSERT_OK_AND_ASSIGN(json pod, PodFor(deployment, placement));
  const json& profile = pod["spec"]["containers"][0]["securityContext"]["seccompProfile"];
  EXPECT_EQ(profile["type"], "Localhost");
  EXPECT_EQ(profile["localhostProfile"], "sandcheck/0123.json");
}

TEST(PodSpec, AVolumeWithItsClaimIsMounted) {
  Deployment deployment = Hardened();
  deployment.volumes = {VolumeMount{.name = "claude-home", .target = "/home/agent/.claude"}};
  PodPlacement placement = Placement();
  placement.volume_claims = {{"claude-home", "pvc-claude-home"}};
  ASSERT_OK_AND_ASSIGN(json pod, PodFor(deployment, placement));
  EXPECT_EQ(pod["spec"]["volumes"][1]["persistentVolumeClaim"]["claimName"], "pvc-claude-home");
  EXPECT_EQ(pod["spec"]["containers"][0]["volumeMounts"][1]["mountPath"], "/home/agent/.claude");
}

// The hardened pod on the cluster, under runc and gVisor: the process inside runs as the
// declared user with no capabilities, no new privileges and a read-only root.
class PodSpecOnKind : public ::testing::TestWithParam<std::string> {};

TEST_P(PodSpecOnKind, TheHardeningHoldsInside) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  TestNamespace ns(cluster.kubectl, "podspec");
  ASSERT_OK(ns.created());
  PodPlacement placement = Placement(GetParam() == "runc" ? "" : GetParam());
  placement.name_space = ns.name();
  ASSERT_OK_AND_ASSIGN(json pod, PodFor(Hardened(), placement));
  ASSERT_OK(cluster.kubectl.Apply(pod.dump(), std::chrono::seconds(30)));
  ASSERT_OK(WaitForPodReady(cluster.kubectl, ns.name(), "sbx", std::chrono::seconds(120)));
  const std::string script =
      "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; "
      "awk '$2 == \"/\" {print \"root-options:\" $4}' /proc/mounts; "
      "touch /tmp/ok && echo tmp-ok";
  auto inside = cluster.kubectl.Exec(
      PodExec{ns.name(), "sbx", "", {"sh", "-c", script}, "", std::chrono::seconds(30)});
  ASSERT_TRUE(inside.ok()) << inside.message();
  EXPECT_THAT(inside->out, HasSubstr("1000\n"));
  EXPECT_THAT(inside->out, HasSubstr("CapEff:\t0000000000000000"));
  EXPECT_THAT(inside->out, HasSubstr("NoNewPrivs:\t1"));
  // The mount's own flag: a non-root user is refused writes to / by permissions anyway.
  EXPECT_THAT(inside->out, ::testing::ContainsRegex("root-options:ro(,|\n)"));
  EXPECT_THAT(inside->out, HasSubstr("tmp-ok"));
}

INSTANTIATE_TEST_SUITE_P(Runtimes, PodSpecOnKind, ::testing::Values("runc", "gvisor"));

}  // namespace
}  // namespace sandcheck::testing
