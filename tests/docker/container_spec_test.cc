// The container-create body, one mapping at a time (no engine needed).
#include "clusters/docker/container_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/docker/docker_runtimes.h"
#include "clusters/docker/docker_sandbox.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

ContainerSpecInputs Inputs() {
  return {"sha256:abc",
          "0a1b2c3d",
          "/var/lib/sandcheck",
          "runc",
          {{"claude-home", "sc-0a1b2c3d-vol-claude-home"}}};
}

Deployment Docker() {
  Deployment deployment = HardenedDeployment();
  deployment.substrate = SubstrateKind::kDocker;
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  deployment.binds = {{"/srv/work", "/workspace", true}};
  return deployment;
}

TEST(ContainerSpecTest, MapsTheHardenedFlags) {
  ASSERT_OK_AND_ASSIGN(json spec, ContainerSpec(Docker(), Inputs()));
  const json& host = spec["HostConfig"];
  EXPECT_EQ(spec["User"], "1000:1000");
  EXPECT_EQ(spec["Image"], "sha256:abc");
  EXPECT_EQ(spec["Labels"]["io.sandcheck.run"], "0a1b2c3d");
  EXPECT_EQ(spec["Labels"]["io.sandcheck.state"], "/var/lib/sandcheck");
  EXPECT_EQ(host["ReadonlyRootfs"], true);
  EXPECT_EQ(host["CapDrop"], json::array({"ALL"}));
  EXPECT_THAT(host["SecurityOpt"], Contains("no-new-privileges:true"));
  EXPECT_EQ(host["NetworkMode"], "none");
  EXPECT_EQ(host["Runtime"], "runc");
  EXPECT_EQ(host["Memory"], 256ull << 20);
  EXPECT_EQ(host["MemorySwap"], 256ull << 20);
  EXPECT_EQ(host["PidsLimit"], 128);
  EXPECT_EQ(host["NanoCpus"], 500000000);
  EXPECT_EQ(host["Tmpfs"]["/tmp"], "rw,noexec,nosuid,nodev,mode=1777,size=16777216");
  EXPECT_EQ(host["Privileged"], false);
  EXPECT_EQ(host["PidMode"], "");
  EXPECT_EQ(spec["Cmd"], json::array({"/usr/local/bin/sandcheck-probe", "init"}));
}

TEST(ContainerSpecTest, MapsVolumesAndBinds) {
  ASSERT_OK_AND_ASSIGN(json spec, ContainerSpec(Docker(), Inputs()));
  const json& mounts = spec["HostConfig"]["Mounts"];
  ASSERT_EQ(mounts.size(), 2u);
  EXPECT_EQ(mounts[0]["Type"], "bind");
  EXPECT_EQ(mounts[0]["Source"], "/srv/work");
  EXPECT_EQ(mounts[0]["ReadOnly"], true);
  EXPECT_EQ(mounts[1]["Type"], "volume");
  EXPECT_EQ(mounts[1]["Source"], "sc-0a1b2c3d-vol-claude-home");
  EXPECT_EQ(mounts[1]["Target"], "/home/agent/.claude");
}

TEST(ContainerSpecTest, NegativeControlsReachTheEngine) {
  Deployment loose = Docker();
  loose.privileged = true;
  loose.host_pid = true;
  loose.no_new_privileges = false;
  loose.seccomp = SeccompMode::kUnconfined;
  loose.network = NetworkMode::kHost;
  loose.capabilities_add = {"CAP_SYS_ADMIN"};
  ASSERT_OK_AND_ASSIGN(json spec, ContainerSpec(loose, Inputs()));
  const json& host = spec["HostConfig"];
  EXPECT_EQ(host["Privileged"], true);
  EXPECT_EQ(host["PidMode"], "host");
  EXPECT_EQ(host["NetworkMode"], "host");
  EXPECT_EQ(host["CapAdd"], json::array({"CAP_SYS_ADMIN"}));
  EXPECT_THAT(host["SecurityOpt"], ElementsAre("seccomp=unconfined"));
}

TEST(ContainerSpecTest, TmpfsSpellsOutEveryFlag) {
  EXPECT_EQ(TmpfsOptions({"/tmp", 0, 0755, false, false, false}), "rw,exec,suid,dev,mode=755");
}

TEST(ContainerSpecTest, AWorldSandboxStartsInAnEmptyNamespaceOfItsOwn) {
  Deployment world = Docker();
  world.network = NetworkMode::kWorld;
  ASSERT_OK_AND_ASSIGN(json spec, ContainerSpec(world, Inputs()));
  EXPECT_EQ(spec["HostConfig"]["NetworkMode"], "none");
}

TEST(ContainerSpecTest, RefusesWhatItCannotExpress) {
  Deployment relative = Docker();
  relative.binds = {{"relative/dir", "/x", false}};
  EXPECT_FALSE(ContainerSpec(relative, Inputs()).ok());
  ContainerSpecInputs no_volume = Inputs();
  no_volume.volume_names.clear();
  EXPECT_FALSE(ContainerSpec(Docker(), no_volume).ok());
}

TEST(ContainerSpecTest, HandedOverCredentialsGoToTheEntrypointOnly) {
  Deployment handed_over = Docker();
  handed_over.env["CLAUDE_CODE_OAUTH_TOKEN"] = "canary";
  handed_over.env_unset_before_exec = {"CLAUDE_CODE_OAUTH_TOKEN"};
  ASSERT_OK_AND_ASSIGN(json spec, ContainerSpec(handed_over, Inputs()));
  EXPECT_THAT(spec["Cmd"], ElementsAre(std::string(kProbePathInSandbox), "init", "--unset",
                                       "CLAUDE_CODE_OAUTH_TOKEN"));
  EXPECT_THAT(spec["Env"], Contains("CLAUDE_CODE_OAUTH_TOKEN=canary"));
  // The substrate reads the ready line from the init's log.
  EXPECT_EQ(spec["HostConfig"]["LogConfig"]["Type"], "json-file");
  EXPECT_THAT(
      AsTheAgent(handed_over, {"/bin/true"}),
      ElementsAre("/bin/busybox", "env", "-u", "CLAUDE_CODE_OAUTH_TOKEN", "--", "/bin/true"));
  EXPECT_THAT(AsTheAgent(Docker(), {"/bin/true"}), ElementsAre("/bin/true"));
}

TEST(DockerRuntimesTest, RunscNeedsOneEngineRuntimePerNetworkMode) {
  const DockerRuntimeProfile* runsc = FindDockerRuntimeProfile(RuntimeKind::kRunsc);
  ASSERT_NE(runsc, nullptr);
  EXPECT_EQ(runsc->engine_runtime.at(NetworkMode::kNone), "runsc");
  EXPECT_NE(runsc->engine_runtime.at(NetworkMode::kHost), "runsc");
  // The world's interface arrives after start: only the namespace's own stack sees it.
  EXPECT_EQ(runsc->engine_runtime.at(NetworkMode::kWorld),
            runsc->engine_runtime.at(NetworkMode::kHost));
  EXPECT_EQ(FindDockerRuntimeProfile(RuntimeKind::kCrun), nullptr);
}

TEST(StdinWrapperTest, PipesStdinThroughAVariable) {
  ASSERT_OK_AND_ASSIGN(auto wrapped, WithStdin({"/bin/cat"}, "hi"));
  EXPECT_EQ(wrapped.first.front(), "/bin/sh");
  EXPECT_EQ(wrapped.first.back(), "/bin/cat");
  EXPECT_EQ(wrapped.second.at(std::string(kStdinVariable)), "hi");
  ASSERT_OK_AND_ASSIGN(auto plain, WithStdin({"/bin/cat"}, ""));
  EXPECT_THAT(plain.first, ElementsAre("/bin/cat"));
  EXPECT_FALSE(WithStdin({"/bin/cat"}, std::string("a\0b", 3)).ok());
  EXPECT_FALSE(WithStdin({"/bin/cat"}, std::string(kMaxStdinBytes + 1, 'x')).ok());
}

}  // namespace
}  // namespace sandcheck
