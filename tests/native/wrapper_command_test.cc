// The command line a native exec runs, read without running it.
#include "clusters/native/wrapper_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "clusters/substrate.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

WrapperInvocation Invocation() {
  return {.netns = "sc-run-net",
          .host_environment = {"GH_TOKEN=ghp_canary", "PATH=/usr/bin"},
          .home = "/state/hosts/h/home/developer",
          .probe = "/state/native/run/sandcheck-probe",
          .srt = {"node", "/opt/srt/cli.js"}};
}

Deployment Bwrap() {
  Deployment deployment;
  deployment.substrate = SubstrateKind::kNative;
  deployment.runtime = RuntimeKind::kBwrap;
  deployment.user = {1000, 1000, {}};
  deployment.wrapper.args = {"--unshare-all", "--remount-ro", "/"};
  return deployment;
}

// The index of `value` in `argv`, or argv.size().
size_t IndexOf(const std::vector<std::string>& argv, const std::string& value) {
  return std::find(argv.begin(), argv.end(), value) - argv.begin();
}

TEST(WrappedArgv, EntersTheNamespaceAsTheHostUserWithItsEnvironment) {
  auto argv = WrappedArgv(Bwrap(), Invocation(), {}, {"/bin/true"});
  ASSERT_GE(argv.size(), 12u);
  EXPECT_THAT(std::vector(argv.begin(), argv.begin() + 10),
              ElementsAre("ip", "netns", "exec", "sc-run-net", "setpriv", "--reuid=1000",
                          "--regid=1000", "--clear-groups", "env", "-i"));
  EXPECT_THAT(argv, Contains("GH_TOKEN=ghp_canary"));
  EXPECT_THAT(argv, Contains("HOME=/state/hosts/h/home/developer"));
  EXPECT_EQ(argv.back(), "/bin/true");
}

TEST(WrappedArgv, BindsTheProbeAfterTheLinesMountsButBeforeTheRootGoesReadOnly) {
  auto argv = WrappedArgv(Bwrap(), Invocation(), {}, {std::string(kProbePathInSandbox), "batch"});
  size_t bind = IndexOf(argv, "--ro-bind");
  ASSERT_LT(bind + 2, argv.size());
  EXPECT_EQ(argv[bind + 1], "/state/native/run/sandcheck-probe");
  EXPECT_GT(bind, IndexOf(argv, "--unshare-all"));
  EXPECT_EQ(bind + 3, IndexOf(argv, "--remount-ro"));
  EXPECT_EQ(argv[argv.size() - 2], "/state/native/run/sandcheck-probe");
  EXPECT_THAT(argv, Not(Contains(std::string(kProbePathInSandbox))));
}

TEST(WrappedArgv, BwrapGetsTheDeclaredEnvironmentAfterTheLineSoClearenvCannotDropIt) {
  auto argv = WrappedArgv(Bwrap(), Invocation(), {{"SANDCHECK_MARK", "m1"}}, {"/bin/true"});
  size_t setenv = IndexOf(argv, "--setenv");
  ASSERT_LT(setenv + 2, argv.size());
  EXPECT_GT(setenv, IndexOf(argv, "--unshare-all"));
  EXPECT_EQ(argv[setenv + 1], "SANDCHECK_MARK");
  EXPECT_EQ(argv[setenv + 2], "m1");
  EXPECT_EQ(IndexOf(argv, "--"), setenv + 3);  // the last bwrap argument before the command
}

TEST(WrappedArgv, SrtTakesItsSettingsAndInheritsTheDeclaredEnvironment) {
  Deployment deployment = Bwrap();
  deployment.runtime = RuntimeKind::kSrt;
  deployment.wrapper.args.clear();
  deployment.wrapper.settings = "/fixtures/srt.json";
  auto argv = WrappedArgv(deployment, Invocation(), {{"SANDCHECK_MARK", "m1"}}, {"/bin/true"});
  size_t node = IndexOf(argv, "node");
  ASSERT_LT(node + 5, argv.size());
  EXPECT_THAT(std::vector(argv.begin() + node, argv.end()),
              ElementsAre("node", "/opt/srt/cli.js", "--settings", "/fixtures/srt.json", "--",
                          "/bin/true"));
  EXPECT_LT(IndexOf(argv, "SANDCHECK_MARK=m1"), node);
  EXPECT_THAT(argv, Not(Contains("bwrap")));
}

TEST(WrappedArgv, SrtWithoutSettingsRunsItsBuiltInDefaults) {
  Deployment deployment = Bwrap();
  deployment.runtime = RuntimeKind::kSrt;
  auto argv = WrappedArgv(deployment, Invocation(), {}, {"/bin/true"});
  EXPECT_THAT(argv, Not(Contains("--settings")));
  EXPECT_EQ(argv[argv.size() - 2], "--");
}

}  // namespace
}  // namespace sandcheck
