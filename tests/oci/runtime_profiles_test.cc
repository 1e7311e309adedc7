#include "clusters/oci/runtime_profiles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "clusters/oci/runtime_cli.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const RuntimeProfile& Profile(RuntimeKind kind) {
  const RuntimeProfile* profile = FindRuntimeProfile(kind);
  EXPECT_NE(profile, nullptr);
  return *profile;
}

TEST(RuntimeProfiles, CoverRuncCrunAndRunscButNotKata) {
  ASSERT_EQ(RuntimeProfiles().size(), 3u);
  EXPECT_EQ(Profile(RuntimeKind::kRunc).binary, "runc");
  EXPECT_EQ(Profile(RuntimeKind::kCrun).binary, "crun");
  EXPECT_EQ(Profile(RuntimeKind::kRunsc).binary, "runsc");
  EXPECT_EQ(FindRuntimeProfile(RuntimeKind::kKata), nullptr);
}

TEST(RuntimeProfiles, OnlyRunscHasASandboxKernel) {
  EXPECT_TRUE(
      Profile(RuntimeKind::kRunsc).capabilities.at(CapabilityKind::kSandboxKernel).available);
  EXPECT_THAT(Profile(RuntimeKind::kRunsc).capabilities.at(CapabilityKind::kSandboxKernel).reason,
              HasSubstr("gVisor"));
  EXPECT_FALSE(
      Profile(RuntimeKind::kRunc).capabilities.at(CapabilityKind::kSandboxKernel).available);
  EXPECT_FALSE(
      Profile(RuntimeKind::kCrun).capabilities.at(CapabilityKind::kSandboxKernel).available);
}

TEST(RuntimeProfiles, EveryProfileStatesTheSameCapabilities) {
  for (const auto& profile : RuntimeProfiles()) {
    std::vector<std::string> names;
    for (const auto& [kind, capability] : profile.capabilities) {
      names.push_back(std::string(ToString(kind)));
      EXPECT_FALSE(capability.reason.empty()) << profile.binary << " " << ToString(kind);
    }
    std::sort(names.begin(), names.end());
    EXPECT_THAT(names, ElementsAre("cgroup-limits", "egress-proxy", "mount-flags", "overlay-rootfs",
                                   "own-tmpfs", "sandbox-kernel", "seccomp", "seccomp-exec",
                                   "world-network"));
  }
}

TEST(RuntimeProfiles, RunscDoesNotFilterExecdProcesses) {
  EXPECT_FALSE(
      Profile(RuntimeKind::kRunsc).capabilities.at(CapabilityKind::kSeccompExec).available);
  EXPECT_TRUE(Profile(RuntimeKind::kRunc).capabilities.at(CapabilityKind::kSeccompExec).available);
  EXPECT_TRUE(Profile(RuntimeKind::kCrun).capabilities.at(CapabilityKind::kSeccompExec).available);
}

TEST(RuntimeProfiles, RunscIsSlowerAndEnforcesSeccompInTheSentry) {
  const auto& runsc = Profile(RuntimeKind::kRunsc);
  EXPECT_GT(runsc.timeout_scale, 1.0);
  EXPECT_THAT(runsc.global_args, ::testing::Contains("--oci-seccomp"));
  EXPECT_THAT(runsc.global_args, ::testing::Contains("--platform=ptrace"));
}

// runsc's own netstack refuses a namespace given by path; in its host mode the Sentry uses the
// world namespace's stack.
TEST(RuntimeProfiles, RunscJoinsTheWorldInItsHostNetworkMode) {
  const auto& runsc = Profile(RuntimeKind::kRunsc);
  EXPECT_THAT(runsc.network_args.at(NetworkMode::kWorld), ElementsAre("--network=host"));
  EXPECT_TRUE(runsc.capabilities.at(CapabilityKind::kWorldNetwork).available);
  RuntimeCli world = RuntimeCli(runsc, "/r", "/w", false, {}).ForNetwork(NetworkMode::kWorld);
  EXPECT_THAT(world.Argv({"start", "sbx"}), ::testing::Contains("--network=host"));
  EXPECT_TRUE(Profile(RuntimeKind::kRunc).network_args.empty());
}

TEST(RuntimeProfiles, OnlyCrunNeedsTheHybridCgroupWrapper) {
  EXPECT_THAT(Profile(RuntimeKind::kRunc).hybrid_cgroup_wrapper, IsEmpty());
  EXPECT_THAT(Profile(RuntimeKind::kRunsc).hybrid_cgroup_wrapper, IsEmpty());
  EXPECT_THAT(Profile(RuntimeKind::kCrun).hybrid_cgroup_wrapper,
              ::testing::Contains(HasSubstr("hugetlb")));
}

TEST(CapabilitiesOf, UnavailableRuntimeSaysWhyForEveryCapability) {
  auto caps = CapabilitiesOf(Profile(RuntimeKind::kRunsc), {false, "", "runsc not found in PATH"});
  for (const auto& [kind, capability] : caps.capabilities) {
    EXPECT_FALSE(capability.available) << ToString(kind);
    EXPECT_THAT(capability.reason, HasSubstr("runsc not found in PATH"));
  }
  EXPECT_FALSE(caps.Has(CapabilityKind::kSandboxKernel));
}

TEST(CapabilitiesOf, AvailableRuntimeReportsItsVersion) {
  auto caps = CapabilitiesOf(Profile(RuntimeKind::kRunsc), {true, "runsc version 1", ""});
  EXPECT_EQ(caps.runtime_version, "runsc version 1");
  EXPECT_TRUE(caps.Has(CapabilityKind::kSandboxKernel));
}

TEST(RuntimeCli, ExpandsTheRootAndWrapsOnlyWhenAsked) {
  const auto& crun = Profile(RuntimeKind::kCrun);
  RuntimeCli plain(crun, "/state/runtime/crun", "/state/cgroup-mounts/crun", false, {});
  EXPECT_THAT(plain.Argv({"list"}), ElementsAre("crun", "--root", "/state/runtime/crun", "list"));
  RuntimeCli wrapped(crun, "/state/runtime/crun", "/state/cgroup-mounts/crun", true, {});
  auto argv = wrapped.Argv({"list"});
  EXPECT_EQ(argv.front(), "unshare");
  EXPECT_THAT(argv, ::testing::Contains("/state/cgroup-mounts/crun"));
  EXPECT_THAT(std::vector<std::string>(argv.end() - 4, argv.end()),
              ElementsAre("crun", "--root", "/state/runtime/crun", "list"));
}

TEST(RuntimeCli, ScalesTimeoutsByTheProfile) {
  Timeouts timeouts;
  RuntimeCli runsc(Profile(RuntimeKind::kRunsc), "/r", "/w", false, timeouts);
  EXPECT_EQ(runsc.timeouts().runtime_command, timeouts.Scaled(3.0).runtime_command);
}

TEST(RuntimeCli, ExecUsesAProcessFile) {
  RuntimeCli runc(Profile(RuntimeKind::kRunc), "/r", "/w", false, {});
  auto spec = runc.ExecSpec("sc-0a1b2c3d-sbx-1", "/b/exec-1.json", std::chrono::seconds(5), "in");
  EXPECT_THAT(spec.argv, ElementsAre("runc", "--root", "/r", "exec", "--process", "/b/exec-1.json",
                                     "sc-0a1b2c3d-sbx-1"));
  EXPECT_EQ(spec.stdin_data, "in");
  EXPECT_EQ(spec.timeout, std::chrono::seconds(5));
}

TEST(ParseContainerList, EmptyListsAreNullOrEmptyArrays) {
  auto from_null = ParseContainerList("null\n");
  ASSERT_TRUE(from_null.ok()) << from_null.message();
  EXPECT_THAT(*from_null, IsEmpty());
  auto from_array = ParseContainerList("[\n\n]\n");
  ASSERT_TRUE(from_array.ok()) << from_array.message();
  EXPECT_THAT(*from_array, IsEmpty());
}

TEST(ParseContainerList, ReadsIdPidStatusAndBundle) {
  auto listed = ParseContainerList(
      R"([{"ociVersion":"1.0.2-dev","id":"sc-0a1b2c3d-sbx-1","pid":6427,"status":"running",)"
      R"("bundle":"/state/run/0a1b2c3d/sc-0a1b2c3d-sbx-1","owner":"root"}])");
  ASSERT_TRUE(listed.ok()) << listed.message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, "sc-0a1b2c3d-sbx-1");
  EXPECT_EQ((*listed)[0].pid, 6427);
  EXPECT_EQ((*listed)[0].status, "running");
  EXPECT_EQ((*listed)[0].bundle, "/state/run/0a1b2c3d/sc-0a1b2c3d-sbx-1");
}

TEST(ParseContainerList, TableOutputIsAnError) {
  EXPECT_FALSE(ParseContainerList("ID   PID   STATUS\n").ok());
}

}  // namespace
}  // namespace sandcheck
