#include "clusters/oci/bundle_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/substrate.h"
#include "core/fs_util.h"
#include "core/temp_dir.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const BundleConfigInputs kInputs{"sc-0a1b2c3d-sbx-1", "/state/volumes", ""};

json ConfigOf(const Deployment& deployment) {
  auto config = BundleConfig(deployment, kInputs);
  EXPECT_TRUE(config.ok()) << config.message();
  return config.ok() ? *config : json();
}

// The mount with this destination, or null.
json MountAt(const json& config, const std::string& destination) {
  for (const auto& mount : config["mounts"]) {
    if (mount["destination"] == destination) return mount;
  }
  return nullptr;
}

std::vector<std::string> NamespaceTypes(const json& config) {
  std::vector<std::string> types;
  for (const auto& ns : config["linux"]["namespaces"]) types.push_back(ns["type"]);
  return types;
}

TEST(BundleConfig, InitDefaultsToTheIdleProbe) {
  json config = ConfigOf(HardenedDeployment());
  EXPECT_EQ(config["process"]["args"], json({std::string(kProbePathInSandbox), "init"}));
}

TEST(BundleConfig, InitIsTheDeploymentCommandWhenGiven) {
  Deployment deployment = HardenedDeployment();
  deployment.command = {"/bin/sh", "-c", "sleep 1"};
  EXPECT_EQ(ConfigOf(deployment)["process"]["args"], json({"/bin/sh", "-c", "sleep 1"}));
}

TEST(BundleConfig, MapsUserAndAdditionalGroups) {
  Deployment deployment = HardenedDeployment();
  deployment.user = {1000, 1001, {5, 7}};
  json user = ConfigOf(deployment)["process"]["user"];
  EXPECT_EQ(user["uid"], 1000);
  EXPECT_EQ(user["gid"], 1001);
  EXPECT_EQ(user["additionalGids"], json({5, 7}));
}

TEST(BundleConfig, EnvironmentHasPathHomeAndTheDeploymentsVariables) {
  Deployment deployment = HardenedDeployment();
  deployment.env = {{"AGENT_MODE", "ci"}};
  json env = ConfigOf(deployment)["process"]["env"];
  EXPECT_THAT(env, Contains("PATH=" + std::string(kDefaultPath)));
  EXPECT_THAT(env, Contains("HOME=/home/agent"));
  EXPECT_THAT(env, Contains("AGENT_MODE=ci"));
}

TEST(BundleConfig, DeploymentEnvironmentOverridesDefaults) {
  Deployment deployment = HardenedDeployment();
  deployment.env = {{"PATH", "/bin"}};
  json env = ConfigOf(deployment)["process"]["env"];
  EXPECT_THAT(env, Contains("PATH=/bin"));
  EXPECT_THAT(env, Not(Contains("PATH=" + std::string(kDefaultPath))));
}

TEST(BundleConfig, HomeFollowsTheUser) {
  EXPECT_EQ(HomeOf(0), "/root");
  EXPECT_EQ(HomeOf(1000), "/home/agent");
  EXPECT_EQ(HomeOf(4242), "/");
}

TEST(BundleConfig, CwdIsTheWorkdir) {
  EXPECT_EQ(ConfigOf(HardenedDeployment())["process"]["cwd"], "/workspace");
}

TEST(BundleConfig, DropAllLeavesNoCapabilities) {
  json caps = ConfigOf(HardenedDeployment())["process"]["capabilities"];
  for (const char* set : {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
    EXPECT_THAT(caps[set], IsEmpty()) << set;
  }
}

TEST(BundleConfig, CapabilitiesAreTheEffectiveSetWithEmptyInheritableAndAmbient) {
  Deployment deployment = HardenedDeployment();
  deployment.capabilities_drop = {"ALL"};
  deployment.capabilities_add = {"CAP_NET_BIND_SERVICE", "CAP_CHOWN"};
  json caps = ConfigOf(deployment)["process"]["capabilities"];
  json expected = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE"};
  EXPECT_EQ(caps["bounding"], expected);
  EXPECT_EQ(caps["effective"], expected);
  EXPECT_EQ(caps["permitted"], expected);
  EXPECT_THAT(caps["inheritable"], IsEmpty());
  EXPECT_THAT(caps["ambient"], IsEmpty());
}

TEST(BundleConfig, DefaultCapabilitiesWithoutDrop) {
  Deployment deployment = HardenedDeployment();
  deployment.capabilities_drop.clear();
  json caps = ConfigOf(deployment)["process"]["capabilities"];
  EXPECT_EQ(caps["bounding"].size(), DefaultCapabilities().size());
}

TEST(BundleConfig, NoNewPrivilegesFollowsTheDeployment) {
  Deployment deployment = HardenedDeployment();
  EXPECT_EQ(ConfigOf(deployment)["process"]["noNewPrivileges"], true);
  deployment.no_new_privileges = false;
  EXPECT_EQ(ConfigOf(deployment)["process"]["noNewPrivileges"], false);
}

TEST(BundleConfig, RootIsTheOverlayMountPointReadOnlyWhenAsked) {
  Deployment deployment = HardenedDeployment();
  EXPECT_EQ(ConfigOf(deployment)["root"], json({{"path", "rootfs"}, {"readonly", true}}));
  deployment.read_only_root = false;
  EXPECT_EQ(ConfigOf(deployment)["root"]["readonly"], false);
}

TEST(BundleConfig, Hostname) {
  Deployment deployment = HardenedDeployment();
  deployment.hostname = "agent-box";
  EXPECT_EQ(ConfigOf(deployment)["hostname"], "agent-box");
}

TEST(BundleConfig, KernelFilesystemsAreMounted) {
  json config = ConfigOf(HardenedDeployment());
  EXPECT_EQ(MountAt(config, "/proc")["type"], "proc");
  EXPECT_EQ(MountAt(config, "/dev")["type"], "tmpfs");
  EXPECT_EQ(MountAt(config, "/dev/pts")["type"], "devpts");
  EXPECT_EQ(MountAt(config, "/dev/shm")["type"], "tmpfs");
  EXPECT_EQ(MountAt(config, "/dev/mqueue")["type"], "mqueue");
  EXPECT_THAT(MountAt(config, "/sys")["options"], Contains("ro"));
  EXPECT_THAT(MountAt(config, "/sys/fs/cgroup")["options"], Contains("ro"));
}

TEST(BundleConfig, TmpfsMountCarriesSizeModeAndFlags) {
  Deployment deployment = HardenedDeployment();
  deployment.tmpfs = {{"/scratch", 1 << 20, 0700, true, true, false}};
  json mount = MountAt(ConfigOf(deployment), "/scratch");
  EXPECT_EQ(mount["type"], "tmpfs");
  EXPECT_EQ(mount["options"], json({"nosuid", "noexec", "mode=700", "size=1048576"}));
}

TEST(BundleConfig, BindMountsKeepTheirSourceAndReadOnlyFlag) {
  Deployment deployment = HardenedDeployment();
  deployment.binds = {{"/srv/repo", "/workspace/repo", true}, {"/srv/out", "/out", false}};
  json config = ConfigOf(deployment);
  json repo = MountAt(config, "/workspace/repo");
  EXPECT_EQ(repo["source"], "/srv/repo");
  EXPECT_EQ(repo["options"], json({"rbind", "rprivate", "ro"}));
  EXPECT_EQ(MountAt(config, "/out")["options"], json({"rbind", "rprivate"}));
}

TEST(BundleConfig, RelativeBindSourceIsRejected) {
  Deployment deployment = HardenedDeployment();
  deployment.binds = {{"relative/dir", "/x", false}};
  auto config = BundleConfig(deployment, kInputs);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.message(), HasSubstr("relative/dir"));
}

TEST(BundleConfig, NamedVolumesAreBindsFromTheStateDirectory) {
  Deployment deployment = HardenedDeployment();
  deployment.volumes = {{"agent-home", "/home/agent"}};
  json mount = MountAt(ConfigOf(deployment), "/home/agent");
  EXPECT_EQ(mount["source"], "/state/volumes/agent-home");
  EXPECT_EQ(mount["type"], "bind");
}

TEST(BundleConfig, VolumeNamesCannotEscapeTheVolumesDirectory) {
  Deployment deployment = HardenedDeployment();
  deployment.volumes = {{"../etc", "/x"}};
  EXPECT_FALSE(BundleConfig(deployment, kInputs).ok());
}

TEST(BundleConfig, NetworkNoneGetsItsOwnNetworkNamespace) {
  EXPECT_THAT(NamespaceTypes(ConfigOf(HardenedDeployment())),
              ElementsAre("pid", "ipc", "uts", "mount", "network"));
}

TEST(BundleConfig, NetworkHostHasNoNetworkNamespace) {
  Deployment deployment = HardenedDeployment();
  deployment.network = NetworkMode::kHost;
  EXPECT_THAT(NamespaceTypes(ConfigOf(deployment)), ElementsAre("pid", "ipc", "uts", "mount"));
}

TEST(BundleConfig, NetworkWorldJoinsTheSandboxsWorldNamespace) {
  Deployment deployment = HardenedDeployment();
  deployment.network = NetworkMode::kWorld;
  auto without = BundleConfig(deployment, kInputs);
  ASSERT_FALSE(without.ok());
  EXPECT_THAT(without.message(), HasSubstr("world"));
  BundleConfigInputs inputs = kInputs;
  inputs.world_namespace = "/run/netns/sc-0a1b2c3d-sbx-1";
  auto config = BundleConfig(deployment, inputs);
  ASSERT_TRUE(config.ok()) << config.message();
  EXPECT_THAT((*config)["linux"]["namespaces"],
              Contains(json{{"type", "network"}, {"path", "/run/netns/sc-0a1b2c3d-sbx-1"}}));
}

TEST(BundleConfig, LimitsBecomeCgroupResources) {
  json resources = ConfigOf(HardenedDeployment())["linux"]["resources"];
  EXPECT_EQ(resources["memory"]["limit"], 256ull << 20);
  EXPECT_EQ(resources["pids"]["limit"], 128);
  EXPECT_EQ(resources["cpu"]["quota"], 50000);
  EXPECT_EQ(resources["cpu"]["period"], 100000);
  EXPECT_EQ(resources["devices"], json::parse(R"([{"allow": false, "access": "rwm"}])"));
}

TEST(BundleConfig, NoLimitsNoResourceEntries) {
  Deployment deployment = HardenedDeployment();
  deployment.limits = {};
  json resources = ConfigOf(deployment)["linux"]["resources"];
  EXPECT_FALSE(resources.contains("memory"));
  EXPECT_FALSE(resources.contains("pids"));
  EXPECT_FALSE(resources.contains("cpu"));
}

TEST(BundleConfig, CgroupsPathCarriesTheContainerIdAndSoTheRunId) {
  EXPECT_EQ(ConfigOf(HardenedDeployment())["linux"]["cgroupsPath"], "/sandcheck/sc-0a1b2c3d-sbx-1");
}

TEST(BundleConfig, MasksKernelInterfacesLikeRunc) {
  json linux_section = ConfigOf(HardenedDeployment())["linux"];
  EXPECT_THAT(linux_section["maskedPaths"], Contains("/proc/kcore"));
  EXPECT_THAT(linux_section["maskedPaths"], Contains("/sys/firmware"));
  EXPECT_THAT(linux_section["readonlyPaths"], Contains("/proc/sys"));
  EXPECT_THAT(linux_section["readonlyPaths"], Contains("/proc/sysrq-trigger"));
}

TEST(BundleConfig, RuntimeDefaultSeccompIsTheDefaultProfile) {
  EXPECT_EQ(ConfigOf(HardenedDeployment())["linux"]["seccomp"]["defaultAction"], "SCMP_ACT_ALLOW");
}

TEST(BundleConfig, UnconfinedHasNoSeccompSection) {
  Deployment deployment = HardenedDeployment();
  deployment.seccomp = SeccompMode::kUnconfined;
  EXPECT_FALSE(ConfigOf(deployment)["linux"].contains("seccomp"));
}

TEST(BundleConfig, SeccompProfileIsLoadedFromTheDeploymentsFile) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-seccomp-"));
  auto path = dir.path() / "profile.json";
  ASSERT_OK(WriteFile(path, R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []})", 0644));
  Deployment deployment = HardenedDeployment();
  deployment.seccomp = SeccompMode::kProfile;
  deployment.seccomp_profile = path;
  EXPECT_EQ(ConfigOf(deployment)["linux"]["seccomp"]["defaultAction"], "SCMP_ACT_ERRNO");
}

TEST(BundleConfig, BrokenSeccompProfileIsAnErrorNamingTheFile) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-seccomp-"));
  auto path = dir.path() / "broken.json";
  ASSERT_OK(WriteFile(path, "{not json", 0644));
  Deployment deployment = HardenedDeployment();
  deployment.seccomp = SeccompMode::kProfile;
  deployment.seccomp_profile = path;
  auto config = BundleConfig(deployment, kInputs);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.message(), HasSubstr(path.string()));
}

TEST(ProcessConfig, ExecProcessCarriesTheSandboxSecuritySettings) {
  Deployment deployment = HardenedDeployment();
  json process = ProcessConfig(deployment, {"id", "-u"}, {0, 0, {}}, {{"PROBE_MODE", "quick"}});
  EXPECT_EQ(process["args"], json({"id", "-u"}));
  EXPECT_EQ(process["user"], json({{"uid", 0}, {"gid", 0}}));
  EXPECT_EQ(process["noNewPrivileges"], true);
  EXPECT_THAT(process["capabilities"]["bounding"], IsEmpty());
  EXPECT_THAT(process["env"], Contains("PROBE_MODE=quick"));
  EXPECT_THAT(process["env"], Contains("HOME=/root"));
}

}  // namespace
}  // namespace sandcheck
